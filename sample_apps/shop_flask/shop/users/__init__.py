"""Customer accounts: registration, sign-in, profile and addresses."""
from .views import bp  # noqa: F401
