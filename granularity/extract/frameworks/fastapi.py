"""FastAPI routes, routers and their inclusion.

Recognised on a `FastAPI(...)`/`APIRouter(...)` object, or on an object the file does not
build when the file imports from `fastapi` and the route is a literal ("" or "/...");
`include_router` and `add_api_route`, FastAPI's own names, on any object the file does not
build as something else:

- `@app.get/post/put/patch/delete/options/head/trace(path)` → `EntryPoint(unit=<the function>,
  kind="http", framework="fastapi", router=<"app"/"router">)`, `methods` the verb;
  `@app.api_route(path, methods=[...])` and Starlette's `@app.route` (`GET` by default);
  `@app.websocket(path)` / `@app.websocket_route(path)` → `methods` "WEBSOCKET".
- `app.add_api_route(path, endpoint, methods=[...])` and `add_api_websocket_route(path, endpoint)`
  → an `EntryPoint` with `unit=""`, `target` the endpoint's reference text, `scope` the namespace.
- `router = APIRouter(prefix="/x")` → `Router(qualname=<namespace>.router, prefix="/x")`.
- `app.include_router(router, prefix="/api")` → `Mount(router="router", parent="app")`;
  `app.mount("/sub", sub_app)` of a named app → `Mount` too (a `StaticFiles(...)` is not one).

Routes are kept as written (see `flask.route_text`). A decorator on an object the file binds
to something else (`cache = Cache()`), or whose route does not start with "/", is ignored:
`@cache.get("key")` is not an entry point.
"""

from __future__ import annotations

from granularity.extract.frameworks.flask import (
    RouteGatherer, Site, constructor_origin, imports_from, looks_like_route, route_text,
)
from granularity.extract.refs import arg, dotted, ref_of
from granularity.model import facts as f

VERBS = frozenset({"get", "post", "put", "patch", "delete", "options", "head", "trace"})
WEBSOCKETS = frozenset({"websocket", "websocket_route"})


class FastAPIGatherer(RouteGatherer):
    """FastAPI path operations, `APIRouter`s and `include_router` (see the module docstring)."""

    DECORATORS = frozenset({*VERBS, *WEBSOCKETS, "api_route", "route"})
    CALLS = frozenset({"add_api_route", "add_api_websocket_route", "include_router", "mount"})
    CONSTRUCTORS = frozenset({"APIRouter"})

    def _is_fastapi(self, obj: str, unknown_ok: bool) -> bool:
        """True for a FastAPI object, or for an object the file does not build when `unknown_ok`."""
        origin = self.origin(obj)
        return origin == "fastapi" or (origin == "" and unknown_ok)

    def _imports_fastapi(self) -> bool:
        return imports_from(self.ctx, {"fastapi"})

    def finish(self) -> None:
        for site in self.decorated:
            self._route(site)
        for site in self.calls:
            if site.method == "include_router":
                self._include(site)
            elif site.method == "mount":
                self._mount(site)
            else:
                self._api_route(site)
        for built in self.built:
            if constructor_origin(self.ctx, built.constructor) == "fastapi":
                prefix = route_text(arg(built.call, keyword="prefix"))
                self.ctx.routers.append(f.Router(f"{built.scope}.{built.name}", "fastapi", prefix, built.line))

    def _route(self, site: Site) -> None:
        route = arg(site.call, 0, "path")
        if not self._is_fastapi(site.obj, self._imports_fastapi() and looks_like_route(route)):
            return
        details = (("methods", self._methods(site)), ("path", route_text(route)))
        self.ctx.entry_points.append(f.EntryPoint(site.unit, "http", "fastapi", details, site.obj, site.line))

    def _api_route(self, site: Site) -> None:
        route = arg(site.call, 0, "path")
        target = dotted(arg(site.call, 1, "endpoint"))
        if route is None or target is None or not self._is_fastapi(site.obj, True):
            return
        details = (("methods", self._methods(site)), ("path", route_text(route)))
        self.ctx.entry_points.append(f.EntryPoint(
            "", "http", "fastapi", details, site.obj, site.line, target=target, scope=site.scope,
        ))

    def _include(self, site: Site) -> None:
        router = ref_of(arg(site.call, 0, "router"))
        if router is None or not self._is_fastapi(site.obj, True):
            return
        prefix = route_text(arg(site.call, keyword="prefix"))
        self.ctx.mounts.append(f.Mount(site.scope, router, site.obj, prefix, site.line))

    def _mount(self, site: Site) -> None:
        sub = dotted(arg(site.call, 1, "app"))
        route = arg(site.call, 0, "path")
        if sub is None or route is None or not self._is_fastapi(site.obj, self._imports_fastapi()):
            return
        self.ctx.mounts.append(f.Mount(site.scope, sub, site.obj, route_text(route), site.line))

    def _methods(self, site: Site) -> str:
        """The verbs a path operation answers."""
        method = site.method.removeprefix("add_")
        if method in VERBS:
            return method.upper()
        if method in WEBSOCKETS or method == "api_websocket_route":
            return "WEBSOCKET"
        return self.methods(site.call, "GET")
