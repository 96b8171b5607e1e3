"""Public catalogue: products and categories."""
from .views import bp  # noqa: F401
