"""Book entries exported from the accounting tool, the other side of reconciliation."""
from ..models import Entry
from . import register
from .base import BaseImporter


@register("books")
class BooksExportImporter(BaseImporter):
    target = "transactions"

    def map_row(self, row: dict[str, str]) -> Entry:
        return Entry(
            account=row.get("account") or self.account,
            posted_on=self.parse_date(row["date"]),
            amount_cents=self.parse_amount(row["amount"]),
            description=self.clean_description(row["description"]),
            category=row.get("category", ""),
        )
