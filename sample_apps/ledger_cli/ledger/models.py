"""Value objects passed between importers, the store, matching and reports."""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class BankLine:
    """One line of a bank or card statement. Amounts are in cents, negative = money out."""

    account: str
    booked_on: date
    amount_cents: int
    description: str
    reference: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One transaction in the books."""

    account: str
    posted_on: date
    amount_cents: int
    description: str
    category: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Match:
    bank_line_id: int
    entry_id: int
    score: float


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    records: list
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors
