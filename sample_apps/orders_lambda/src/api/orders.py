import json
import logging
import os

import boto3

from common import Conflict, ValidationError, json_response
from common import pricing
from common.db import customers_table
from common.inventory import release_reservation
from common.models import Order, OrderStatus
from common.repository import OrderRepository
from common.validation import validate_order_payload

from .routing import Request

logger = logging.getLogger(__name__)

lambda_client = boto3.client("lambda")
_orders = OrderRepository()


def list_orders(request: Request) -> dict:
    status = request.query("status", OrderStatus.SUBMITTED).upper()
    limit = request.int_query("limit", default=25, maximum=100)
    start = request.query("cursor")
    start_key = json.loads(start) if start else None
    orders, next_key = _orders.list_by_status(status, limit=limit, start_key=start_key)
    return json_response(
        200,
        {"orders": [order.to_item() for order in orders], "cursor": json.dumps(next_key) if next_key else None},
    )


def get_order(request: Request) -> dict:
    order = _orders.get(request.path_params["order_id"])
    return json_response(200, order.to_item())


def create_order(request: Request) -> dict:
    payload = request.json()
    lines, problems = validate_order_payload(payload)
    if problems:
        raise ValidationError("Order is invalid", problems)
    customer = customers_table.get_item(Key={"customer_id": payload["customer_id"]}).get("Item")
    if customer is None:
        raise ValidationError("Unknown customer", {"customer_id": payload["customer_id"]})
    order = Order.new(payload["customer_id"], lines, shipping_address=payload["shipping_address"])
    estimate = pricing.quote(lines, tier=customer.get("tier", "standard"), country=payload["shipping_address"]["country"])
    order.totals = estimate.to_item()
    _orders.put(order)
    logger.info("created order %s for %s", order.order_id, order.customer_id)
    return json_response(201, order.to_item(), headers={"Location": f"/orders/{order.order_id}"})


def submit_order(request: Request) -> dict:
    order_id = request.path_params["order_id"]
    _orders.update_status(order_id, OrderStatus.SUBMITTED, expected=OrderStatus.DRAFT)
    lambda_client.invoke(
        FunctionName=os.environ["VALIDATE_ORDER_FUNCTION"],
        InvocationType="Event",
        Payload=json.dumps({"order_id": order_id, "request_id": request.request_id}),
    )
    return json_response(202, {"order_id": order_id, "status": OrderStatus.SUBMITTED})


def cancel_order(request: Request) -> dict:
    order = _orders.get(request.path_params["order_id"])
    if order.status not in OrderStatus.CANCELLABLE:
        raise Conflict(f"Order in status {order.status} cannot be cancelled")
    if order.status in OrderStatus.HOLDS_STOCK:
        release_reservation(order.order_id)
    _orders.update_status(order.order_id, OrderStatus.CANCELLED, expected=order.status)
    return json_response(200, {"order_id": order.order_id, "status": OrderStatus.CANCELLED})
