import json
import os

import boto3

from common import pricing
from common.db import customers_table
from common.models import OrderStatus
from common.repository import OrderRepository

lambda_client = boto3.client("lambda")
orders = OrderRepository()


def handler(event, context):
    order = orders.get(event["order_id"])
    customer = customers_table.get_item(Key={"customer_id": order.customer_id}).get("Item", {})
    country = (order.shipping_address or {}).get("country", customer.get("country", "GB"))
    quote = pricing.quote(order.lines, tier=customer.get("tier", "standard"), country=country)
    lines = [line.to_item() for line in pricing.price_lines(order.lines)]
    orders.update_status(
        order.order_id, OrderStatus.PRICED, expected=OrderStatus.VALIDATED, totals=quote.to_item(), lines=lines
    )
    response = lambda_client.invoke(
        FunctionName=os.environ["NEXT_FUNCTION"],
        Payload=json.dumps({"order_id": order.order_id}),
    )
    return json.loads(response["Payload"].read())
