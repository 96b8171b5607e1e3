"""Code shared by every function of the orders service."""
from .errors import ApiError, Conflict, NotFound, OutOfStock, ValidationError
from .responses import error_response, json_response

__all__ = [
    "ApiError",
    "Conflict",
    "NotFound",
    "OutOfStock",
    "ValidationError",
    "error_response",
    "json_response",
]
