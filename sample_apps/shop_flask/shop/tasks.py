"""Background jobs: customer e-mails and periodic housekeeping."""
import csv
import os
from datetime import date, datetime, timedelta
from smtplib import SMTPException

from celery.utils.log import get_task_logger
from flask import current_app
from sqlalchemy import func

from .common.mailer import send_email
from .common.pricing import format_money
from .extensions import celery, db
from .models import Cart, CartItem, Order, utcnow
from .orders.services import OrderService

logger = get_task_logger(__name__)

REPORT_PATH = "var/reports/daily_sales.csv"
REPORT_HEADER = ["day", "orders", "revenue_cents", "discount_cents", "refunded_orders"]


def _confirmation_body(order: Order) -> str:
    currency = current_app.config["CURRENCY"]
    lines = [f"Thank you for your order {order.number}.", ""]
    for item in order.items:
        lines.append(f"  {item.quantity} x {item.name}  {format_money(item.unit_price_cents, currency)}")
    lines += ["", f"Total: {format_money(order.total_cents, currency)}"]
    return "\n".join(lines)


@celery.task(bind=True, max_retries=5, default_retry_delay=60)
def send_order_confirmation(self, order_id: int) -> None:
    order = db.session.get(Order, order_id)
    if order is None or order.confirmation_sent_at is not None:
        return
    try:
        send_email(order.user.email, f"Order {order.number} confirmed", _confirmation_body(order))
    except SMTPException as exc:
        raise self.retry(exc=exc)
    order.confirmation_sent_at = utcnow()
    db.session.commit()


@celery.task(bind=True, max_retries=5, default_retry_delay=300)
def send_shipping_notification(self, order_id: int) -> None:
    order = db.session.get(Order, order_id)
    if order is None or order.status != Order.STATUS_SHIPPED:
        logger.warning("Order %s is not shipped, no notification sent", order_id)
        return
    body = (
        f"Your order {order.number} is on its way.\n"
        f"Tracking number: {order.tracking_number or 'n/a'}\n"
    )
    try:
        send_email(order.user.email, f"Order {order.number} shipped", body)
    except SMTPException as exc:
        raise self.retry(exc=exc)


@celery.task
def generate_daily_sales_report(day: str | None = None) -> str:
    target = date.fromisoformat(day) if day else date.today() - timedelta(days=1)
    start = datetime.combine(target, datetime.min.time()).astimezone()
    end = start + timedelta(days=1)
    orders, revenue, discount = (
        db.session.query(
            func.count(Order.id),
            func.coalesce(func.sum(Order.total_cents), 0),
            func.coalesce(func.sum(Order.discount_cents), 0),
        )
        .filter(Order.paid_at >= start, Order.paid_at < end)
        .one()
    )
    refunded = Order.query.filter(
        Order.status == Order.STATUS_REFUNDED, Order.updated_at >= start, Order.updated_at < end
    ).count()

    os.makedirs(os.path.dirname(REPORT_PATH), exist_ok=True)
    is_new = not os.path.exists(REPORT_PATH)
    with open(REPORT_PATH, "a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        if is_new:
            writer.writerow(REPORT_HEADER)
        writer.writerow([target.isoformat(), orders, int(revenue), int(discount), refunded])
    logger.info("Sales report for %s: %s orders", target, orders)
    return REPORT_PATH


@celery.task
def expire_stale_carts(max_age_days: int = 14) -> int:
    cutoff = utcnow() - timedelta(days=max_age_days)
    stale_ids = [row.id for row in Cart.query.with_entities(Cart.id).filter(Cart.updated_at < cutoff)]
    if not stale_ids:
        return 0
    CartItem.query.filter(CartItem.cart_id.in_(stale_ids)).delete(synchronize_session=False)
    Cart.query.filter(Cart.id.in_(stale_ids)).delete(synchronize_session=False)
    db.session.commit()
    return len(stale_ids)


@celery.task
def release_unpaid_orders(max_age_hours: int = 24) -> int:
    released = OrderService().release_stale(timedelta(hours=max_age_hours))
    if released:
        logger.info("Released %d unpaid orders", released)
    return released
