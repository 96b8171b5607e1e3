"""A small request model and path matcher for the API Gateway proxy integration."""
import base64
import json
import re
from dataclasses import dataclass, field

from common import ValidationError

_PARAM = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    query_params: dict
    body: str | None
    path_params: dict = field(default_factory=dict)
    request_id: str | None = None

    @classmethod
    def from_event(cls, event: dict) -> "Request":
        if "rawPath" in event:
            # HTTP API (payload format 2.0)
            method = event["requestContext"]["http"]["method"]
            path = event["rawPath"]
        else:
            # REST API proxy integration (payload format 1.0)
            method = event["httpMethod"]
            path = event["path"]
        body = event.get("body")
        if body and event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8")
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        return cls(
            method=method.upper(),
            path=path.rstrip("/") or "/",
            headers=headers,
            query_params=event.get("queryStringParameters") or {},
            body=body,
            request_id=event.get("requestContext", {}).get("requestId"),
        )

    def json(self) -> dict:
        if not self.body:
            return {}
        try:
            payload = json.loads(self.body)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"Body is not valid JSON: {exc.msg}") from exc
        if not isinstance(payload, dict):
            raise ValidationError("Body must be a JSON object")
        return payload

    def query(self, name: str, default=None):
        return self.query_params.get(name, default)

    def int_query(self, name: str, default: int, maximum: int) -> int:
        raw = self.query(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError(f"{name} must be a number") from None
        return max(1, min(value, maximum))


def compile_templates(route_keys) -> list[tuple[str, str, re.Pattern]]:
    """Turn ("GET", "/orders/{order_id}") keys into regexes, most specific first."""
    compiled = []
    for method, template in route_keys:
        regex = "^" + _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", template) + "$"
        compiled.append((method, template, re.compile(regex)))
    compiled.sort(key=lambda entry: (entry[1].count("{"), -len(entry[1])))
    return compiled


def match_route(method: str, path: str, templates) -> tuple[tuple[str, str], dict] | None:
    allowed = []
    for route_method, template, regex in templates:
        match = regex.match(path)
        if match is None:
            continue
        if route_method != method:
            allowed.append(route_method)
            continue
        return (route_method, template), match.groupdict()
    if allowed:
        raise MethodNotAllowed(allowed)
    return None


class MethodNotAllowed(Exception):
    def __init__(self, allowed: list[str]):
        super().__init__(", ".join(sorted(set(allowed))))
        self.allowed = sorted(set(allowed))
