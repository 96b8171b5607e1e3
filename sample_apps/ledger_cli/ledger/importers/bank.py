"""Current-account statements: date, amount, description, optional reference."""
from ..models import BankLine
from . import register
from .base import BaseImporter


@register("bank")
class BankStatementImporter(BaseImporter):
    date_columns = ("booking date", "date", "buchungstag")
    amount_columns = ("amount", "betrag")
    text_columns = ("description", "verwendungszweck", "details")

    def map_row(self, row: dict[str, str]) -> BankLine:
        return BankLine(
            account=self.account,
            booked_on=self.parse_date(self._first(row, self.date_columns)),
            amount_cents=self.parse_amount(self._first(row, self.amount_columns)),
            description=self.clean_description(self._first(row, self.text_columns)),
            reference=row.get("reference", ""),
        )

    @staticmethod
    def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
        for name in names:
            if row.get(name):
                return row[name]
        raise KeyError(f"none of the columns {', '.join(names)}")
