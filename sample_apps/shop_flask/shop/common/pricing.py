"""Money arithmetic in integer cents: line totals, discounts, tax and shipping."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

CENT = Decimal("0.01")
_SYMBOLS = {"EUR": "\u20ac", "USD": "$", "GBP": "\u00a3"}


def format_money(cents: int, currency: str = "EUR") -> str:
    amount = (Decimal(cents) / 100).quantize(CENT)
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


def line_total(unit_price_cents: int, quantity: int) -> int:
    return unit_price_cents * quantity


def discount_cents(subtotal: int, coupon) -> int:
    if coupon is None:
        return 0
    if coupon.percent_off:
        raw = Decimal(subtotal) * Decimal(coupon.percent_off) / 100
        return min(subtotal, int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return min(subtotal, coupon.amount_off_cents or 0)


def tax_cents(amount: int, rate: Decimal) -> int:
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def shipping_cents(amount: int, free_over: int = 5000, flat: int = 495) -> int:
    return 0 if amount >= free_over or amount == 0 else flat


@dataclass(frozen=True)
class Totals:
    subtotal: int
    discount: int
    tax: int
    shipping: int

    @property
    def total(self) -> int:
        return self.subtotal - self.discount + self.tax + self.shipping

    def as_dict(self, currency: str = "EUR") -> dict:
        return {
            "subtotal": format_money(self.subtotal, currency),
            "discount": format_money(self.discount, currency),
            "tax": format_money(self.tax, currency),
            "shipping": format_money(self.shipping, currency),
            "total": format_money(self.total, currency),
            "total_cents": self.total,
        }


def compute_totals(lines: Iterable[tuple[int, int]], coupon=None,
                   tax_rate: Decimal = Decimal("0.20")) -> Totals:
    subtotal = sum(line_total(price, qty) for price, qty in lines)
    discount = discount_cents(subtotal, coupon)
    taxable = subtotal - discount
    return Totals(
        subtotal=subtotal,
        discount=discount,
        tax=tax_cents(taxable, tax_rate),
        shipping=shipping_cents(taxable),
    )
