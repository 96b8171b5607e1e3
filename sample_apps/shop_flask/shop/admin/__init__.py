"""Back office for staff: products, orders, reports."""
from .views import bp  # noqa: F401
