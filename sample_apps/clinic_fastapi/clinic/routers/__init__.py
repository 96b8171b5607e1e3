"""API routers, one per area."""
from . import appointments, auth, billing, doctors, patients

__all__ = ["appointments", "auth", "billing", "doctors", "patients"]
