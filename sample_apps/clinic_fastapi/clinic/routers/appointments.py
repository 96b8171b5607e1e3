"""Booking, cancelling and completing appointments."""
from datetime import date

from fastapi import APIRouter, BackgroundTasks, HTTPException, status

from ..db import DbConn
from ..repositories import AppointmentRepository
from ..schemas import AppointmentCancel, AppointmentComplete, AppointmentCreate, AppointmentOut
from ..security import CurrentUser
from ..services.billing import BillingService
from ..services.notifications import send_appointment_confirmation, send_cancellation_notice
from ..services.scheduling import AppointmentScheduler, SchedulingError

router = APIRouter(prefix="/appointments", tags=["appointments"])


def _detail(db: DbConn, appointment_id: int) -> AppointmentOut:
    return AppointmentOut.model_validate(dict(AppointmentRepository(db).get_detail(appointment_id)))


@router.post("/", response_model=AppointmentOut, status_code=status.HTTP_201_CREATED)
async def book_appointment(
    payload: AppointmentCreate, background_tasks: BackgroundTasks, db: DbConn, user: CurrentUser
) -> AppointmentOut:
    scheduler = AppointmentScheduler(db)
    try:
        appointment_id = scheduler.book(
            payload.patient_id,
            payload.doctor_id,
            payload.starts_at,
            payload.duration_minutes,
            payload.reason,
            booked_by=user.id,
        )
    except SchedulingError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    db.commit()
    background_tasks.add_task(send_appointment_confirmation, appointment_id)
    return _detail(db, appointment_id)


@router.get("/", response_model=list[AppointmentOut])
async def list_appointments(
    db: DbConn,
    user: CurrentUser,
    doctor_id: int | None = None,
    day: date | None = None,
    status_filter: str | None = None,
) -> list[AppointmentOut]:
    rows = AppointmentRepository(db).search(doctor_id=doctor_id, day=day, status=status_filter)
    return [AppointmentOut.model_validate(dict(row)) for row in rows]


@router.get("/{appointment_id}", response_model=AppointmentOut)
async def get_appointment(appointment_id: int, db: DbConn, user: CurrentUser) -> AppointmentOut:
    return _detail(db, appointment_id)


@router.post("/{appointment_id}/cancel", response_model=AppointmentOut)
async def cancel_appointment(
    appointment_id: int,
    payload: AppointmentCancel,
    background_tasks: BackgroundTasks,
    db: DbConn,
    user: CurrentUser,
) -> AppointmentOut:
    try:
        AppointmentScheduler(db).cancel(appointment_id)
    except SchedulingError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    db.commit()
    background_tasks.add_task(send_cancellation_notice, appointment_id, payload.reason)
    return _detail(db, appointment_id)


@router.post("/{appointment_id}/complete", response_model=AppointmentOut)
def complete_appointment(
    appointment_id: int, payload: AppointmentComplete, db: DbConn, user: CurrentUser
) -> AppointmentOut:
    if user.role not in ("doctor", "admin"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only doctors complete appointments")
    try:
        appointment = AppointmentScheduler(db).complete(appointment_id, payload.notes)
    except SchedulingError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    BillingService(db).invoice_appointment(appointment, payload.procedures)
    return _detail(db, appointment_id)
