"""Patient records."""
import sqlite3

from .base import BaseRepository, now_iso

UPDATABLE = ("first_name", "last_name", "email", "phone", "insurance_number", "notes")


class PatientRepository(BaseRepository):
    table = "patients"
    entity = "Patient"

    def search(self, text: str | None, limit: int, offset: int) -> list[sqlite3.Row]:
        if text:
            pattern = f"%{text.strip().lower()}%"
            return self._all(
                "SELECT * FROM patients WHERE lower(last_name) LIKE ? OR lower(first_name) LIKE ?"
                " OR insurance_number = ? ORDER BY last_name, first_name LIMIT ? OFFSET ?",
                (pattern, pattern, text.strip(), limit, offset),
            )
        return self._all(
            "SELECT * FROM patients ORDER BY last_name, first_name LIMIT ? OFFSET ?",
            (limit, offset),
        )

    def create(self, data: dict) -> int:
        return self._insert(
            "INSERT INTO patients (first_name, last_name, date_of_birth, email, phone,"
            " insurance_number, notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                data["first_name"],
                data["last_name"],
                data["date_of_birth"].isoformat(),
                data.get("email"),
                data.get("phone"),
                data.get("insurance_number"),
                data.get("notes", ""),
            ),
        )

    def update(self, patient_id: int, changes: dict) -> None:
        fields = [name for name in UPDATABLE if name in changes]
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        params = [changes[name] for name in fields] + [now_iso(), patient_id]
        self._execute(f"UPDATE patients SET {assignments}, updated_at = ? WHERE id = ?", params)

    def delete(self, patient_id: int) -> bool:
        return self._execute("DELETE FROM patients WHERE id = ?", (patient_id,)) > 0

    def has_history(self, patient_id: int) -> bool:
        row = self._one(
            "SELECT EXISTS (SELECT 1 FROM appointments WHERE patient_id = ?)"
            " OR EXISTS (SELECT 1 FROM invoices WHERE patient_id = ?) AS found",
            (patient_id, patient_id),
        )
        return bool(row["found"])
