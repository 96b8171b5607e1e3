"""Monthly spending by category, with simple outlier detection."""
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .models import Entry


@dataclass
class CategoryLine:
    category: str
    total_cents: int
    count: int
    monthly_mean_cents: int
    anomaly: bool = False


@dataclass
class Report:
    start: date
    end: date
    income_cents: int
    spending_cents: int
    categories: list[CategoryLine] = field(default_factory=list)

    @property
    def net_cents(self) -> int:
        return self.income_cents + self.spending_cents


def month_index(day: date, start: date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def monthly_matrix(entries: list[Entry], start: date, end: date) -> tuple[list[str], np.ndarray]:
    """Rows are categories, columns are months, cells are net amounts in cents."""
    categories = sorted({e.category or "uncategorized" for e in entries})
    row_of = {name: i for i, name in enumerate(categories)}
    months = month_index(end, start) + 1
    matrix = np.zeros((len(categories), max(months, 1)), dtype=np.int64)
    for entry in entries:
        matrix[row_of[entry.category or "uncategorized"], month_index(entry.posted_on, start)] += entry.amount_cents
    return categories, matrix


def detect_anomalies(matrix: np.ndarray, threshold: float = 2.5) -> np.ndarray:
    """A category is anomalous when its last month is far outside its own history."""
    if matrix.shape[1] < 4:
        return np.zeros(matrix.shape[0], dtype=bool)
    history, last = matrix[:, :-1].astype(float), matrix[:, -1].astype(float)
    median = np.median(history, axis=1)
    mad = np.median(np.abs(history - median[:, None]), axis=1)
    scale = np.where(mad > 0, 1.4826 * mad, np.maximum(np.abs(median) * 0.1, 100.0))
    return np.abs(last - median) / scale > threshold


def build_report(entries: list[Entry], start: date, end: date) -> Report:
    amounts = np.array([e.amount_cents for e in entries], dtype=np.int64)
    report = Report(
        start=start,
        end=end,
        income_cents=int(amounts[amounts > 0].sum()) if amounts.size else 0,
        spending_cents=int(amounts[amounts < 0].sum()) if amounts.size else 0,
    )
    if not entries:
        return report
    categories, matrix = monthly_matrix(entries, start, end)
    anomalies = detect_anomalies(matrix)
    counts: dict[str, int] = {}
    for entry in entries:
        key = entry.category or "uncategorized"
        counts[key] = counts.get(key, 0) + 1
    for i, name in enumerate(categories):
        report.categories.append(
            CategoryLine(
                category=name,
                total_cents=int(matrix[i].sum()),
                count=counts[name],
                monthly_mean_cents=int(np.rint(matrix[i].mean())),
                anomaly=bool(anomalies[i]),
            )
        )
    report.categories.sort(key=lambda line: line.total_cents)
    return report


def _money(cents: int) -> str:
    return f"{cents / 100:>12,.2f}"


def render_text(report: Report, currency: str) -> str:
    out = [
        f"Report {report.start:%Y-%m-%d} .. {report.end:%Y-%m-%d} ({currency})",
        "",
        f"{'Category':<22}{'Total':>12}{'Per month':>12}{'Count':>7}",
        "-" * 53,
    ]
    for line in report.categories:
        flag = "  !" if line.anomaly else ""
        out.append(
            f"{line.category[:21]:<22}{_money(line.total_cents)}{_money(line.monthly_mean_cents)}"
            f"{line.count:>7}{flag}"
        )
    out += [
        "-" * 53,
        f"{'Income':<22}{_money(report.income_cents)}",
        f"{'Spending':<22}{_money(report.spending_cents)}",
        f"{'Net':<22}{_money(report.net_cents)}",
    ]
    return "\n".join(out) + "\n"


def to_dict(report: Report) -> dict:
    return {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "income_cents": report.income_cents,
        "spending_cents": report.spending_cents,
        "net_cents": report.net_cents,
        "categories": [vars(line) for line in report.categories],
    }
