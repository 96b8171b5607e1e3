"""Shopping cart of the signed-in customer."""
from .views import bp  # noqa: F401
