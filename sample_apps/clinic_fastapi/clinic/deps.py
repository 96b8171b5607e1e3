"""Repository dependencies shared by the routers."""
from typing import Annotated

from fastapi import Depends

from .db import DbConn
from .repositories import DoctorRepository, PatientRepository


def get_patient_repo(db: DbConn) -> PatientRepository:
    return PatientRepository(db)


def get_doctor_repo(db: DbConn) -> DoctorRepository:
    return DoctorRepository(db)


PatientRepo = Annotated[PatientRepository, Depends(get_patient_repo)]


class Pagination:
    def __init__(self, limit: int = 50, offset: int = 0):
        self.limit = max(1, min(limit, 200))
        self.offset = max(0, offset)
