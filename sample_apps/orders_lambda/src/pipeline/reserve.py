import json
import os

import boto3

from common import OutOfStock
from common.inventory import reserve_stock
from common.models import OrderStatus
from common.repository import OrderRepository

lambda_client = boto3.client("lambda")
orders = OrderRepository()


def handler(event, context):
    order = orders.get(event["order_id"])
    try:
        reserve_stock(order.order_id, order.lines)
    except OutOfStock as exc:
        orders.update_status(order.order_id, OrderStatus.BACKORDERED, expected=OrderStatus.PRICED, problems=[exc.message])
        return {"order_id": order.order_id, "status": OrderStatus.BACKORDERED, "sku": exc.sku}
    orders.update_status(order.order_id, OrderStatus.RESERVED, expected=OrderStatus.PRICED)
    response = lambda_client.invoke(
        FunctionName=os.environ["NEXT_FUNCTION"],
        Payload=json.dumps({"order_id": order.order_id}),
    )
    result = json.loads(response["Payload"].read())
    if response.get("FunctionError"):
        raise RuntimeError(f"charge step failed for {order.order_id}: {result}")
    return result
