"""Doctors, their weekly hours and free slots."""
from datetime import date

from fastapi import APIRouter, Depends, status

from ..db import DbConn
from ..deps import get_doctor_repo
from ..repositories import DoctorRepository
from ..schemas import AvailabilityWindow, DoctorCreate, DoctorOut, Slot, UserOut
from ..security import get_current_user, require_roles
from ..services.scheduling import AppointmentScheduler

router = APIRouter(prefix="/doctors", tags=["doctors"], dependencies=[Depends(get_current_user)])


@router.get("/", response_model=list[DoctorOut])
def list_doctors(
    specialty: str | None = None, repo: DoctorRepository = Depends(get_doctor_repo)
) -> list[DoctorOut]:
    return [DoctorOut.model_validate(dict(row)) for row in repo.find(specialty)]


@router.post("/", response_model=DoctorOut, status_code=status.HTTP_201_CREATED)
def create_doctor(
    payload: DoctorCreate,
    repo: DoctorRepository = Depends(get_doctor_repo),
    admin: UserOut = Depends(require_roles("admin")),
) -> DoctorOut:
    doctor_id = repo.create(
        payload.full_name, payload.specialty, payload.consultation_fee_cents, payload.user_id
    )
    return DoctorOut.model_validate(dict(repo.require(doctor_id)))


@router.get("/{doctor_id}", response_model=DoctorOut)
def get_doctor(doctor_id: int, repo: DoctorRepository = Depends(get_doctor_repo)) -> DoctorOut:
    return DoctorOut.model_validate(dict(repo.require(doctor_id)))


@router.put("/{doctor_id}/availability", response_model=list[AvailabilityWindow])
def set_availability(
    doctor_id: int,
    windows: list[AvailabilityWindow],
    repo: DoctorRepository = Depends(get_doctor_repo),
    admin: UserOut = Depends(require_roles("admin")),
) -> list[AvailabilityWindow]:
    repo.require(doctor_id)
    repo.replace_availability(
        doctor_id,
        [(w.weekday, w.start_time.strftime("%H:%M"), w.end_time.strftime("%H:%M")) for w in windows],
    )
    return windows


@router.get("/{doctor_id}/slots", response_model=list[Slot])
async def free_slots(doctor_id: int, day: date, db: DbConn) -> list[Slot]:
    scheduler = AppointmentScheduler(db)
    return [
        Slot(starts_at=interval.start, ends_at=interval.end)
        for interval in scheduler.free_slots(doctor_id, day)
    ]
