"""Invoices, payments and revenue."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, status

from ..repositories import InvoiceRepository
from ..schemas import InvoiceOut, PaymentIn, RevenueReport
from ..security import CurrentUser, require_roles
from ..services.billing import BillingError, BillingService
from ..services.notifications import send_invoice_email

router = APIRouter(prefix="/billing", tags=["billing"])

Billing = Annotated[BillingService, Depends()]


@router.get("/invoices", response_model=list[InvoiceOut])
def list_invoices(
    service: Billing,
    user: CurrentUser,
    status_filter: Annotated[str | None, Query(alias="status")] = None,
    patient_id: int | None = None,
) -> list[InvoiceOut]:
    rows = service.invoices.search(status_filter, patient_id)
    return [InvoiceOut(**dict(row)) for row in rows]


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
def get_invoice(invoice_id: int, service: Billing, user: CurrentUser) -> InvoiceOut:
    return service.invoice(invoice_id)


@router.post("/invoices/{invoice_id}/payments", response_model=InvoiceOut)
def record_payment(invoice_id: int, payment: PaymentIn, service: Billing, user: CurrentUser) -> InvoiceOut:
    try:
        return service.record_payment(invoice_id, payment)
    except BillingError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


@router.post("/invoices/{invoice_id}/void", response_model=InvoiceOut,
             dependencies=[Depends(require_roles("admin"))])
def void_invoice(invoice_id: int, service: Billing) -> InvoiceOut:
    try:
        return service.void(invoice_id)
    except BillingError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


@router.post("/invoices/{invoice_id}/send", status_code=status.HTTP_202_ACCEPTED)
def send_invoice(
    invoice_id: int, background_tasks: BackgroundTasks, service: Billing, user: CurrentUser
) -> dict:
    invoices: InvoiceRepository = service.invoices
    invoice = invoices.get(invoice_id)
    if invoice["status"] == "void":
        raise HTTPException(status.HTTP_409_CONFLICT, "Void invoices are not sent")
    invoices.mark_sent(invoice_id)
    background_tasks.add_task(send_invoice_email, invoice_id)
    return {"queued": True, "invoice": invoice["number"]}


@router.get("/reports/revenue", response_model=RevenueReport,
            dependencies=[Depends(require_roles("admin"))])
async def revenue_report(service: Billing, start: date, end: date) -> RevenueReport:
    if end <= start:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "end must be after start")
    return service.revenue(start, end)
