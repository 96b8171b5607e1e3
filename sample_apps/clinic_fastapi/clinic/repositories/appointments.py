"""Appointments, always read together with the patient's and doctor's names."""
import sqlite3
from datetime import date, datetime, timedelta

from .base import BaseRepository, NotFoundError

DETAIL_SELECT = """
SELECT a.id, a.patient_id, a.doctor_id, a.starts_at, a.ends_at, a.status, a.reason, a.notes,
       p.first_name || ' ' || p.last_name AS patient_name, p.email AS patient_email,
       d.full_name AS doctor_name, d.consultation_fee_cents
FROM appointments a
JOIN patients p ON p.id = a.patient_id
JOIN doctors d ON d.id = a.doctor_id
"""


class AppointmentRepository(BaseRepository):
    table = "appointments"
    entity = "Appointment"

    def get_detail(self, appointment_id: int) -> sqlite3.Row:
        row = self._one(DETAIL_SELECT + " WHERE a.id = ?", (appointment_id,))
        if row is None:
            raise NotFoundError(self.entity, appointment_id)
        return row

    def search(
        self,
        doctor_id: int | None = None,
        patient_id: int | None = None,
        day: date | None = None,
        status: str | None = None,
    ) -> list[sqlite3.Row]:
        clauses, params = [], []
        if doctor_id is not None:
            clauses.append("a.doctor_id = ?")
            params.append(doctor_id)
        if patient_id is not None:
            clauses.append("a.patient_id = ?")
            params.append(patient_id)
        if day is not None:
            clauses.append("a.starts_at >= ? AND a.starts_at < ?")
            params += [day.isoformat(), (day + timedelta(days=1)).isoformat()]
        if status is not None:
            clauses.append("a.status = ?")
            params.append(status)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return self._all(DETAIL_SELECT + where + " ORDER BY a.starts_at", params)

    def overlapping(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> list[sqlite3.Row]:
        return self._all(
            "SELECT id, starts_at, ends_at FROM appointments"
            " WHERE doctor_id = ? AND status = 'booked' AND starts_at < ? AND ends_at > ?",
            (doctor_id, ends_at.isoformat(), starts_at.isoformat()),
        )

    def create(self, patient_id: int, doctor_id: int, starts_at: datetime, ends_at: datetime,
               reason: str, booked_by: int) -> int:
        return self._insert(
            "INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at, reason, booked_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (patient_id, doctor_id, starts_at.isoformat(), ends_at.isoformat(), reason, booked_by),
        )

    def set_status(self, appointment_id: int, status: str, notes: str | None = None) -> None:
        self._execute(
            "UPDATE appointments SET status = ?, notes = COALESCE(?, notes) WHERE id = ?",
            (status, notes, appointment_id),
        )
