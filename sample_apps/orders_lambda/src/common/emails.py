from decimal import Decimal
from html import escape

from .models import Order

SUBJECTS = {
    "ORDER_PAID": "Thanks for your order {order_id}",
    "ORDER_BACKORDERED": "Part of your order {order_id} is out of stock",
    "ORDER_PAYMENT_FAILED": "We couldn't take payment for order {order_id}",
}


def _money(value, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€"}.get(currency, currency + " ")
    return f"{symbol}{Decimal(str(value)):.2f}"


def render_order_email(kind: str, order: Order, customer: dict) -> tuple[str, str, str]:
    subject = SUBJECTS[kind].format(order_id=order.order_id)
    name = customer.get("first_name") or customer.get("name") or "there"
    total = (order.totals or {}).get("total")
    lines_text = "\n".join(f"  {line.quantity} × {line.sku}" for line in order.lines)
    text = f"Hi {name},\n\n{subject}.\n\n{lines_text}\n"
    if total is not None:
        text += f"\nTotal: {_money(total, order.currency)}\n"
    items_html = "".join(f"<li>{line.quantity} × {escape(line.sku)}</li>" for line in order.lines)
    html = f"<p>Hi {escape(name)},</p><p>{escape(subject)}.</p><ul>{items_html}</ul>"
    if total is not None:
        html += f"<p><strong>Total: {_money(total, order.currency)}</strong></p>"
    return subject, text, html
