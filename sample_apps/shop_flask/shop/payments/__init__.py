"""Card payments, provider webhooks and refunds."""
from .views import bp  # noqa: F401
