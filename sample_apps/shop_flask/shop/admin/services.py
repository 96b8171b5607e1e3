"""Back-office operations on the catalogue, and sales figures."""
from datetime import timedelta

from sqlalchemy import func

from ..catalog.services import invalidate_product
from ..common import APIError, BaseService, NotFound, record_audit
from ..extensions import db
from ..models import Category, Order, OrderItem, Product, User, utcnow

TEXT_FIELDS = ("name", "description")


def _parse_price(value) -> int:
    try:
        cents = int(value)
    except (TypeError, ValueError):
        raise APIError("price_cents must be an integer", field="price_cents") from None
    if cents <= 0:
        raise APIError("price_cents must be positive", field="price_cents")
    return cents


class CatalogAdminService(BaseService):
    def __init__(self, actor: User):
        self.actor = actor

    def create_product(self, data: dict) -> Product:
        for required in ("sku", "name", "price_cents"):
            if not data.get(required):
                raise APIError(f"{required} is required", field=required)
        product = Product(
            sku=data["sku"].strip().upper(),
            name=data["name"].strip(),
            description=data.get("description", ""),
            price_cents=_parse_price(data["price_cents"]),
            stock=int(data.get("stock", 0)),
            category_id=self._category_id(data.get("category")),
        )
        db.session.add(product)
        db.session.flush()
        record_audit(self.actor, "product.create", f"product:{product.id}", sku=product.sku)
        self.commit()
        return product

    def update_product(self, product_id: int, data: dict) -> Product:
        product = self.get_or_404(Product, product_id)
        for field in TEXT_FIELDS:
            if field in data:
                setattr(product, field, str(data[field]))
        if "price_cents" in data:
            product.price_cents = _parse_price(data["price_cents"])
        if "category" in data:
            product.category_id = self._category_id(data["category"])
        if "stock" in data:
            product.stock = max(0, int(data["stock"]))
        record_audit(self.actor, "product.update", f"product:{product.id}", fields=sorted(data))
        self.commit()
        invalidate_product(product.id)
        return product

    def deactivate_product(self, product_id: int) -> None:
        product = self.get_or_404(Product, product_id)
        product.active = False
        record_audit(self.actor, "product.deactivate", f"product:{product.id}")
        self.commit()
        invalidate_product(product.id)

    def _category_id(self, slug: str | None) -> int | None:
        if not slug:
            return None
        category = Category.query.filter_by(slug=slug).first()
        if category is None:
            raise NotFound(f"Category {slug!r} not found")
        return category.id


def sales_summary(days: int = 30) -> dict:
    since = utcnow() - timedelta(days=days)
    paid = (Order.STATUS_PAID, Order.STATUS_SHIPPED)
    revenue, count = (
        db.session.query(func.coalesce(func.sum(Order.total_cents), 0), func.count(Order.id))
        .filter(Order.status.in_(paid), Order.paid_at >= since)
        .one()
    )
    top = (
        db.session.query(OrderItem.sku, func.sum(OrderItem.quantity))
        .join(Order)
        .filter(Order.status.in_(paid), Order.paid_at >= since)
        .group_by(OrderItem.sku)
        .order_by(func.sum(OrderItem.quantity).desc())
        .limit(10)
        .all()
    )
    low_stock = Product.query.filter(Product.active.is_(True), Product.stock < 5).count()
    return {
        "days": days,
        "orders": count,
        "revenue_cents": int(revenue),
        "average_order_cents": int(revenue / count) if count else 0,
        "top_products": [{"sku": sku, "units": int(units)} for sku, units in top],
        "low_stock_products": low_stock,
    }
