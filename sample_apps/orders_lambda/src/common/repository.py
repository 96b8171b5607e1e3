from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from .clock import now_iso
from .db import orders_table
from .errors import Conflict, NotFound
from .models import Order

CUSTOMER_INDEX = "customer_id-created_at-index"
STATUS_INDEX = "status-created_at-index"


class OrderRepository:
    """All reads and writes of the orders table go through here."""

    def __init__(self, table=None):
        self._table = table or orders_table

    def get(self, order_id: str) -> Order:
        item = self._table.get_item(Key={"order_id": order_id}, ConsistentRead=True).get("Item")
        if item is None:
            raise NotFound(f"Order {order_id} not found")
        return Order.from_item(item)

    def put(self, order: Order) -> Order:
        self._table.put_item(Item=order.to_item(), ConditionExpression=Attr("order_id").not_exists())
        return order

    def update_status(self, order_id: str, status: str, expected: str | None = None, **attrs) -> None:
        names = {"#status": "status", "#updated_at": "updated_at"}
        values = {":status": status, ":now": now_iso()}
        assignments = ["#status = :status", "#updated_at = :now"]
        for index, (name, value) in enumerate(attrs.items()):
            names[f"#a{index}"] = name
            values[f":a{index}"] = value
            assignments.append(f"#a{index} = :a{index}")
        kwargs = {
            "Key": {"order_id": order_id},
            "UpdateExpression": "SET " + ", ".join(assignments),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        if expected is not None:
            kwargs["ConditionExpression"] = Attr("status").eq(expected)
        try:
            self._table.update_item(**kwargs)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise Conflict(f"Order {order_id} is no longer {expected}") from exc
            raise

    def list_by_customer(self, customer_id: str, limit: int = 50) -> list[Order]:
        response = self._table.query(
            IndexName=CUSTOMER_INDEX,
            KeyConditionExpression=Key("customer_id").eq(customer_id),
            ScanIndexForward=False,
            Limit=limit,
        )
        return [Order.from_item(item) for item in response.get("Items", [])]

    def list_by_status(self, status: str, limit: int = 50, start_key: dict | None = None) -> tuple[list[Order], dict | None]:
        kwargs = {
            "IndexName": STATUS_INDEX,
            "KeyConditionExpression": Key("status").eq(status),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if start_key:
            kwargs["ExclusiveStartKey"] = start_key
        response = self._table.query(**kwargs)
        orders = [Order.from_item(item) for item in response.get("Items", [])]
        return orders, response.get("LastEvaluatedKey")
