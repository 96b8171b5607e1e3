import json
import os
from decimal import Decimal, InvalidOperation

import boto3

from common import ValidationError, json_response
from common import inventory as stock
from common.clock import now_iso
from common.db import inventory_table

from .routing import Request

sqs = boto3.client("sqs")


def list_stock(request: Request) -> dict:
    limit = request.int_query("limit", default=50, maximum=200)
    kwargs = {"Limit": limit, "ProjectionExpression": "sku, #n, on_hand, reserved, unit_price, active",
              "ExpressionAttributeNames": {"#n": "name"}}
    cursor = request.query("cursor")
    if cursor:
        kwargs["ExclusiveStartKey"] = {"sku": cursor}
    response = inventory_table.scan(**kwargs)
    next_key = response.get("LastEvaluatedKey")
    return json_response(200, {"items": response.get("Items", []), "cursor": next_key["sku"] if next_key else None})


def get_stock(request: Request) -> dict:
    return json_response(200, stock.get_level(request.path_params["sku"]))


def set_stock(request: Request) -> dict:
    sku = request.path_params["sku"]
    payload = request.json()
    try:
        on_hand = int(payload["on_hand"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError("on_hand must be a whole number") from None
    if on_hand < 0:
        raise ValidationError("on_hand cannot be negative")
    values = {":on_hand": on_hand, ":now": now_iso(), ":zero": 0}
    expression = "SET on_hand = :on_hand, updated_at = :now, reserved = if_not_exists(reserved, :zero)"
    if "unit_price" in payload:
        try:
            values[":price"] = Decimal(str(payload["unit_price"]))
        except InvalidOperation:
            raise ValidationError("unit_price must be a number") from None
        expression += ", unit_price = :price"
    inventory_table.update_item(Key={"sku": sku}, UpdateExpression=expression, ExpressionAttributeValues=values)
    return json_response(200, stock.get_level(sku))


def request_restock(request: Request) -> dict:
    sku = request.path_params["sku"]
    payload = request.json()
    quantity = payload.get("quantity")
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationError("quantity must be a positive whole number")
    stock.get_level(sku)
    message = {"sku": sku, "quantity": quantity, "source": payload.get("source", "manual"), "requested_at": now_iso()}
    response = sqs.send_message(
        QueueUrl=os.environ["RESTOCK_QUEUE_URL"],
        MessageBody=json.dumps(message),
        MessageAttributes={"sku": {"DataType": "String", "StringValue": sku}},
    )
    return json_response(202, {"message_id": response["MessageId"], **message})
