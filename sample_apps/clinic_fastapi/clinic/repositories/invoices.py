"""Invoices, their lines and the payments against them."""
import sqlite3
from datetime import date

from .base import BaseRepository, NotFoundError, now_iso

INVOICE_SELECT = """
SELECT i.*, p.first_name || ' ' || p.last_name AS patient_name, p.email AS patient_email
FROM invoices i
JOIN patients p ON p.id = i.patient_id
"""


class InvoiceRepository(BaseRepository):
    table = "invoices"
    entity = "Invoice"

    def get(self, invoice_id: int) -> sqlite3.Row:
        row = self._one(INVOICE_SELECT + " WHERE i.id = ?", (invoice_id,))
        if row is None:
            raise NotFoundError(self.entity, invoice_id)
        return row

    def lines(self, invoice_id: int) -> list[sqlite3.Row]:
        return self._all(
            "SELECT description, quantity, unit_cents FROM invoice_lines WHERE invoice_id = ? ORDER BY id",
            (invoice_id,),
        )

    def search(self, status: str | None, patient_id: int | None, limit: int = 100) -> list[sqlite3.Row]:
        clauses, params = [], []
        if status:
            clauses.append("i.status = ?")
            params.append(status)
        if patient_id is not None:
            clauses.append("i.patient_id = ?")
            params.append(patient_id)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return self._all(INVOICE_SELECT + where + " ORDER BY i.issued_at DESC LIMIT ?", [*params, limit])

    def next_number(self, year: int) -> str:
        row = self._one(
            "SELECT COUNT(*) AS n FROM invoices WHERE number LIKE ?", (f"INV-{year}-%",)
        )
        return f"INV-{year}-{row['n'] + 1:05d}"

    def create(self, number: str, patient_id: int, appointment_id: int | None,
               issued: date, due: date) -> int:
        return self._insert(
            "INSERT INTO invoices (number, patient_id, appointment_id, issued_at, due_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (number, patient_id, appointment_id, issued.isoformat(), due.isoformat()),
        )

    def add_lines(self, invoice_id: int, lines: list[tuple[str, int, int]]) -> int:
        self._insert_many(
            "INSERT INTO invoice_lines (invoice_id, description, quantity, unit_cents) VALUES (?, ?, ?, ?)",
            [(invoice_id, desc, qty, unit) for desc, qty, unit in lines],
        )
        total = sum(qty * unit for _, qty, unit in lines)
        self._execute("UPDATE invoices SET total_cents = ? WHERE id = ?", (total, invoice_id))
        return total

    def add_payment(self, invoice_id: int, amount_cents: int, method: str, reference: str | None) -> int:
        payment_id = self._insert(
            "INSERT INTO payments (invoice_id, amount_cents, method, reference, received_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (invoice_id, amount_cents, method, reference, now_iso()),
        )
        self._execute(
            "UPDATE invoices SET paid_cents = paid_cents + ?,"
            " status = CASE WHEN paid_cents + ? >= total_cents THEN 'paid' ELSE 'partially_paid' END"
            " WHERE id = ?",
            (amount_cents, amount_cents, invoice_id),
        )
        return payment_id

    def set_status(self, invoice_id: int, status: str) -> None:
        self._execute("UPDATE invoices SET status = ? WHERE id = ?", (status, invoice_id))

    def mark_sent(self, invoice_id: int) -> None:
        self._execute("UPDATE invoices SET sent_at = ? WHERE id = ?", (now_iso(), invoice_id))

    def revenue_by_doctor(self, start: date, end: date) -> list[sqlite3.Row]:
        return self._all(
            """
            SELECT d.id AS doctor_id, d.full_name AS doctor_name,
                   COALESCE(SUM(i.total_cents), 0) AS invoiced_cents,
                   COALESCE(SUM(i.paid_cents), 0) AS collected_cents
            FROM invoices i
            JOIN appointments a ON a.id = i.appointment_id
            JOIN doctors d ON d.id = a.doctor_id
            WHERE i.status != 'void' AND i.issued_at >= ? AND i.issued_at < ?
            GROUP BY d.id, d.full_name
            ORDER BY invoiced_cents DESC
            """,
            (start.isoformat(), end.isoformat()),
        )
