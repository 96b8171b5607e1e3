"""Applies stock deliveries. Messages come from the warehouse system and from POST /inventory/{sku}/restock."""
import json
import logging

from botocore.exceptions import ClientError

from common.inventory import apply_restock

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def _parse(record: dict) -> tuple[str, int, str]:
    message = json.loads(record["body"])
    return str(message["sku"]).upper(), int(message["quantity"]), message.get("source", "warehouse")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            sku, quantity, source = _parse(record)
        except (KeyError, TypeError, ValueError, json.JSONDecodeError):
            # A malformed message will never succeed; log it and let it go rather than retry.
            logger.error("dropping malformed restock message %s: %s", record["messageId"], record["body"][:200])
            continue
        try:
            apply_restock(sku, quantity, source=source)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                logger.error("restock for unknown sku %s (message %s)", sku, record["messageId"])
                continue
            logger.warning("restock of %s failed, will retry: %s", sku, exc)
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
