from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .clock import new_id, now_iso


class OrderStatus:
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    VALIDATED = "VALIDATED"
    REJECTED = "REJECTED"
    PRICED = "PRICED"
    RESERVED = "RESERVED"
    BACKORDERED = "BACKORDERED"
    PAID = "PAID"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"

    CANCELLABLE = frozenset({DRAFT, SUBMITTED, VALIDATED, PRICED, RESERVED, BACKORDERED})
    HOLDS_STOCK = frozenset({RESERVED})


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal | None = None

    @classmethod
    def from_item(cls, item: dict) -> "OrderLine":
        price = item.get("unit_price")
        return cls(sku=item["sku"], quantity=int(item["quantity"]), unit_price=Decimal(str(price)) if price else None)

    def to_item(self) -> dict:
        item = {"sku": self.sku, "quantity": self.quantity}
        if self.unit_price is not None:
            item["unit_price"] = self.unit_price
        return item


@dataclass
class Order:
    order_id: str
    customer_id: str
    lines: list[OrderLine]
    status: str = OrderStatus.DRAFT
    currency: str = "GBP"
    created_at: str = field(default_factory=now_iso)
    updated_at: str | None = None
    totals: dict | None = None
    shipping_address: dict | None = None
    payment_id: str | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def new(cls, customer_id: str, lines: list[OrderLine], shipping_address: dict | None = None) -> "Order":
        return cls(order_id=new_id("ord"), customer_id=customer_id, lines=lines, shipping_address=shipping_address)

    @classmethod
    def from_item(cls, item: dict) -> "Order":
        return cls(
            order_id=item["order_id"],
            customer_id=item["customer_id"],
            lines=[OrderLine.from_item(line) for line in item.get("lines", [])],
            status=item.get("status", OrderStatus.DRAFT),
            currency=item.get("currency", "GBP"),
            created_at=item["created_at"],
            updated_at=item.get("updated_at"),
            totals=item.get("totals"),
            shipping_address=item.get("shipping_address"),
            payment_id=item.get("payment_id"),
            problems=list(item.get("problems", [])),
        )

    def to_item(self) -> dict:
        item = asdict(self)
        item["lines"] = [line.to_item() for line in self.lines]
        return {key: value for key, value in item.items() if value not in (None, [])}

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)
