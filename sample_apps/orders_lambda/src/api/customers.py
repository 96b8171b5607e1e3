from botocore.exceptions import ClientError

from common import Conflict, NotFound, ValidationError, json_response
from common.clock import new_id, now_iso
from common.db import customers_table
from common.repository import OrderRepository
from common.validation import validate_email

from .routing import Request

UPDATABLE_FIELDS = ("first_name", "last_name", "phone", "default_address", "marketing_opt_in")
TIERS = ("standard", "silver", "gold")


def _load(customer_id: str) -> dict:
    item = customers_table.get_item(Key={"customer_id": customer_id}).get("Item")
    if item is None:
        raise NotFound(f"Customer {customer_id} not found")
    return item


def get_customer(request: Request) -> dict:
    return json_response(200, _load(request.path_params["customer_id"]))


def create_customer(request: Request) -> dict:
    payload = request.json()
    email = str(payload.get("email", "")).strip().lower()
    if not validate_email(email):
        raise ValidationError("A valid email is required")
    item = {
        "customer_id": new_id("cus"),
        "email": email,
        "first_name": payload.get("first_name", ""),
        "last_name": payload.get("last_name", ""),
        "country": str(payload.get("country", "GB")).upper(),
        "tier": "standard",
        "created_at": now_iso(),
    }
    try:
        customers_table.put_item(Item=item, ConditionExpression="attribute_not_exists(customer_id)")
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise Conflict("Customer id collision, please retry") from exc
        raise
    return json_response(201, item)


def update_customer(request: Request) -> dict:
    customer_id = request.path_params["customer_id"]
    payload = request.json()
    changes = {name: payload[name] for name in UPDATABLE_FIELDS if name in payload}
    if "tier" in payload:
        if payload["tier"] not in TIERS:
            raise ValidationError(f"tier must be one of {', '.join(TIERS)}")
        changes["tier"] = payload["tier"]
    if not changes:
        raise ValidationError("Nothing to update")
    changes["updated_at"] = now_iso()
    names = {f"#f{i}": name for i, name in enumerate(changes)}
    values = {f":v{i}": value for i, value in enumerate(changes.values())}
    expression = "SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(changes)))
    try:
        response = customers_table.update_item(
            Key={"customer_id": customer_id},
            UpdateExpression=expression,
            ConditionExpression="attribute_exists(customer_id)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise NotFound(f"Customer {customer_id} not found") from exc
        raise
    return json_response(200, response["Attributes"])


def list_customer_orders(request: Request) -> dict:
    customer_id = request.path_params["customer_id"]
    _load(customer_id)
    limit = request.int_query("limit", default=20, maximum=100)
    orders = OrderRepository().list_by_customer(customer_id, limit=limit)
    return json_response(200, {"customer_id": customer_id, "orders": [order.to_item() for order in orders]})
