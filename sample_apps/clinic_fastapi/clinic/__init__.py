"""Clinic appointments and billing API."""
__version__ = "1.4.0"
