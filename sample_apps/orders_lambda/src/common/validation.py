import re

from .models import OrderLine

MAX_LINES = 50
MAX_QUANTITY = 100
SKU_PATTERN = re.compile(r"^[A-Z]{3}-\d{4,6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
REQUIRED_ADDRESS_FIELDS = ("name", "line1", "city", "postcode", "country")


def validate_lines(raw_lines) -> tuple[list[OrderLine], list[str]]:
    problems: list[str] = []
    lines: list[OrderLine] = []
    if not isinstance(raw_lines, list) or not raw_lines:
        return [], ["an order needs at least one line"]
    if len(raw_lines) > MAX_LINES:
        problems.append(f"at most {MAX_LINES} lines per order")
    seen = set()
    for index, raw in enumerate(raw_lines):
        sku = str(raw.get("sku", "")).upper()
        if not SKU_PATTERN.match(sku):
            problems.append(f"line {index}: bad sku {sku!r}")
            continue
        if sku in seen:
            problems.append(f"line {index}: duplicate sku {sku}")
            continue
        seen.add(sku)
        try:
            quantity = int(raw.get("quantity", 0))
        except (TypeError, ValueError):
            problems.append(f"line {index}: quantity must be a whole number")
            continue
        if not 0 < quantity <= MAX_QUANTITY:
            problems.append(f"line {index}: quantity must be between 1 and {MAX_QUANTITY}")
            continue
        lines.append(OrderLine(sku=sku, quantity=quantity))
    return lines, problems


def validate_address(address) -> list[str]:
    if not isinstance(address, dict):
        return ["shipping_address is required"]
    missing = [name for name in REQUIRED_ADDRESS_FIELDS if not str(address.get(name, "")).strip()]
    return [f"shipping_address.{name} is required" for name in missing]


def validate_order_payload(payload: dict) -> tuple[list[OrderLine], list[str]]:
    problems = []
    if not payload.get("customer_id"):
        problems.append("customer_id is required")
    lines, line_problems = validate_lines(payload.get("lines"))
    problems.extend(line_problems)
    problems.extend(validate_address(payload.get("shipping_address")))
    return lines, problems


def validate_email(value: str) -> bool:
    return bool(value) and EMAIL_PATTERN.match(value) is not None
