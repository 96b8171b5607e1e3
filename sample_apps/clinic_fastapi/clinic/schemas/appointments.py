"""Appointments."""
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["booked", "cancelled", "completed", "no_show"]


class AppointmentCreate(BaseModel):
    patient_id: int
    doctor_id: int
    starts_at: datetime
    duration_minutes: int = Field(default=20, ge=10, le=120)
    reason: str = Field(default="", max_length=500)


class AppointmentCancel(BaseModel):
    reason: str = Field(min_length=3, max_length=200)


class AppointmentComplete(BaseModel):
    notes: str = Field(default="", max_length=4000)
    procedures: list[str] = Field(default_factory=list)


class AppointmentOut(BaseModel):
    id: int
    patient_id: int
    patient_name: str
    doctor_id: int
    doctor_name: str
    starts_at: datetime
    ends_at: datetime
    status: Status
    reason: str
