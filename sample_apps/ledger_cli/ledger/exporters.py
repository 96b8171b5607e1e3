"""Writing book entries out for the accountant or a spreadsheet."""
import csv
import json
from collections.abc import Sequence

from .models import Entry

CSV_FIELDS = ("id", "account", "posted_on", "amount", "description", "category")


def _row(entry: Entry) -> dict:
    return {
        "id": entry.id,
        "account": entry.account,
        "posted_on": entry.posted_on.isoformat(),
        "amount": f"{entry.amount_cents / 100:.2f}",
        "description": entry.description,
        "category": entry.category,
    }


def export_csv(entries: Sequence[Entry], path: str) -> int:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, delimiter=";")
        writer.writeheader()
        writer.writerows(_row(entry) for entry in entries)
    return len(entries)


def export_json(entries: Sequence[Entry], path: str) -> int:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"entries": [_row(entry) for entry in entries]}, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return len(entries)


EXPORTERS = {"csv": export_csv, "json": export_json}


def export_entries(entries: Sequence[Entry], fmt: str, path: str) -> int:
    return EXPORTERS[fmt](entries, path)
