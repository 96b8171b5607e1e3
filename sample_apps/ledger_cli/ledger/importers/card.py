"""Credit-card statements: charges are listed as positive amounts."""
from dataclasses import replace

from ..models import BankLine
from . import register
from .bank import BankStatementImporter


@register("card")
class CardStatementImporter(BankStatementImporter):
    date_columns = ("transaction date", "date")
    text_columns = ("merchant", "description")

    def __init__(self, account: str, currency: str = "EUR", decimal_comma: bool | None = None,
                 charges_positive: bool = True):
        super().__init__(account, currency, decimal_comma)
        self.charges_positive = charges_positive

    def map_row(self, row: dict[str, str]) -> BankLine:
        line = super().map_row(row)
        if self.charges_positive:
            line = replace(line, amount_cents=-line.amount_cents)
        return line
