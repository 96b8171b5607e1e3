"""SQL repositories over the clinic database."""
from .appointments import AppointmentRepository
from .base import BaseRepository, NotFoundError
from .doctors import DoctorRepository
from .invoices import InvoiceRepository
from .patients import PatientRepository
from .users import UserRepository

__all__ = [
    "AppointmentRepository",
    "BaseRepository",
    "DoctorRepository",
    "InvoiceRepository",
    "NotFoundError",
    "PatientRepository",
    "UserRepository",
]
