"""Checkout and the customer's order history."""
from flask import Blueprint, jsonify, request, send_file

from ..common import Conflict, current_user, login_required, page_args, paginate
from ..models import Order
from ..tasks import send_order_confirmation
from .invoices import export_invoice
from .services import OrderService

bp = Blueprint("orders", __name__)


@bp.post("/checkout")
@login_required
def checkout():
    body = request.get_json(silent=True) or {}
    service = OrderService()
    order = service.place_order(current_user(), body.get("address_id"))
    send_order_confirmation.delay(order.id)
    return jsonify(order.to_dict(with_items=True)), 201


@bp.get("/")
@login_required
def list_orders():
    query = OrderService().list_for_user(current_user().id, request.args.get("status"))
    page = paginate(query, *page_args())
    return jsonify(page.to_dict(Order.to_dict))


@bp.get("/<int:order_id>")
@login_required
def get_order(order_id: int):
    order = OrderService().get_for_user(current_user().id, order_id)
    return jsonify(order.to_dict(with_items=True))


@bp.post("/<int:order_id>/cancel")
@login_required
def cancel_order(order_id: int):
    service = OrderService()
    order = service.get_for_user(current_user().id, order_id)
    reason = (request.get_json(silent=True) or {}).get("reason", "Cancelled by customer")
    service.cancel(order, reason)
    return jsonify(order.to_dict())


@bp.get("/<int:order_id>/invoice")
@login_required
def download_invoice(order_id: int):
    order = OrderService().get_for_user(current_user().id, order_id)
    if order.status not in (Order.STATUS_PAID, Order.STATUS_SHIPPED):
        raise Conflict("Invoices are available once the order is paid")
    path = export_invoice(order)
    return send_file(path, mimetype="text/plain", as_attachment=True,
                     download_name=f"{order.number}.txt")
