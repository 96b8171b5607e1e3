"""Bookable slots and appointment booking rules."""
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..config import get_settings
from ..repositories import AppointmentRepository, DoctorRepository, PatientRepository


class SchedulingError(ValueError):
    """A booking request that breaks a scheduling rule."""


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end


def _parse_clock(value: str) -> time:
    hours, minutes = value.split(":")[:2]
    return time(int(hours), int(minutes))


def working_intervals(windows: list[sqlite3.Row], day: date) -> list[Interval]:
    intervals = []
    for window in windows:
        start = datetime.combine(day, _parse_clock(window["start_time"]))
        end = datetime.combine(day, _parse_clock(window["end_time"]))
        if end > start:
            intervals.append(Interval(start, end))
    return sorted(intervals, key=lambda interval: interval.start)


def compute_free_slots(
    working: list[Interval], booked: list[Interval], slot_minutes: int, not_before: datetime | None = None
) -> list[Interval]:
    """Cut every working interval into slots of ``slot_minutes`` that overlap no booking."""
    step = timedelta(minutes=slot_minutes)
    booked = sorted(booked, key=lambda interval: interval.start)
    free: list[Interval] = []
    for interval in working:
        cursor = interval.start
        first_booking = 0
        while cursor + step <= interval.end:
            candidate = Interval(cursor, cursor + step)
            while first_booking < len(booked) and booked[first_booking].end <= candidate.start:
                first_booking += 1
            clash = next(
                (b for b in booked[first_booking:] if b.start < candidate.end and candidate.overlaps(b)),
                None,
            )
            if clash is not None:
                cursor = max(cursor + step, clash.end)
                continue
            if not_before is None or candidate.start >= not_before:
                free.append(candidate)
            cursor += step
    return free


class AppointmentScheduler:
    def __init__(self, conn: sqlite3.Connection):
        self.appointments = AppointmentRepository(conn)
        self.doctors = DoctorRepository(conn)
        self.patients = PatientRepository(conn)
        self.slot_minutes = get_settings().slot_minutes

    def free_slots(self, doctor_id: int, day: date) -> list[Interval]:
        self.doctors.require(doctor_id)
        working = working_intervals(self.doctors.availability(doctor_id, day.weekday()), day)
        booked = [
            Interval(datetime.fromisoformat(row["starts_at"]), datetime.fromisoformat(row["ends_at"]))
            for row in self.appointments.search(doctor_id=doctor_id, day=day, status="booked")
        ]
        return compute_free_slots(working, booked, self.slot_minutes, not_before=datetime.now())

    def book(self, patient_id: int, doctor_id: int, starts_at: datetime, duration_minutes: int,
             reason: str, booked_by: int) -> int:
        self.patients.require(patient_id)
        doctor = self.doctors.require(doctor_id)
        if not doctor["active"]:
            raise SchedulingError("This doctor is not taking appointments")
        starts_at = starts_at.replace(tzinfo=None, second=0, microsecond=0)
        requested = Interval(starts_at, starts_at + timedelta(minutes=duration_minutes))
        if requested.start < datetime.now():
            raise SchedulingError("Appointments cannot start in the past")
        self._check_within_hours(doctor_id, requested)
        if self.appointments.overlapping(doctor_id, requested.start, requested.end):
            raise SchedulingError("The doctor already has an appointment at that time")
        return self.appointments.create(
            patient_id, doctor_id, requested.start, requested.end, reason, booked_by
        )

    def cancel(self, appointment_id: int) -> sqlite3.Row:
        appointment = self.appointments.get_detail(appointment_id)
        if appointment["status"] != "booked":
            raise SchedulingError(f"Appointment is already {appointment['status']}")
        self.appointments.set_status(appointment_id, "cancelled")
        return appointment

    def complete(self, appointment_id: int, notes: str) -> sqlite3.Row:
        appointment = self.appointments.get_detail(appointment_id)
        if appointment["status"] != "booked":
            raise SchedulingError(f"Appointment is already {appointment['status']}")
        self.appointments.set_status(appointment_id, "completed", notes)
        return appointment

    def _check_within_hours(self, doctor_id: int, requested: Interval) -> None:
        day = requested.start.date()
        windows = working_intervals(self.doctors.availability(doctor_id, day.weekday()), day)
        if not any(w.start <= requested.start and requested.end <= w.end for w in windows):
            raise SchedulingError("The requested time is outside the doctor's hours")
