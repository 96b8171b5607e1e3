"""Payment endpoints, including the provider webhook."""
from flask import Blueprint, jsonify, request

from ..common import current_user, login_required, roles_required
from ..common.errors import APIError
from ..orders.services import OrderService
from .gateway import PaymentError
from .services import PaymentService

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.post("/orders/<int:order_id>")
@login_required
def pay_order(order_id: int):
    body = request.get_json(force=True)
    order = OrderService().get_for_user(current_user().id, order_id)
    payment = PaymentService().pay_order(order, str(body.get("payment_method", "")))
    if payment.status == "failed":
        raise APIError(payment.failure_reason or "Payment failed", 402, payment_id=payment.id)
    return jsonify(payment.to_dict()), 201


@bp.post("/webhook")
def provider_webhook():
    service = PaymentService()
    try:
        handled = service.handle_event(
            request.get_data(), request.headers.get("Stripe-Signature", "")
        )
    except PaymentError as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify({"handled": handled})


@bp.post("/<int:payment_id>/refund")
@roles_required("admin", "support")
def refund_payment(payment_id: int):
    body = request.get_json(silent=True) or {}
    amount = body.get("amount_cents")
    payment = PaymentService().refund(
        payment_id, int(amount) if amount is not None else None, current_user()
    )
    return jsonify(payment.to_dict())
