"""Thin base for the SQL repositories: one connection, rows as ``sqlite3.Row``."""
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone


class NotFoundError(LookupError):
    def __init__(self, entity: str, ident: object):
        super().__init__(f"{entity} {ident} not found")
        self.entity = entity
        self.ident = ident


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class BaseRepository:
    table = ""
    entity = "record"

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def _one(self, sql: str, params: Sequence = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def _execute(self, sql: str, params: Sequence = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def _insert(self, sql: str, params: Sequence) -> int:
        return self.conn.execute(sql, params).lastrowid

    def _insert_many(self, sql: str, rows: Iterable[Sequence]) -> None:
        self.conn.executemany(sql, rows)

    def require(self, ident: int) -> sqlite3.Row:
        row = self._one(f"SELECT * FROM {self.table} WHERE id = ?", (ident,))
        if row is None:
            raise NotFoundError(self.entity, ident)
        return row
