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

from dataclasses import replace

import libcst as cst

from granularity.extract.context import Gatherer
from granularity.extract.frameworks.flask import (
    RouteGatherer, Site, constructor_origin, imports_from, looks_like_route, route_text,
)
from granularity.extract.refs import arg, dotted, ref_of
from granularity.extract.units import annotation_ref
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


#: FastAPI's markers of a dependency: `Depends(f)`, `Security(f, scopes=[...])`.
DEPENDS = frozenset({"Depends", "Security"})


def _dependency(node: cst.BaseExpression | None, annotation: str = "") -> str | None:
    """`f` for `Depends(f)`/`Security(f)` (the annotation's class for a bare `Depends()`), else None."""
    if not isinstance(node, cst.Call) or (ref_of(node.func) or "").rsplit(".", 1)[-1] not in DEPENDS:
        return None
    target = arg(node, 0, "dependency")
    if target is None:
        return annotation or None
    return ref_of(target)  # `Depends(require_role("admin"))`: what the call returns


def _annotated_dependencies(node: cst.BaseExpression | None) -> list[str]:
    """The dependencies in `Annotated[T, Depends(f), ...]`."""
    if not isinstance(node, cst.Subscript) or (ref_of(node.value) or "").rsplit(".", 1)[-1] != "Annotated":
        return []
    found = []
    for element in node.slice[1:]:
        if isinstance(element.slice, cst.Index):
            dep = _dependency(element.slice.value, annotation_ref(node))
            if dep:
                found.append(dep)
    return found


def _listed(call: cst.Call) -> list[str]:
    """The dependencies in a call's `dependencies=[Depends(f), ...]`."""
    listed = arg(call, keyword="dependencies")
    if not isinstance(listed, (cst.List, cst.Tuple)):
        return []
    return [t for element in listed.elements if (t := _dependency(element.value))]


