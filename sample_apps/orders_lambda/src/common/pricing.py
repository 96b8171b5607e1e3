"""Price, discount and tax calculation shared by the API and the order pipeline."""
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .db import inventory_table
from .errors import ValidationError
from .models import OrderLine

CENT = Decimal("0.01")
PRICE_TTL_SECONDS = 300

TAX_RATES = {
    "GB": Decimal("0.20"),
    "IE": Decimal("0.23"),
    "DE": Decimal("0.19"),
    "FR": Decimal("0.20"),
    "NL": Decimal("0.21"),
}
TIER_DISCOUNTS = {
    "standard": Decimal("0"),
    "silver": Decimal("0.05"),
    "gold": Decimal("0.10"),
}
FREE_SHIPPING_FROM = Decimal("50.00")
SHIPPING_FLAT = Decimal("4.95")

# sku -> (fetched_at, unit price); survives between invocations of a warm container.
_PRICE_CACHE: dict[str, tuple[float, Decimal]] = {}


@dataclass(frozen=True)
class Quote:
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    currency: str = "GBP"

    def to_item(self) -> dict:
        return {
            "subtotal": self.subtotal,
            "discount": self.discount,
            "shipping": self.shipping,
            "tax": self.tax,
            "total": self.total,
            "currency": self.currency,
        }


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def unit_price(sku: str) -> Decimal:
    cached = _PRICE_CACHE.get(sku)
    if cached is not None and time.monotonic() - cached[0] < PRICE_TTL_SECONDS:
        return cached[1]
    item = inventory_table.get_item(Key={"sku": sku}, ProjectionExpression="sku, unit_price, active").get("Item")
    if item is None or not item.get("active", True):
        raise ValidationError(f"Unknown or discontinued product {sku}", {"sku": sku})
    price = Decimal(str(item["unit_price"]))
    _PRICE_CACHE[sku] = (time.monotonic(), price)
    return price


def price_lines(lines: list[OrderLine]) -> list[OrderLine]:
    return [OrderLine(sku=line.sku, quantity=line.quantity, unit_price=unit_price(line.sku)) for line in lines]


def quote(lines: list[OrderLine], tier: str = "standard", country: str = "GB") -> Quote:
    priced = price_lines(lines)
    subtotal = _money(sum((line.unit_price * line.quantity for line in priced), Decimal("0")))
    discount = _money(subtotal * TIER_DISCOUNTS.get(tier, Decimal("0")))
    shipping = Decimal("0.00") if subtotal - discount >= FREE_SHIPPING_FROM else SHIPPING_FLAT
    rate = TAX_RATES.get(country)
    if rate is None:
        raise ValidationError(f"We do not ship to {country}")
    tax = _money((subtotal - discount + shipping) * rate)
    return Quote(subtotal=subtotal, discount=discount, shipping=shipping, tax=tax, total=subtotal - discount + shipping + tax)
