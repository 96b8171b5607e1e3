"""Invoicing appointments and recording payments."""
from datetime import date, timedelta

from ..config import get_settings
from ..db import DbConn
from ..repositories import InvoiceRepository
from ..schemas import DoctorRevenue, InvoiceLine, InvoiceOut, PaymentIn, RevenueReport

PROCEDURE_FEES_CENTS = {
    "blood_test": 2500,
    "ecg": 4000,
    "vaccination": 1800,
    "wound_dressing": 1500,
    "spirometry": 3500,
}


class BillingError(ValueError):
    """A billing operation that is not allowed in the invoice's state."""


class BillingService:
    def __init__(self, db: DbConn):
        self.invoices = InvoiceRepository(db)

    def invoice_appointment(self, appointment, procedures: list[str]) -> int:
        unknown = sorted(set(procedures) - PROCEDURE_FEES_CENTS.keys())
        if unknown:
            raise BillingError(f"Unknown procedures: {', '.join(unknown)}")
        issued = date.today()
        invoice_id = self.invoices.create(
            self.invoices.next_number(issued.year),
            appointment["patient_id"],
            appointment["id"],
            issued,
            issued + timedelta(days=get_settings().invoice_due_days),
        )
        lines = [(f"Consultation - {appointment['doctor_name']}", 1,
                  appointment["consultation_fee_cents"])]
        for name in sorted(set(procedures)):
            lines.append((name.replace("_", " ").capitalize(), procedures.count(name),
                          PROCEDURE_FEES_CENTS[name]))
        self.invoices.add_lines(invoice_id, lines)
        return invoice_id

    def invoice(self, invoice_id: int) -> InvoiceOut:
        row = self.invoices.get(invoice_id)
        lines = [InvoiceLine(**dict(line)) for line in self.invoices.lines(invoice_id)]
        return InvoiceOut(**dict(row), lines=lines)

    def record_payment(self, invoice_id: int, payment: PaymentIn) -> InvoiceOut:
        invoice = self.invoices.get(invoice_id)
        if invoice["status"] in ("paid", "void"):
            raise BillingError(f"Invoice {invoice['number']} is {invoice['status']}")
        outstanding = invoice["total_cents"] - invoice["paid_cents"]
        if payment.amount_cents > outstanding:
            raise BillingError(f"Payment exceeds the outstanding {outstanding} cents")
        self.invoices.add_payment(invoice_id, payment.amount_cents, payment.method, payment.reference)
        return self.invoice(invoice_id)

    def void(self, invoice_id: int) -> InvoiceOut:
        invoice = self.invoices.get(invoice_id)
        if invoice["paid_cents"] > 0:
            raise BillingError("Invoices with payments cannot be voided; refund first")
        self.invoices.set_status(invoice_id, "void")
        return self.invoice(invoice_id)

    def revenue(self, start: date, end: date) -> RevenueReport:
        rows = self.invoices.revenue_by_doctor(start, end)
        by_doctor = [DoctorRevenue(**dict(row)) for row in rows]
        invoiced = sum(item.invoiced_cents for item in by_doctor)
        collected = sum(item.collected_cents for item in by_doctor)
        return RevenueReport(
            start=start,
            end=end,
            invoiced_cents=invoiced,
            collected_cents=collected,
            outstanding_cents=invoiced - collected,
            by_doctor=by_doctor,
        )
