"""Hourly: give back stock held by orders that were never paid."""
import logging

from common.clock import utcnow
from common.db import reservations_table
from common.errors import Conflict
from common.inventory import _unhold, expired_reservations
from common.models import OrderStatus
from common.repository import OrderRepository

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def handler(event, context):
    now_epoch = int(utcnow().timestamp())
    expired = expired_reservations(now_epoch)
    if not expired:
        return {"expired": 0, "orders": 0}
    orders_affected = set()
    with reservations_table.batch_writer() as batch:
        for reservation in expired:
            _unhold(reservation["sku"], int(reservation["quantity"]))
            batch.delete_item(Key={"order_id": reservation["order_id"], "sku": reservation["sku"]})
            orders_affected.add(reservation["order_id"])
    repository = OrderRepository()
    for order_id in sorted(orders_affected):
        try:
            repository.update_status(order_id, OrderStatus.EXPIRED, expected=OrderStatus.RESERVED)
        except Conflict:
            logger.info("order %s moved on before its reservation expired", order_id)
    logger.info("released %d reservations for %d orders", len(expired), len(orders_affected))
    return {"expired": len(expired), "orders": len(orders_affected)}
