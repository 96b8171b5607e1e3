"""Thin wrapper around the Stripe SDK so the rest of the app never imports stripe directly."""
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

import stripe
from django.conf import settings


class BillingError(Exception):
    pass


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


class StripeGateway:
    def __init__(self, api_key: str | None = None, webhook_secret: str | None = None):
        self.api_key = api_key or settings.STRIPE_SECRET_KEY
        self.webhook_secret = webhook_secret or settings.STRIPE_WEBHOOK_SECRET

    def create_checkout_session(self, *, customer_email, price_id, reference, success_url, cancel_url):
        try:
            session = stripe.checkout.Session.create(
                api_key=self.api_key,
                mode="subscription",
                customer_email=customer_email,
                client_reference_id=reference,
                line_items=[{"price": price_id, "quantity": 1}],
                success_url=success_url,
                cancel_url=cancel_url,
            )
        except stripe.error.StripeError as exc:
            raise BillingError(str(exc)) from exc
        return CheckoutSession(id=session["id"], url=session["url"])

    def cancel_at_period_end(self, stripe_subscription_id: str) -> None:
        try:
            stripe.Subscription.modify(stripe_subscription_id, cancel_at_period_end=True, api_key=self.api_key)
        except stripe.error.StripeError as exc:
            raise BillingError(str(exc)) from exc

    def parse_event(self, payload: bytes, signature: str):
        try:
            return stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (ValueError, stripe.error.SignatureVerificationError) as exc:
            raise BillingError("Invalid webhook payload") from exc


def from_unix(ts) -> datetime | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(int(ts), tz=dt_timezone.utc)
