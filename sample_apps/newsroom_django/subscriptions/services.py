import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.notifiers import SubscriptionStatusNotifier

from .billing import StripeGateway, from_unix
from .models import Plan, Subscription
from .selectors import due_for_expiry

logger = logging.getLogger(__name__)


def _set_status(subscription: Subscription, status: str, **fields) -> Subscription:
    subscription.status = status
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.save()
    SubscriptionStatusNotifier(subscription).send()
    return subscription


def start_checkout(user, plan: Plan, build_absolute_uri) -> str:
    """Create a pending subscription and return the Stripe Checkout URL to redirect to."""
    subscription = Subscription.objects.create(user=user, plan=plan)
    gateway = StripeGateway()
    session = gateway.create_checkout_session(
        customer_email=user.email,
        price_id=plan.stripe_price_id,
        reference=str(subscription.pk),
        success_url=build_absolute_uri(reverse("accounts:profile")),
        cancel_url=build_absolute_uri(reverse("subscriptions:plans")),
    )
    Subscription.objects.filter(pk=subscription.pk).update(stripe_checkout_id=session.id)
    return session.url


def cancel(subscription: Subscription, gateway: StripeGateway | None = None) -> Subscription:
    gateway = gateway or StripeGateway()
    if subscription.stripe_subscription_id:
        gateway.cancel_at_period_end(subscription.stripe_subscription_id)
    return _set_status(
        subscription,
        Subscription.Status.CANCELED,
        canceled_at=timezone.now(),
        cancel_at_period_end=True,
    )


def _on_checkout_completed(payload: dict) -> None:
    subscription = Subscription.objects.filter(pk=payload.get("client_reference_id")).first()
    if subscription is None:
        logger.warning("checkout for unknown subscription %s", payload.get("client_reference_id"))
        return
    _set_status(
        subscription,
        Subscription.Status.ACTIVE,
        stripe_subscription_id=payload.get("subscription", ""),
        started_at=timezone.now(),
    )


def _on_invoice_paid(payload: dict) -> None:
    period_end = from_unix(payload["lines"]["data"][0]["period"]["end"])
    Subscription.objects.filter(stripe_subscription_id=payload["subscription"]).update(
        status=Subscription.Status.ACTIVE, current_period_end=period_end
    )


def _on_payment_failed(payload: dict) -> None:
    for subscription in Subscription.objects.filter(stripe_subscription_id=payload["subscription"]):
        _set_status(subscription, Subscription.Status.PAST_DUE)


def _on_subscription_deleted(payload: dict) -> None:
    for subscription in Subscription.objects.filter(stripe_subscription_id=payload["id"]):
        _set_status(subscription, Subscription.Status.EXPIRED, current_period_end=from_unix(payload.get("ended_at")))


_EVENT_HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_payment_failed,
    "customer.subscription.deleted": _on_subscription_deleted,
}


@transaction.atomic
def handle_stripe_event(event) -> bool:
    handler = _EVENT_HANDLERS.get(event["type"])
    if handler is None:
        return False
    handler(event["data"]["object"])
    return True


def expire_due_subscriptions(grace_days: int) -> int:
    expired = 0
    for subscription in due_for_expiry(grace_days):
        _set_status(subscription, Subscription.Status.EXPIRED)
        expired += 1
    return expired
