class ApiError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, details=None):
        super().__init__(message)
        self.message = message
        self.details = details

    def to_body(self) -> dict:
        body = {"error": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class ValidationError(ApiError):
    status = 400
    code = "validation_error"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class OutOfStock(Conflict):
    code = "out_of_stock"

    def __init__(self, sku: str, requested: int, available: int):
        super().__init__(f"Only {available} of {sku} available, {requested} requested", {"sku": sku})
        self.sku = sku
        self.requested = requested
        self.available = available
