import json
import logging
import os

import boto3

from common.db import customers_table
from common.emails import render_order_email
from common.repository import OrderRepository

logger = logging.getLogger(__name__)

ses = boto3.client("sesv2")
sns = boto3.client("sns")
orders = OrderRepository()


def handler(event, context):
    order = orders.get(event["order_id"])
    customer = customers_table.get_item(Key={"customer_id": order.customer_id}).get("Item") or {}
    if customer.get("email"):
        subject, text, html = render_order_email(event["event"], order, customer)
        ses.send_email(
            FromEmailAddress=os.environ["SENDER_EMAIL"],
            Destination={"ToAddresses": [customer["email"]]},
            Content={"Simple": {"Subject": {"Data": subject},
                                "Body": {"Text": {"Data": text}, "Html": {"Data": html}}}},
        )
    else:
        logger.warning("customer %s has no email; skipping", order.customer_id)
    sns.publish(
        TopicArn=os.environ["ORDER_EVENTS_TOPIC"],
        Message=json.dumps({"order_id": order.order_id, "event": event["event"], "status": order.status}),
        MessageAttributes={"event": {"DataType": "String", "StringValue": event["event"]}},
    )
    return {"order_id": order.order_id, "notified": bool(customer.get("email"))}
