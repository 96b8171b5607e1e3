"""Charging orders, applying provider events and refunds.

Payments live in their own table but drive the order's status: a successful charge marks
the order paid, a full refund marks it refunded.
"""
from datetime import timedelta

from flask import current_app

from ..common import BaseService, Conflict, record_audit
from ..extensions import db
from ..models import Order, Payment, User, utcnow
from .gateway import ChargeResult, PaymentGateway, get_gateway


class PaymentService(BaseService):
    def __init__(self, gateway: PaymentGateway | None = None):
        self.gateway = gateway or get_gateway()

    def pay_order(self, order: Order, token: str) -> Payment:
        if order.status != Order.STATUS_PENDING:
            raise Conflict(f"Order {order.number} is {order.status}")
        payment = Payment(
            order_id=order.id,
            provider=self.gateway.name,
            amount_cents=order.total_cents,
            status="pending",
        )
        db.session.add(payment)
        db.session.flush()
        result = self.gateway.charge(
            order.total_cents,
            current_app.config["CURRENCY"],
            token,
            idempotency_key=f"order-{order.id}-payment-{payment.id}",
        )
        self._apply_result(payment, order, result)
        self.commit()
        return payment

    def handle_event(self, payload: bytes, signature: str) -> bool:
        event = self.gateway.verify_webhook(
            payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"]
        )
        obj = event.get("data", {}).get("object", {})
        payment = Payment.query.filter_by(provider_ref=obj.get("id")).first()
        if payment is None:
            return False
        order = self.get_or_404(Order, payment.order_id)
        kind = event.get("type")
        if kind == "payment_intent.succeeded":
            self._apply_result(payment, order, ChargeResult(True, obj["id"], "succeeded"))
        elif kind == "payment_intent.payment_failed":
            reason = (obj.get("last_payment_error") or {}).get("message", "failed")
            self._apply_result(payment, order, ChargeResult(False, obj["id"], "failed", reason))
        else:
            return False
        self.commit()
        return True

    def refund(self, payment_id: int, amount_cents: int | None, actor: User) -> Payment:
        payment = self.get_or_404(Payment, payment_id)
        if payment.status not in ("succeeded", "partially_refunded"):
            raise Conflict("Only settled payments can be refunded")
        remaining = payment.amount_cents - payment.refunded_cents
        amount = remaining if amount_cents is None else amount_cents
        if not 0 < amount <= remaining:
            raise Conflict("Refund amount out of range", remaining_cents=remaining)
        result = self.gateway.refund(payment.provider_ref, amount)
        if not result.ok:
            raise Conflict("The provider rejected the refund")
        payment.refunded_cents += amount
        fully = payment.refunded_cents == payment.amount_cents
        payment.status = "refunded" if fully else "partially_refunded"
        if fully:
            Order.query.filter_by(id=payment.order_id).update({"status": Order.STATUS_REFUNDED})
        record_audit(actor, "payment.refund", f"payment:{payment.id}", amount_cents=amount)
        self.commit()
        return payment

    def reconcile_pending(self, older_than: timedelta) -> int:
        cutoff = utcnow() - older_than
        pending = Payment.query.filter(
            Payment.status.in_(("pending", "processing")), Payment.created_at < cutoff
        ).all()
        for payment in pending:
            order = self.get_or_404(Order, payment.order_id)
            self._apply_result(payment, order, self.gateway.retrieve(payment.provider_ref))
        self.commit()
        return len(pending)

    def _apply_result(self, payment: Payment, order: Order, result: ChargeResult) -> None:
        payment.provider_ref = result.reference or payment.provider_ref
        if result.ok and result.status == "succeeded":
            payment.status = "succeeded"
            if order.status == Order.STATUS_PENDING:
                order.mark_paid()
        elif result.ok:
            payment.status = "processing"
        else:
            payment.status = "failed"
            payment.failure_reason = result.failure_reason
