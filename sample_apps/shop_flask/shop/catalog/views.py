"""Public catalogue endpoints."""
from flask import Blueprint, jsonify, request

from ..common import page_args, paginate
from .services import category_tree, get_product_data, product_summary, search_products

bp = Blueprint("catalog", __name__, url_prefix="/catalog")


@bp.get("/products")
def list_products():
    query = search_products(
        text=request.args.get("q"),
        category_slug=request.args.get("category"),
        sort=request.args.get("sort", "name"),
    )
    page = paginate(query, *page_args())
    return jsonify(page.to_dict(product_summary))


@bp.get("/products/<int:product_id>")
def product_detail(product_id: int):
    return jsonify(get_product_data(product_id))


@bp.route("/categories/<slug>/products")
def category_products(slug: str):
    query = search_products(category_slug=slug, sort=request.args.get("sort", "name"))
    page = paginate(query, *page_args(default_per_page=40))
    return jsonify(page.to_dict(product_summary))


def list_categories():
    return jsonify({"categories": category_tree()})


bp.add_url_rule("/categories", view_func=list_categories)
