import json
from decimal import Decimal

_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type,Authorization",
}


class DecimalEncoder(json.JSONEncoder):
    """DynamoDB returns numbers as Decimal; render integral ones as int."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


def dumps(payload) -> str:
    return json.dumps(payload, cls=DecimalEncoder, separators=(",", ":"))


def json_response(status: int, body, headers: dict | None = None) -> dict:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", **_CORS_HEADERS, **(headers or {})},
        "body": dumps(body),
    }


def error_response(status: int, message: str, code: str = "error", details=None) -> dict:
    body = {"error": code, "message": message}
    if details:
        body["details"] = details
    return json_response(status, body)
