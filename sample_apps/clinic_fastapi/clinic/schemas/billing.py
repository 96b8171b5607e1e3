"""Invoices, payments and revenue figures."""
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

InvoiceStatus = Literal["open", "partially_paid", "paid", "void"]


class InvoiceLine(BaseModel):
    description: str
    quantity: int
    unit_cents: int


class InvoiceOut(BaseModel):
    id: int
    number: str
    patient_id: int
    patient_name: str
    appointment_id: int | None
    status: InvoiceStatus
    total_cents: int
    paid_cents: int
    issued_at: date
    due_at: date
    sent_at: datetime | None = None
    lines: list[InvoiceLine] = []


class PaymentIn(BaseModel):
    amount_cents: int = Field(gt=0)
    method: Literal["card", "cash", "transfer", "insurance"]
    reference: str | None = Field(default=None, max_length=80)


class DoctorRevenue(BaseModel):
    doctor_id: int
    doctor_name: str
    invoiced_cents: int
    collected_cents: int


class RevenueReport(BaseModel):
    start: date
    end: date
    invoiced_cents: int
    collected_cents: int
    outstanding_cents: int
    by_doctor: list[DoctorRevenue]
