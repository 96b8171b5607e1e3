import json
import os

import boto3

from common.models import OrderStatus
from common.repository import OrderRepository
from common.validation import validate_address, validate_lines

lambda_client = boto3.client("lambda")
orders = OrderRepository()


def handler(event, context):
    order = orders.get(event["order_id"])
    _, problems = validate_lines([line.to_item() for line in order.lines])
    problems += validate_address(order.shipping_address)
    if problems:
        orders.update_status(order.order_id, OrderStatus.REJECTED, expected=OrderStatus.SUBMITTED, problems=problems)
        return {"order_id": order.order_id, "status": OrderStatus.REJECTED, "problems": problems}
    orders.update_status(order.order_id, OrderStatus.VALIDATED, expected=OrderStatus.SUBMITTED)
    response = lambda_client.invoke(
        FunctionName=os.environ["NEXT_FUNCTION"],
        Payload=json.dumps({"order_id": order.order_id}),
    )
    return json.loads(response["Payload"].read())
