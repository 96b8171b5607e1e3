"""Shared CSV reading and field parsing for statement importers."""
import csv
import re
from abc import ABC, abstractmethod
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..models import ImportResult, RowError

_SPACES = re.compile(r"\s+")


class BaseImporter(ABC):
    kind = "base"
    target = "bank_lines"
    encoding = "utf-8-sig"
    date_formats = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")

    def __init__(self, account: str, currency: str = "EUR", decimal_comma: bool | None = None):
        self.account = account
        self.currency = currency
        self.decimal_comma = decimal_comma

    def read(self, path: str) -> ImportResult:
        records, errors = [], []
        with open(path, newline="", encoding=self.encoding) as fh:
            sample = fh.read(4096)
            fh.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            for line_no, row in enumerate(csv.DictReader(fh, dialect=dialect), start=2):
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                try:
                    records.append(self.map_row(row))
                except (KeyError, ValueError, InvalidOperation) as exc:
                    errors.append(RowError(line_no, f"{type(exc).__name__}: {exc}"))
        return ImportResult(records, errors)

    @abstractmethod
    def map_row(self, row: dict[str, str]):
        """Turn one normalised CSV row into a ``BankLine`` or an ``Entry``."""

    def parse_amount(self, text: str) -> int:
        text = text.replace("\u2212", "-").replace(" ", "")
        negative = text.startswith("(") and text.endswith(")")
        text = text.strip("()")
        comma = self.decimal_comma
        if comma is None:
            comma = text.rfind(",") > text.rfind(".")
        if comma:
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        cents = int((Decimal(text) * 100).to_integral_value())
        return -cents if negative else cents

    def parse_date(self, text: str) -> date:
        for fmt in self.date_formats:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"unrecognised date {text!r}")

    @staticmethod
    def clean_description(text: str) -> str:
        return _SPACES.sub(" ", text).strip()
