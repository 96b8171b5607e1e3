"""Cart endpoints; every route needs a signed-in customer."""
from dataclasses import asdict

from flask import Blueprint, current_app, jsonify, request

from ..common import current_user, login_required
from ..common.errors import APIError
from .services import CartService

bp = Blueprint("cart", __name__)


def _cart_payload(service: CartService) -> dict:
    lines = service.lines()
    totals = service.totals(lines)
    return {
        "lines": [asdict(line) for line in lines],
        "totals": totals.as_dict(current_app.config["CURRENCY"]),
    }


def _quantity_from(body: dict, default: int | None = None) -> int:
    try:
        return int(body.get("quantity", default))
    except (TypeError, ValueError):
        raise APIError("quantity must be an integer") from None


@bp.get("/")
@login_required
def view_cart():
    service = CartService(current_user().id)
    return jsonify(_cart_payload(service))


@bp.post("/items")
@login_required
def add_item():
    body = request.get_json(force=True)
    service = CartService(current_user().id)
    service.add_product(int(body["product_id"]), _quantity_from(body, default=1))
    return jsonify(_cart_payload(service)), 201


@bp.route("/items/<int:item_id>", methods=["PUT", "PATCH"])
@login_required
def update_item(item_id: int):
    body = request.get_json(force=True)
    service = CartService(current_user().id)
    service.set_quantity(item_id, _quantity_from(body))
    return jsonify(_cart_payload(service))


@bp.delete("/items/<int:item_id>")
@login_required
def remove_item(item_id: int):
    service = CartService(current_user().id)
    service.remove_item(item_id)
    return jsonify(_cart_payload(service))


@bp.post("/coupon")
@login_required
def apply_coupon():
    body = request.get_json(force=True)
    service = CartService(current_user().id)
    coupon = service.apply_coupon(str(body.get("code", "")))
    return jsonify({"applied": coupon.code, **_cart_payload(service)})
