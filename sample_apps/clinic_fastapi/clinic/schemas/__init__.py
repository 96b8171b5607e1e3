"""Request and response models, re-exported for the routers."""
from .appointments import AppointmentCancel, AppointmentComplete, AppointmentCreate, AppointmentOut
from .auth import Token, UserCreate, UserOut
from .billing import DoctorRevenue, InvoiceLine, InvoiceOut, PaymentIn, RevenueReport
from .doctors import AvailabilityWindow, DoctorCreate, DoctorOut, Slot
from .patients import PatientCreate, PatientOut, PatientUpdate

__all__ = [
    "AppointmentCancel",
    "AppointmentComplete",
    "AppointmentCreate",
    "AppointmentOut",
    "AvailabilityWindow",
    "DoctorCreate",
    "DoctorOut",
    "DoctorRevenue",
    "InvoiceLine",
    "InvoiceOut",
    "PaymentIn",
    "PatientCreate",
    "PatientOut",
    "PatientUpdate",
    "RevenueReport",
    "Slot",
    "Token",
    "UserCreate",
    "UserOut",
]