class DependsGatherer(Gatherer):
    """FastAPI dependencies: FastAPI calls them before the path operation, in the same
    request (the operation waits on them), so each is a call from the function that declares it.

    - `def op(user = Depends(get_user))`, `Security(...)`, a bare `Depends()` (the
      annotation's class), `user: Annotated[User, Depends(get_user)]` → a `depends` call fact;
    - `user: CurrentUser` where `CurrentUser = Annotated[User, Depends(get_user)]` → a
      `depends` call fact with `arg="alias"`, and the alias's binding gets `depends="get_user"`
      (the linker follows the alias to its binding, across imports);
    - `@router.get(..., dependencies=[Depends(check)])` → a `depends` call fact;
    - `router = APIRouter(dependencies=[...])` or `app = FastAPI(dependencies=[...])` at
      module level, and `include_router(router, dependencies=[...])` → the `Router` (one
      is added for an app) and `Mount` facts carry them; the linker gives them to every
      route declared on that router, or mounted below it, wherever the route is declared;
    - `@app.middleware("http")` on a function, `app.add_middleware(C)` and
      `app = FastAPI(middleware=[Middleware(C, ...)])` → a `RequestHook` (Starlette runs it
      in every request of the app: `C.dispatch` or `C.__call__`).

    Only in files that import from `fastapi`."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._calls: list[f.Call] = []
        self._aliases: dict[tuple[str, str, int], str] = {}
        #: Module-level `router = APIRouter(dependencies=[...])`: qualname → (line, dependencies).
        self._router_deps: dict[str, tuple[int, tuple[str, ...]]] = {}
        #: `include_router(..., dependencies=[...])`: (scope, line) → its dependencies.
        self._mount_deps: dict[tuple[str, int], tuple[str, ...]] = {}
        #: `@app.middleware("http")` functions and `app.add_middleware(C)` classes.
        self._hooks: list[f.RequestHook] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        unit = f"{self.ctx.namespace}.{node.name.value}"
        line = self.ctx.line
        params = node.params
        for p in (*params.posonly_params, *params.params, *params.kwonly_params):
            annotation = p.annotation.annotation if p.annotation is not None else None
            found = _annotated_dependencies(annotation)
            dep = _dependency(p.default, annotation_ref(annotation) if annotation is not None else "")
            if dep:
                found.append(dep)
            for target in found:
                self._calls.append(f.Call(unit, target, line, "depends"))
            if not found and isinstance(annotation, (cst.Name, cst.Attribute)):
                alias = dotted(annotation)
                if alias:
                    self._calls.append(f.Call(unit, alias, line, "depends", arg="alias"))
        for decorator in node.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call):
                for target in _listed(call):
                    self._calls.append(f.Call(unit, target, line, "depends"))
                app = ref_of(call.func.value) if isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value == "middleware" else None
                if app is not None:  # `@app.middleware("http")`
                    self._hooks.append(f.RequestHook(self.ctx.namespace, app, node.name.value, True, line, "fastapi"))

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            name = node.targets[0].target.value
            found = _annotated_dependencies(node.value)
            if found:
                self._aliases[(self.ctx.namespace, name, self.ctx.line)] = found[0]
            if (self.ctx.at_module_level and isinstance(node.value, cst.Call)
                    and (ref_of(node.value.func) or "").rsplit(".", 1)[-1] in ("APIRouter", "FastAPI")):
                listed = _listed(node.value)
                if listed:
                    self._router_deps[f"{self.ctx.module}.{name}"] = (self.ctx.line, tuple(listed))
                self._middleware_list(name, arg(node.value, None, "middleware"))

    def visit_Call(self, node: cst.Call) -> None:
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
        if method == "include_router":
            listed = _listed(node)
            if listed:
                self._mount_deps[(self.ctx.namespace, self.ctx.line)] = tuple(listed)
        elif method == "add_middleware" and node.args:
            app = ref_of(node.func.value)
            if app is not None:
                self._middleware(app, node.args[0].value)

    def _middleware(self, app: str, cls: cst.BaseExpression) -> None:
        middleware = dotted(cls)
        if middleware is not None:
            # Starlette runs a `BaseHTTPMiddleware`'s `dispatch`, a pure ASGI one's
            # `__call__`; whichever the app's class defines resolves.
            for method in ("dispatch", "__call__"):
                self._hooks.append(f.RequestHook(self.ctx.namespace, app, f"{middleware}.{method}",
                                                 True, self.ctx.line, "fastapi"))

    def _middleware_list(self, app: str, value: cst.BaseExpression | None) -> None:
        """`FastAPI(middleware=[Middleware(C, ...), ...])`."""
        if not isinstance(value, (cst.List, cst.Tuple)):
            return
        for element in value.elements:
            item = element.value
            if isinstance(item, cst.Call) and (ref_of(item.func) or "").rsplit(".", 1)[-1] == "Middleware" \
                    and item.args:
                self._middleware(app, item.args[0].value)

    def finish(self) -> None:
        if not imports_from(self.ctx, {"fastapi"}):
            return
        self.ctx.calls.extend(self._calls)
        self.ctx.hooks.extend(self._hooks)
        # Routes in other files reach a router's dependencies through the linker: the
        # router (a FastAPI app too) and the mount carry them.
        known = {r.qualname for r in self.ctx.routers}
        self.ctx.routers[:] = [replace(r, dependencies=self._router_deps[r.qualname][1])
                               if r.qualname in self._router_deps else r for r in self.ctx.routers]
        for qualname, (line, listed) in sorted(self._router_deps.items()):
            if qualname not in known:
                self.ctx.routers.append(f.Router(qualname, "fastapi", "", line, listed))
        self.ctx.mounts[:] = [
            replace(m, dependencies=self._mount_deps[(m.scope, m.line)]) if (m.scope, m.line) in self._mount_deps else m
            for m in self.ctx.mounts]
        if self._aliases:
            self.ctx.bindings[:] = [
                replace(b, depends=self._aliases[(b.scope, b.name, b.line)])
                if (b.scope, b.name, b.line) in self._aliases else b
                for b in self.ctx.bindings]
