"""API errors rendered as JSON by one error handler."""
from flask import Flask, jsonify


class APIError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, status: int | None = None, **payload):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.payload = payload

    def to_dict(self) -> dict:
        return {"error": self.code, "message": self.message, **self.payload}


class Unauthorized(APIError):
    status = 401
    code = "unauthorized"


class Forbidden(APIError):
    status = 403
    code = "forbidden"


class NotFound(APIError):
    status = 404
    code = "not_found"


class Conflict(APIError):
    status = 409
    code = "conflict"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(APIError)
    def handle_api_error(err: APIError):
        return jsonify(err.to_dict()), err.status
