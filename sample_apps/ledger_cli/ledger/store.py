"""SQLite storage for statements, book entries and matches."""
import sqlite3
from collections.abc import Iterable
from datetime import date

from .models import BankLine, Entry, Match

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    currency TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS import_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    account TEXT NOT NULL REFERENCES accounts(name),
    imported_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    rows INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS bank_lines (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    account TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    description TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    matched INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, booked_on, amount_cents, description, reference)
);
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER REFERENCES import_batches(id),
    account TEXT NOT NULL,
    posted_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    reconciled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS matches (
    bank_line_id INTEGER PRIMARY KEY REFERENCES bank_lines(id),
    entry_id INTEGER NOT NULL UNIQUE REFERENCES transactions(id),
    score REAL NOT NULL,
    matched_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""


class LedgerStore:
    def __init__(self, path: str):
        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")

    def __enter__(self) -> "LedgerStore":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.commit()
        self.close()

    def close(self) -> None:
        self.conn.close()

    def init_schema(self) -> None:
        self.conn.executescript(SCHEMA)

    def ensure_account(self, name: str, currency: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO accounts (name, currency) VALUES (?, ?)", (name, currency)
        )

    def accounts(self) -> list[str]:
        return [row["name"] for row in self.conn.execute("SELECT name FROM accounts ORDER BY name")]

    def start_batch(self, kind: str, source: str, account: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO import_batches (kind, source, account) VALUES (?, ?, ?)",
            (kind, source, account),
        )
        return cur.lastrowid

    def finish_batch(self, batch_id: int, rows: int, errors: int) -> None:
        self.conn.execute(
            "UPDATE import_batches SET rows = ?, errors = ? WHERE id = ?", (rows, errors, batch_id)
        )
        self.conn.commit()

    def add_bank_lines(self, batch_id: int, lines: Iterable[BankLine]) -> int:
        cur = self.conn.executemany(
            "INSERT OR IGNORE INTO bank_lines"
            " (batch_id, account, booked_on, amount_cents, description, reference)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (batch_id, l.account, l.booked_on.isoformat(), l.amount_cents, l.description, l.reference)
                for l in lines
            ],
        )
        return cur.rowcount

    def add_entries(self, batch_id: int, entries: Iterable[Entry]) -> int:
        cur = self.conn.executemany(
            "INSERT INTO transactions (batch_id, account, posted_on, amount_cents, description, category)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (batch_id, e.account, e.posted_on.isoformat(), e.amount_cents, e.description, e.category)
                for e in entries
            ],
        )
        return cur.rowcount

    def unmatched_bank_lines(self, account: str) -> list[BankLine]:
        rows = self.conn.execute(
            "SELECT * FROM bank_lines WHERE account = ? AND matched = 0 ORDER BY booked_on, id",
            (account,),
        )
        return [
            BankLine(r["account"], date.fromisoformat(r["booked_on"]), r["amount_cents"],
                     r["description"], r["reference"], r["id"])
            for r in rows
        ]

    def unreconciled_entries(self, account: str) -> list[Entry]:
        rows = self.conn.execute(
            "SELECT * FROM transactions WHERE account = ? AND reconciled = 0 ORDER BY posted_on, id",
            (account,),
        )
        return [self._entry(r) for r in rows]

    def entries_between(self, start: date, end: date, account: str | None = None) -> list[Entry]:
        sql = "SELECT * FROM transactions WHERE posted_on >= ? AND posted_on < ?"
        params: list = [start.isoformat(), end.isoformat()]
        if account:
            sql += " AND account = ?"
            params.append(account)
        return [self._entry(r) for r in self.conn.execute(sql + " ORDER BY posted_on, id", params)]

    def save_matches(self, matches: list[Match]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT INTO matches (bank_line_id, entry_id, score) VALUES (?, ?, ?)",
                [(m.bank_line_id, m.entry_id, round(m.score, 4)) for m in matches],
            )
            self.conn.executemany(
                "UPDATE bank_lines SET matched = 1 WHERE id = ?", [(m.bank_line_id,) for m in matches]
            )
            self.conn.executemany(
                "UPDATE transactions SET reconciled = 1 WHERE id = ?", [(m.entry_id,) for m in matches]
            )

    def batch(self, batch_id: int) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM import_batches WHERE id = ?", (batch_id,)).fetchone()

    def undo_batch(self, batch_id: int) -> int:
        """Remove an import and everything matched against it; returns the rows removed."""
        with self.conn:
            self.conn.execute(
                "UPDATE transactions SET reconciled = 0 WHERE id IN ("
                " SELECT m.entry_id FROM matches m JOIN bank_lines b ON b.id = m.bank_line_id"
                " WHERE b.batch_id = ?)",
                (batch_id,),
            )
            self.conn.execute(
                "UPDATE bank_lines SET matched = 0 WHERE id IN ("
                " SELECT m.bank_line_id FROM matches m JOIN transactions t ON t.id = m.entry_id"
                " WHERE t.batch_id = ?)",
                (batch_id,),
            )
            self.conn.execute(
                "DELETE FROM matches WHERE bank_line_id IN (SELECT id FROM bank_lines WHERE batch_id = ?)"
                " OR entry_id IN (SELECT id FROM transactions WHERE batch_id = ?)",
                (batch_id, batch_id),
            )
            removed = self.conn.execute("DELETE FROM bank_lines WHERE batch_id = ?", (batch_id,)).rowcount
            removed += self.conn.execute("DELETE FROM transactions WHERE batch_id = ?", (batch_id,)).rowcount
            self.conn.execute("DELETE FROM import_batches WHERE id = ?", (batch_id,))
        return removed

    @staticmethod
    def _entry(row: sqlite3.Row) -> Entry:
        return Entry(row["account"], date.fromisoformat(row["posted_on"]), row["amount_cents"],
                     row["description"], row["category"], row["id"])
