"""Stock levels and reservations. A reservation holds stock for an order until it is paid or expires."""
import logging

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from .clock import epoch_in, now_iso
from .db import inventory_table, reservations_table
from .errors import NotFound, OutOfStock
from .models import OrderLine

logger = logging.getLogger(__name__)

RESERVATION_MINUTES = 30
EXPIRY_INDEX = "status-expires_at-index"


def get_level(sku: str) -> dict:
    item = inventory_table.get_item(Key={"sku": sku}).get("Item")
    if item is None:
        raise NotFound(f"No stock record for {sku}")
    return {
        "sku": sku,
        "on_hand": int(item.get("on_hand", 0)),
        "reserved": int(item.get("reserved", 0)),
        "available": int(item.get("on_hand", 0)) - int(item.get("reserved", 0)),
        "unit_price": item.get("unit_price"),
        "updated_at": item.get("updated_at"),
    }


def _hold(sku: str, quantity: int) -> None:
    inventory_table.update_item(
        Key={"sku": sku},
        UpdateExpression="SET reserved = reserved + :q, updated_at = :now",
        ConditionExpression="on_hand - reserved >= :q",
        ExpressionAttributeValues={":q": quantity, ":now": now_iso()},
    )


def _unhold(sku: str, quantity: int) -> None:
    inventory_table.update_item(
        Key={"sku": sku},
        UpdateExpression="SET reserved = reserved - :q, updated_at = :now",
        ConditionExpression="reserved >= :q",
        ExpressionAttributeValues={":q": quantity, ":now": now_iso()},
    )


def reserve_stock(order_id: str, lines: list[OrderLine]) -> None:
    """Hold stock for every line, or for none of them."""
    held: list[OrderLine] = []
    try:
        for line in lines:
            try:
                _hold(line.sku, line.quantity)
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                    raise
                available = get_level(line.sku)["available"]
                raise OutOfStock(line.sku, line.quantity, available) from exc
            held.append(line)
    except Exception:
        for line in held:
            _unhold(line.sku, line.quantity)
        raise
    expires_at = epoch_in(RESERVATION_MINUTES)
    for line in lines:
        reservations_table.put_item(
            Item={
                "order_id": order_id,
                "sku": line.sku,
                "quantity": line.quantity,
                "status": "HELD",
                "expires_at": expires_at,
                "created_at": now_iso(),
            }
        )


def release_reservation(order_id: str) -> int:
    """Give back the stock an order holds. Returns the number of lines released."""
    response = reservations_table.query(KeyConditionExpression=Key("order_id").eq(order_id))
    released = 0
    for reservation in response.get("Items", []):
        if reservation.get("status") != "HELD":
            continue
        try:
            reservations_table.update_item(
                Key={"order_id": order_id, "sku": reservation["sku"]},
                UpdateExpression="SET #s = :released",
                ConditionExpression=Attr("status").eq("HELD"),
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":released": "RELEASED"},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                continue
            raise
        _unhold(reservation["sku"], int(reservation["quantity"]))
        released += 1
    return released


def expired_reservations(now_epoch: int) -> list[dict]:
    items: list[dict] = []
    kwargs = {
        "IndexName": EXPIRY_INDEX,
        "KeyConditionExpression": Key("status").eq("HELD") & Key("expires_at").lt(now_epoch),
    }
    while True:
        response = reservations_table.query(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def apply_restock(sku: str, quantity: int, source: str) -> int:
    if quantity <= 0:
        raise ValueError(f"restock quantity must be positive, got {quantity}")
    response = inventory_table.update_item(
        Key={"sku": sku},
        UpdateExpression="ADD on_hand :q SET updated_at = :now, last_restock_source = :src",
        ConditionExpression=Attr("sku").exists(),
        ExpressionAttributeValues={":q": quantity, ":now": now_iso(), ":src": source},
        ReturnValues="UPDATED_NEW",
    )
    on_hand = int(response["Attributes"]["on_hand"])
    logger.info("restocked %s by %d from %s, now %d on hand", sku, quantity, source, on_hand)
    return on_hand
