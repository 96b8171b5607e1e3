"""Patient records."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status

from ..db import DbConn
from ..deps import Pagination, PatientRepo
from ..repositories import AppointmentRepository
from ..schemas import AppointmentOut, PatientCreate, PatientOut, PatientUpdate
from ..security import CurrentUser, require_roles

router = APIRouter(prefix="/patients", tags=["patients"])


@router.get("/", response_model=list[PatientOut])
async def list_patients(
    repo: PatientRepo, user: CurrentUser, page: Annotated[Pagination, Depends()], q: str | None = None
) -> list[PatientOut]:
    return [PatientOut.model_validate(dict(row)) for row in repo.search(q, page.limit, page.offset)]


@router.post("/", response_model=PatientOut, status_code=status.HTTP_201_CREATED)
async def create_patient(payload: PatientCreate, repo: PatientRepo, user: CurrentUser) -> PatientOut:
    patient_id = repo.create(payload.model_dump())
    return PatientOut.model_validate(dict(repo.require(patient_id)))


@router.get("/{patient_id}", response_model=PatientOut)
async def get_patient(patient_id: int, repo: PatientRepo, user: CurrentUser) -> PatientOut:
    return PatientOut.model_validate(dict(repo.require(patient_id)))


@router.patch("/{patient_id}", response_model=PatientOut)
async def update_patient(
    patient_id: int, payload: PatientUpdate, repo: PatientRepo, user: CurrentUser
) -> PatientOut:
    repo.require(patient_id)
    repo.update(patient_id, payload.model_dump(exclude_unset=True))
    return PatientOut.model_validate(dict(repo.require(patient_id)))


@router.delete(
    "/{patient_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_roles("admin"))],
)
def delete_patient(patient_id: int, repo: PatientRepo) -> Response:
    repo.require(patient_id)
    if repo.has_history(patient_id):
        raise HTTPException(
            status.HTTP_409_CONFLICT, "Patients with appointments or invoices are kept for the record"
        )
    repo.delete(patient_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{patient_id}/appointments", response_model=list[AppointmentOut])
def patient_appointments(patient_id: int, db: DbConn, user: CurrentUser) -> list[AppointmentOut]:
    appointments = AppointmentRepository(db)
    rows = appointments.search(patient_id=patient_id)
    return [AppointmentOut.model_validate(dict(row)) for row in rows]
