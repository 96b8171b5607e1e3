"""Doctors and their weekly availability."""
import sqlite3

from .base import BaseRepository


class DoctorRepository(BaseRepository):
    table = "doctors"
    entity = "Doctor"

    def find(self, specialty: str | None = None, include_inactive: bool = False) -> list[sqlite3.Row]:
        clauses, params = [], []
        if specialty:
            clauses.append("specialty = ?")
            params.append(specialty)
        if not include_inactive:
            clauses.append("active = 1")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._all(f"SELECT * FROM doctors{where} ORDER BY full_name", params)

    def create(self, full_name: str, specialty: str, fee_cents: int, user_id: int | None) -> int:
        return self._insert(
            "INSERT INTO doctors (full_name, specialty, consultation_fee_cents, user_id)"
            " VALUES (?, ?, ?, ?)",
            (full_name, specialty, fee_cents, user_id),
        )

    def availability(self, doctor_id: int, weekday: int | None = None) -> list[sqlite3.Row]:
        if weekday is None:
            return self._all(
                "SELECT * FROM availability WHERE doctor_id = ? ORDER BY weekday, start_time",
                (doctor_id,),
            )
        return self._all(
            "SELECT * FROM availability WHERE doctor_id = ? AND weekday = ? ORDER BY start_time",
            (doctor_id, weekday),
        )

    def replace_availability(self, doctor_id: int, windows: list[tuple[int, str, str]]) -> None:
        self._execute("DELETE FROM availability WHERE doctor_id = ?", (doctor_id,))
        self._insert_many(
            "INSERT INTO availability (doctor_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)",
            [(doctor_id, weekday, start, end) for weekday, start, end in windows],
        )
