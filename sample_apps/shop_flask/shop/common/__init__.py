"""Helpers shared by every blueprint: auth, errors, pagination, pricing, services."""
from .audit import record_audit
from .auth import current_user, login_required, roles_required
from .errors import APIError, Conflict, Forbidden, NotFound, Unauthorized
from .pagination import page_args, paginate
from .service import BaseService

__all__ = [
    "APIError",
    "BaseService",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Unauthorized",
    "current_user",
    "login_required",
    "page_args",
    "paginate",
    "record_audit",
    "roles_required",
]
