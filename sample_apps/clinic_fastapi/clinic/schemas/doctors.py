"""Doctors, weekly availability and bookable slots."""
from datetime import datetime, time

from pydantic import BaseModel, Field, model_validator


class DoctorCreate(BaseModel):
    full_name: str = Field(min_length=2, max_length=120)
    specialty: str = Field(min_length=2, max_length=60)
    consultation_fee_cents: int = Field(gt=0)
    user_id: int | None = None


class DoctorOut(DoctorCreate):
    id: int
    active: bool


class AvailabilityWindow(BaseModel):
    weekday: int = Field(ge=0, le=6)
    start_time: time
    end_time: time

    @model_validator(mode="after")
    def ordered(self) -> "AvailabilityWindow":
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")
        return self


class Slot(BaseModel):
    starts_at: datetime
    ends_at: datetime
