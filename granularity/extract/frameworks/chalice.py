"""Chalice handlers: routes, scheduled, queue and event functions, and plain Lambda functions.

Recognised only on objects the file binds to `Chalice(...)` (or to Chalice's `Blueprint`),
so that a Flask `@app.route` is never taken for Chalice and the other way round:

- `@app.route(path, methods=[...])` → kind "http", `methods` (`GET` by default) and `path`.
- `@app.schedule(Rate(5, unit=Rate.MINUTES))` / `Cron(...)` / `"rate(5 minutes)"` → kind
  "schedule", `schedule` the expression as written.
- `@app.on_sqs_message(queue="q")` → kind "queue", `queue` and `name` (the function's
  qualified name, or `name=`).
- `@app.on_s3_event(bucket=...)`, `on_sns_message(topic=...)`, `on_cw_event(...)`,
  `on_dynamodb_record(stream_arn=...)`, `on_kinesis_record(stream=...)` and the websocket
  handlers → kind "event", `event` = `<source>:<what>` (`s3:uploads`, `sns:alerts`).
- `@app.lambda_function()` and `@app.authorizer()` → kind "faas", `handler` the qualified name.
- `app.register_blueprint(bp, url_prefix="/x")` → `Mount`; `bp = Blueprint(__name__)` → `Router`.

Every fact has `framework="chalice"` and `router` = the decorator's object (`app`, `bp`).
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.frameworks.flask import RouteGatherer, Site, constructor_origin, route_text
from granularity.extract.refs import arg, expr_text, literal_str, ref_of
from granularity.model import facts as f

#: Event decorators: the event source, and the argument (keyword or first positional) naming what emits.
EVENTS = {
    "on_s3_event": ("s3", "bucket"),
    "on_sns_message": ("sns", "topic"),
    "on_cw_event": ("cloudwatch", "event_pattern"),
    "on_dynamodb_record": ("dynamodb", "stream_arn"),
    "on_kinesis_record": ("kinesis", "stream"),
    "on_ws_connect": ("websocket", ""),
    "on_ws_message": ("websocket", ""),
    "on_ws_disconnect": ("websocket", ""),
}
FAAS = frozenset({"lambda_function", "authorizer"})


def _text(node: cst.BaseExpression | None) -> str:
    """A literal's value, or the expression as written."""
    if node is None:
        return ""
    value = literal_str(node)
    return value if value is not None else expr_text(node)


class ChaliceGatherer(RouteGatherer):
    """Chalice app and blueprint decorators (see the module docstring)."""

    DECORATORS = frozenset({"route", "schedule", "on_sqs_message", *EVENTS, *FAAS})
    CALLS = frozenset({"register_blueprint"})
    CONSTRUCTORS = frozenset({"Blueprint"})

    def finish(self) -> None:
        for site in self.decorated:
            if self.origin(site.obj) == "chalice":
                kind, details = self._trigger(site)
                self.ctx.entry_points.append(f.EntryPoint(site.unit, kind, "chalice", details, site.obj, site.line))
        for site in self.calls:
            router = ref_of(arg(site.call, 0, "blueprint"))
            if router is not None and self.origin(site.obj) == "chalice":
                prefix = route_text(arg(site.call, keyword="url_prefix"))
                self.ctx.mounts.append(f.Mount(site.scope, router, site.obj, prefix, site.line))
        for built in self.built:
            if constructor_origin(self.ctx, built.constructor) == "chalice":
                self.ctx.routers.append(f.Router(f"{built.scope}.{built.name}", "chalice", "", built.line))

    def _trigger(self, site: Site) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The kind and details of one decorated handler."""
        call, method = site.call, site.method
        if method == "route":
            methods = self.methods(call, "GET")
            return "http", (("methods", methods), ("path", route_text(arg(call, 0, "path"))))
        if method == "schedule":
            return "schedule", (("schedule", _text(arg(call, 0, "expression"))),)
        if method == "on_sqs_message":
            queue = _text(arg(call, 0, "queue") or arg(call, keyword="queue_arn"))
            return "queue", (("name", _text(arg(call, keyword="name")) or site.unit), ("queue", queue))
        if method in FAAS:
            return "faas", (("handler", site.unit),)
        source, keyword = EVENTS[method]
        what = _text(arg(call, 0, keyword)) if keyword else method.removeprefix("on_ws_")
        return "event", (("event", f"{source}:{what}"),)
