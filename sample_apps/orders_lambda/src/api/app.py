"""Single entry point for the HTTP API: API Gateway sends every path here (/{proxy+})."""
import logging
import os

from common import ApiError, error_response, json_response

from . import customers, inventory, orders, reports
from .routing import MethodNotAllowed, Request, compile_templates, match_route

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

ROUTES = {
    ("GET", "/orders"): orders.list_orders,
    ("POST", "/orders"): orders.create_order,
    ("GET", "/orders/{order_id}"): orders.get_order,
    ("POST", "/orders/{order_id}/submit"): orders.submit_order,
    ("POST", "/orders/{order_id}/cancel"): orders.cancel_order,
    ("POST", "/customers"): customers.create_customer,
    ("GET", "/customers/{customer_id}"): customers.get_customer,
    ("PATCH", "/customers/{customer_id}"): customers.update_customer,
    ("GET", "/customers/{customer_id}/orders"): customers.list_customer_orders,
    ("GET", "/inventory"): inventory.list_stock,
    ("GET", "/inventory/{sku}"): inventory.get_stock,
    ("PUT", "/inventory/{sku}"): inventory.set_stock,
    ("POST", "/inventory/{sku}/restock"): inventory.request_restock,
    ("GET", "/reports/sales"): reports.sales_summary,
    ("GET", "/reports/top-products"): reports.top_products,
    ("POST", "/reports/inventory-valuation"): reports.export_inventory_valuation,
}

_TEMPLATES = compile_templates(ROUTES)


def health() -> dict:
    return json_response(200, {"status": "ok", "version": os.environ.get("APP_VERSION", "dev")})


def lambda_handler(event, context):
    request = Request.from_event(event)
    if request.method == "GET" and request.path == "/health":
        return health()
    try:
        matched = match_route(request.method, request.path, _TEMPLATES)
        if matched is None:
            return error_response(404, f"No route for {request.method} {request.path}", code="not_found")
        route_key, params = matched
        request.path_params = params
        handler = ROUTES[route_key]
        return handler(request)
    except MethodNotAllowed as exc:
        response = error_response(405, f"{request.method} not allowed on {request.path}", code="method_not_allowed")
        response["headers"]["Allow"] = ", ".join(exc.allowed)
        return response
    except ApiError as exc:
        if exc.status >= 500:
            logger.error("request %s failed: %s", request.request_id, exc.message)
        return json_response(exc.status, exc.to_body())
    except Exception:
        logger.exception("unhandled error for %s %s", request.method, request.path)
        return error_response(500, "Internal server error", code="internal_error")
