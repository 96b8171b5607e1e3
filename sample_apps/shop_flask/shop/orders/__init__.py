"""Checkout and order history."""
from .views import bp  # noqa: F401
