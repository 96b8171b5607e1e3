"""Payment provider clients behind one small interface."""
import hashlib
import hmac
import json
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass

import requests
from flask import current_app


class PaymentError(Exception):
    pass


@dataclass(frozen=True)
class ChargeResult:
    ok: bool
    reference: str
    status: str
    failure_reason: str | None = None


class PaymentGateway(ABC):
    name = "base"
    base_url = ""

    def __init__(self, api_key: str, timeout: float = 10.0):
        self.api_key = api_key
        self.timeout = timeout
        self._http = requests.Session()

    @abstractmethod
    def charge(self, amount_cents: int, currency: str, token: str, idempotency_key: str) -> ChargeResult:
        ...

    @abstractmethod
    def refund(self, reference: str, amount_cents: int) -> ChargeResult:
        ...

    @abstractmethod
    def retrieve(self, reference: str) -> ChargeResult:
        ...

    @abstractmethod
    def verify_webhook(self, payload: bytes, signature: str, secret: str) -> dict:
        ...

    def _request(self, method: str, path: str, data: dict | None = None,
                 idempotency_key: str | None = None) -> dict:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        resp = self._http.request(
            method,
            f"{self.base_url}{path}",
            data=data,
            auth=(self.api_key, ""),
            headers=headers,
            timeout=self.timeout,
        )
        if resp.status_code >= 500:
            raise PaymentError(f"{self.name} returned {resp.status_code}")
        return resp.json()


class StripeGateway(PaymentGateway):
    name = "stripe"
    base_url = "https://api.stripe.com/v1"

    def charge(self, amount_cents, currency, token, idempotency_key):
        body = self._request(
            "POST",
            "/payment_intents",
            {
                "amount": amount_cents,
                "currency": currency.lower(),
                "payment_method": token,
                "confirm": "true",
            },
            idempotency_key=idempotency_key,
        )
        return self._to_result(body)

    def refund(self, reference, amount_cents):
        body = self._request("POST", "/refunds", {"payment_intent": reference, "amount": amount_cents})
        return ChargeResult(ok="error" not in body, reference=reference, status=body.get("status", "failed"))

    def retrieve(self, reference):
        return self._to_result(self._request("GET", f"/payment_intents/{reference}"))

    def verify_webhook(self, payload, signature, secret):
        parts = dict(item.split("=", 1) for item in signature.split(",") if "=" in item)
        timestamp = int(parts.get("t", "0"))
        signed = f"{timestamp}.".encode() + payload
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts.get("v1", "")):
            raise PaymentError("Bad webhook signature")
        return json.loads(payload)

    @staticmethod
    def _to_result(body: dict) -> ChargeResult:
        if "error" in body:
            err = body["error"]
            return ChargeResult(False, err.get("payment_intent", {}).get("id", ""), "failed",
                                err.get("message"))
        return ChargeResult(True, body["id"], body["status"])


class FakeGateway(PaymentGateway):
    """Accepts every token except those starting with ``fail``; for development and tests."""

    name = "fake"

    def __init__(self):
        super().__init__(api_key="fake")

    def charge(self, amount_cents, currency, token, idempotency_key):
        reference = f"fake_{uuid.uuid5(uuid.NAMESPACE_URL, idempotency_key).hex[:16]}"
        if token.startswith("fail"):
            return ChargeResult(False, reference, "failed", "Card declined")
        return ChargeResult(True, reference, "succeeded")

    def refund(self, reference, amount_cents):
        return ChargeResult(True, reference, "succeeded")

    def retrieve(self, reference):
        return ChargeResult(True, reference, "succeeded")

    def verify_webhook(self, payload, signature, secret):
        return json.loads(payload)


def get_gateway() -> PaymentGateway:
    provider = current_app.config["PAYMENT_PROVIDER"]
    if provider == "stripe":
        return StripeGateway(current_app.config["STRIPE_API_KEY"])
    if provider == "fake":
        return FakeGateway()
    raise RuntimeError(f"Unknown PAYMENT_PROVIDER {provider!r}")
