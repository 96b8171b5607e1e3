"""Back-office endpoints. Products use class-based views, the rest plain functions."""
from flask import Blueprint, jsonify, request
from flask.views import MethodView

from ..catalog.services import cache_stats, invalidate_product
from ..common import current_user, page_args, paginate, record_audit, roles_required
from ..extensions import db
from ..models import Order, Product
from ..orders.services import OrderService
from ..tasks import generate_daily_sales_report, send_shipping_notification
from .services import CatalogAdminService, sales_summary

bp = Blueprint("admin", __name__, url_prefix="/admin")


class ProductListAPI(MethodView):
    decorators = [roles_required("admin")]

    def get(self):
        query = Product.query.order_by(Product.id.desc())
        if request.args.get("inactive") != "1":
            query = query.filter(Product.active.is_(True))
        page = paginate(query, *page_args(default_per_page=50))
        return jsonify(page.to_dict(Product.to_dict))

    def post(self):
        product = CatalogAdminService(current_user()).create_product(request.get_json(force=True))
        return jsonify(product.to_dict()), 201


class ProductItemAPI(MethodView):
    decorators = [roles_required("admin")]

    def get(self, product_id: int):
        return jsonify(db.get_or_404(Product, product_id).to_dict())

    def put(self, product_id: int):
        service = CatalogAdminService(current_user())
        product = service.update_product(product_id, request.get_json(force=True))
        return jsonify(product.to_dict())

    def delete(self, product_id: int):
        CatalogAdminService(current_user()).deactivate_product(product_id)
        return "", 204


bp.add_url_rule("/products", view_func=ProductListAPI.as_view("products"))
bp.add_url_rule("/products/<int:product_id>", view_func=ProductItemAPI.as_view("product"))


@bp.get("/orders")
@roles_required("admin", "support")
def list_all_orders():
    query = Order.query.order_by(Order.created_at.desc())
    if status := request.args.get("status"):
        query = query.filter_by(status=status)
    page = paginate(query, *page_args(default_per_page=50))
    return jsonify(page.to_dict(Order.to_dict))


@bp.post("/orders/<int:order_id>/ship")
@roles_required("admin")
def ship_order(order_id: int):
    body = request.get_json(force=True)
    order = OrderService().mark_shipped(order_id, str(body["tracking_number"]))
    send_shipping_notification.delay(order.id)
    return jsonify(order.to_dict())


@bp.get("/stats")
@roles_required("admin")
def stats():
    days = request.args.get("days", 30, type=int)
    return jsonify({"sales": sales_summary(days), "product_cache": cache_stats()})


@bp.post("/reports/sales")
@roles_required("admin")
def request_sales_report():
    day = (request.get_json(silent=True) or {}).get("day")
    result = generate_daily_sales_report.apply_async(kwargs={"day": day}, countdown=5)
    return jsonify({"task_id": result.id}), 202


@bp.post("/cache/flush")
@roles_required("admin")
def flush_product_cache():
    invalidate_product()
    record_audit(current_user(), "cache.flush", "catalog:products")
    db.session.commit()
    return "", 204
