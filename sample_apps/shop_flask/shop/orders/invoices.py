"""Plain-text invoices, written under ``exports/invoices/`` and served as downloads."""
import os

from flask import current_app

from ..common.pricing import format_money
from ..models import Order


def render_invoice(order: Order) -> str:
    currency = current_app.config["CURRENCY"]
    address = order.shipping_address or {}
    lines = [
        f"INVOICE {order.number}",
        f"Date: {order.created_at:%Y-%m-%d}",
        "",
        f"Ship to: {address.get('line1', '')}, {address.get('postcode', '')} "
        f"{address.get('city', '')}, {address.get('country', '')}",
        "",
        f"{'SKU':<14}{'Item':<40}{'Qty':>5}{'Amount':>14}",
    ]
    for item in order.items:
        amount = format_money(item.unit_price_cents * item.quantity, currency)
        lines.append(f"{item.sku:<14}{item.name[:38]:<40}{item.quantity:>5}{amount:>14}")
    lines += [
        "",
        f"{'Subtotal':<59}{format_money(order.subtotal_cents, currency):>14}",
        f"{'Discount':<59}{format_money(-order.discount_cents, currency):>14}",
        f"{'Shipping':<59}{format_money(order.shipping_cents, currency):>14}",
        f"{'VAT':<59}{format_money(order.tax_cents, currency):>14}",
        f"{'Total':<59}{format_money(order.total_cents, currency):>14}",
    ]
    return "\n".join(lines) + "\n"


def export_invoice(order: Order) -> str:
    os.makedirs("exports/invoices", exist_ok=True)
    with open(f"exports/invoices/{order.number}.txt", "w", encoding="utf-8") as fh:
        fh.write(render_invoice(order))
    return os.path.abspath(f"exports/invoices/{order.number}.txt")
