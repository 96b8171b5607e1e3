"""Catalogue queries and the per-process product cache.

Product detail pages are by far the hottest reads, so rendered product data is kept in
``_product_cache`` for ``PRODUCT_CACHE_TTL`` seconds. Anything that changes a product's
price or stock must call :func:`invalidate_product`.
"""
import time

from flask import current_app
from sqlalchemy import or_

from ..common.errors import NotFound
from ..common.pricing import format_money
from ..models import Category, Product

_product_cache: dict[int, tuple[float, dict]] = {}

SORTS = {
    "name": Product.name.asc(),
    "price": Product.price_cents.asc(),
    "-price": Product.price_cents.desc(),
    "newest": Product.created_at.desc(),
}


def product_summary(product: Product) -> dict:
    currency = current_app.config["CURRENCY"]
    return {
        "id": product.id,
        "sku": product.sku,
        "name": product.name,
        "price": format_money(product.price_cents, currency),
        "price_cents": product.price_cents,
        "in_stock": product.in_stock,
    }


def get_product_data(product_id: int) -> dict:
    ttl = current_app.config["PRODUCT_CACHE_TTL"]
    hit = _product_cache.get(product_id)
    if hit is not None and time.monotonic() - hit[0] < ttl:
        return hit[1]

    product = Product.query.filter_by(id=product_id, active=True).first()
    if product is None:
        raise NotFound(f"Product {product_id} not found")
    data = product.to_dict()
    data["price"] = format_money(product.price_cents, current_app.config["CURRENCY"])
    _product_cache[product_id] = (time.monotonic(), data)
    return data


def invalidate_product(product_id: int | None = None) -> None:
    if product_id is None:
        _product_cache.clear()
    else:
        _product_cache.pop(product_id, None)


def cache_stats() -> dict:
    now = time.monotonic()
    ttl = current_app.config["PRODUCT_CACHE_TTL"]
    fresh = sum(1 for stamp, _ in _product_cache.values() if now - stamp < ttl)
    return {"entries": len(_product_cache), "fresh": fresh}


def search_products(text: str | None = None, category_slug: str | None = None, sort: str = "name"):
    query = Product.query.filter(Product.active.is_(True))
    if text:
        pattern = f"%{text.strip()}%"
        query = query.filter(or_(Product.name.ilike(pattern), Product.sku.ilike(pattern)))
    if category_slug:
        category = Category.query.filter_by(slug=category_slug).first()
        if category is None:
            raise NotFound(f"Category {category_slug!r} not found")
        ids = [category.id] + [child.id for child in category.children]
        query = query.filter(Product.category_id.in_(ids))
    return query.order_by(SORTS.get(sort, SORTS["name"]))


def category_tree() -> list[dict]:
    by_parent: dict[int | None, list[Category]] = {}
    for category in Category.query.order_by(Category.name):
        by_parent.setdefault(category.parent_id, []).append(category)

    def build(parent_id: int | None) -> list[dict]:
        return [{**c.to_dict(), "children": build(c.id)} for c in by_parent.get(parent_id, [])]

    return build(None)
