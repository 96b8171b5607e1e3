import json
import logging
import os
from decimal import Decimal

import boto3
import requests

from common.clock import new_id, now_iso
from common.db import dynamodb
from common.inventory import release_reservation
from common.models import OrderStatus
from common.repository import OrderRepository

logger = logging.getLogger(__name__)

lambda_client = boto3.client("lambda")
ssm = boto3.client("ssm")
payments_table = dynamodb.Table(os.environ["PAYMENTS_TABLE"])
orders = OrderRepository()

_api_key = None


def _get_api_key() -> str:
    global _api_key
    if _api_key is None:
        parameter = ssm.get_parameter(Name=os.environ["PAYMENTS_API_KEY_PARAM"], WithDecryption=True)
        _api_key = parameter["Parameter"]["Value"]
    return _api_key


def _amount_minor(total) -> int:
    return int((Decimal(str(total)) * 100).to_integral_value())


def handler(event, context):
    order = orders.get(event["order_id"])
    payment_id = new_id("pay")
    amount = _amount_minor(order.totals["total"])
    payments_table.put_item(
        Item={"payment_id": payment_id, "order_id": order.order_id, "amount": amount,
              "currency": order.currency, "status": "PENDING", "created_at": now_iso()}
    )
    response = requests.post(
        f"{os.environ['PAYMENTS_API_URL']}/v1/charges",
        json={"amount": amount, "currency": order.currency.lower(), "customer": order.customer_id,
              "reference": order.order_id},
        headers={"Authorization": f"Bearer {_get_api_key()}", "Idempotency-Key": order.order_id},
        timeout=8,
    )
    if response.status_code >= 400:
        logger.warning("charge for %s declined: %s", order.order_id, response.text[:200])
        payments_table.update_item(
            Key={"payment_id": payment_id},
            UpdateExpression="SET #s = :s, failure = :f",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": "FAILED", ":f": response.text[:500]},
        )
        release_reservation(order.order_id)
        orders.update_status(order.order_id, OrderStatus.PAYMENT_FAILED, expected=OrderStatus.RESERVED)
        event_type = "ORDER_PAYMENT_FAILED"
    else:
        payments_table.update_item(
            Key={"payment_id": payment_id},
            UpdateExpression="SET #s = :s, provider_ref = :r",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": "CAPTURED", ":r": response.json()["id"]},
        )
        orders.update_status(order.order_id, OrderStatus.PAID, expected=OrderStatus.RESERVED, payment_id=payment_id)
        event_type = "ORDER_PAID"
    lambda_client.invoke(
        FunctionName=os.environ["NOTIFY_FUNCTION"],
        InvocationType="Event",
        Payload=json.dumps({"order_id": order.order_id, "event": event_type}),
    )
    return {"order_id": order.order_id, "payment_id": payment_id, "event": event_type}
