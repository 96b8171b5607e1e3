"""Flask routes, and the route-decorator machinery the FastAPI and Chalice gatherers share.

Recognised (on a `Flask(...)`/`Blueprint(...)` object, or on an object the file does not
build whose decorator looks like a route and whose module imports no other web framework):

- `@app.route(rule, methods=[...])` and the 2.0 shortcuts `@bp.get/post/put/patch/delete(rule)`
  → `EntryPoint(unit=<the function>, kind="http", framework="flask", router=<"app"/"bp">)`
  with `methods` (sorted, upper-case; `GET` by default) and `path` (the rule as written).
- `app.add_url_rule(rule, endpoint, view_func, methods=...)` → an `EntryPoint` with `unit=""`
  and `target` = the view's reference text; for `view_func=X.as_view("name")` the target is
  the class `X` and `methods` is "" unless given (the link stage reads the class's handlers).
- `bp = Blueprint("name", __name__, url_prefix="/x")` → `Router(qualname=<namespace>.bp)`.
- `app.register_blueprint(bp, url_prefix="/y")` → `Mount(router="bp", parent="app")`; in Flask
  a mount's `url_prefix` replaces the blueprint's own prefix.

A route written as anything but a string literal is kept as text with the expression in
braces: `f"{BASE}/x"` → `{BASE}/x`, `PREFIX + "/x"` → `{PREFIX + "/x"}`. `methods` is ""
when it is not a literal list. Nothing here imports or runs the analysed code.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import arg, expr_text, literal_str, literal_strs, ref_of
from granularity.model import facts as f

#: Packages whose app or router objects a route decorator may hang on.
WEB_PACKAGES = frozenset({
    "flask", "fastapi", "chalice", "starlette", "quart", "sanic", "aiohttp", "bottle",
    "falcon", "litestar", "tornado", "pyramid", "django", "rest_framework",
})
#: Packages whose objects are never routers, even with a route-like decorator (`@mock.patch`).
NON_ROUTER_PACKAGES = frozenset({
    "unittest", "mock", "pytest", "requests", "httpx", "responses", "respx", "urllib3",
    "functools", "cachetools", "click", "typer",
})
#: Constructor names known without an import to tell where they come from.
KNOWN_CONSTRUCTORS = {"Flask": "flask", "FastAPI": "fastapi", "APIRouter": "fastapi", "Chalice": "chalice"}

FLASK_VERBS = frozenset({"get", "post", "put", "patch", "delete"})


@dataclass(slots=True)
class Site:
    """A call on an object that may be a web app or router: `obj.method(...)`."""

    #: The decorated unit's qualified name ("" for a plain call statement).
    unit: str
    #: Reference text of the object (`app`, `bp`, `self.app`).
    obj: str
    method: str
    call: cst.Call
    line: int
    #: The namespace the call is made in.
    scope: str


@dataclass(slots=True)
class Built:
    """A name bound to a constructor call: `bp = Blueprint(...)`."""

    scope: str
    name: str
    constructor: str
    call: cst.Call
    line: int


def imports_from(ctx: FileContext, packages: frozenset[str] | set[str]) -> bool:
    """True when the file imports anything from one of `packages` (top-level names)."""
    return any(i.module.split(".", 1)[0] in packages for i in ctx.imports)


def constructor_origin(ctx: FileContext, constructor: str) -> str:
    """The web package a constructor (`Blueprint`, `flask.Flask`, an alias) comes from, or ""."""
    root, _, rest = constructor.partition(".")
    for imp in reversed(ctx.imports):
        if imp.alias == root:
            package = imp.module.split(".", 1)[0]
            return package if package in WEB_PACKAGES else ""
    leaf = constructor.rsplit(".", 1)[-1]
    if leaf == "Blueprint":
        return "chalice" if imports_from(ctx, {"chalice"}) and not imports_from(ctx, {"flask"}) else "flask"
    return KNOWN_CONSTRUCTORS.get(leaf, "")


def app_origin(ctx: FileContext, obj: str) -> str:
    """The web package whose constructor builds `obj` in this file; "" when unknown (imported,
    a parameter, a factory's result); "other" when `obj` is plainly no router (a module)."""
    name = obj[5:] if obj.startswith("self.") else obj
    if "." not in name:
        for binding in ctx.bindings:
            if binding.name == name and binding.value.endswith("()"):
                origin = constructor_origin(ctx, binding.value[:-2])
                if origin:
                    return origin
    root = obj.split(".", 1)[0]
    for imp in ctx.imports:
        if imp.alias == root:
            if imp.module.split(".", 1)[0] in NON_ROUTER_PACKAGES or (imp.name is None and obj == root):
                return "other"
    return ""


def route_text(node: cst.BaseExpression | None) -> str:
    """A route as written; placeholders and non-literal expressions kept in braces."""
    if node is None:
        return ""
    value = literal_str(node)
    if value is not None:
        return value
    if isinstance(node, cst.FormattedString):
        return "".join(
            part.value if isinstance(part, cst.FormattedStringText) else "{" + expr_text(part.expression) + "}"
            for part in node.parts
        )
    return "{" + expr_text(node) + "}"


def looks_like_route(node: cst.BaseExpression | None) -> bool:
    """True for a literal route: "" or text starting with "/" (an f-string included)."""
    if node is None or not isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return False
    text = route_text(node)
    return text == "" or text.startswith("/")


def methods_text(node: cst.BaseExpression | None, default: str) -> str:
    """`methods=[...]` as sorted upper-case verbs joined by commas; "" when not literal."""
    if node is None:
        return default
    values = literal_strs(node)
    if values is None:
        return ""
    return ",".join(sorted({v.upper() for v in values}))


class RouteGatherer(Gatherer):
    """Collects `@obj.method(...)` decorators, `obj.method(...)` calls and `name = Ctor(...)`
    bindings for the method and constructor names a web framework declares; `finish` decides."""

    DECORATORS: frozenset[str] = frozenset()
    CALLS: frozenset[str] = frozenset()
    CONSTRUCTORS: frozenset[str] = frozenset()

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._units: dict[int, str] = {}
        self.decorated: list[Site] = []
        self.calls: list[Site] = []
        self.built: list[Built] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        unit = f"{self.ctx.namespace}.{node.name.value}"
        for decorator in node.decorators:
            self._units[id(decorator)] = unit

    def visit_Decorator(self, node: cst.Decorator) -> None:
        unit = self._units.pop(id(node), None)
        site = self._site(node.decorator, self.DECORATORS, unit or "")
        if unit and site is not None:
            site.line += len(node.leading_lines)
            self.decorated.append(site)

    def visit_Call(self, node: cst.Call) -> None:
        site = self._site(node, self.CALLS, "")
        if site is not None:
            self.calls.append(site)

    def _site(self, node: cst.BaseExpression, methods: frozenset[str], unit: str) -> Site | None:
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            return None
        method = node.func.attr.value
        obj = ref_of(node.func.value)
        if method not in methods or obj is None:
            return None
        return Site(unit, obj, method, node, self.ctx.line, self.ctx.namespace)

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self._bind(node.targets[0].target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
            return
        constructor = ref_of(value.func)
        if constructor and constructor.rsplit(".", 1)[-1] in self.CONSTRUCTORS:
            self.built.append(Built(self.ctx.namespace, target.value, constructor, value, self.ctx.line))

    def origin(self, obj: str) -> str:
        return app_origin(self.ctx, obj)


def _class_view(node: cst.BaseExpression | None) -> str | None:
    """`X` for `X.as_view(...)`, else None."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "as_view":
        return ref_of(node.func.value)
    return None


class FlaskGatherer(RouteGatherer):
    """Flask routes, `add_url_rule`, blueprints and their registration (see the module docstring)."""

    DECORATORS = frozenset({"route", *FLASK_VERBS})
    CALLS = frozenset({"add_url_rule", "register_blueprint"})
    CONSTRUCTORS = frozenset({"Blueprint"})

    def _is_flask(self, obj: str, route: cst.BaseExpression | None = None, strict: bool = True) -> bool:
        """True for a Flask object; an unknown one counts when no other web framework is imported
        and (if `strict`) the route is a literal."""
        origin = self.origin(obj)
        if origin == "flask":
            return True
        if origin or imports_from(self.ctx, WEB_PACKAGES - {"flask"}):
            return False
        return not strict or looks_like_route(route)

    def finish(self) -> None:
        for site in self.decorated:
            self._route(site)
        for site in self.calls:
            if site.method == "add_url_rule":
                self._url_rule(site)
            else:
                self._mount(site)
        for built in self.built:
            if constructor_origin(self.ctx, built.constructor) == "flask":
                prefix = route_text(arg(built.call, 5, "url_prefix"))
                self.ctx.routers.append(f.Router(f"{built.scope}.{built.name}", "flask", prefix, built.line))

    def _route(self, site: Site) -> None:
        route = arg(site.call, 0, "rule")
        if not self._is_flask(site.obj, route):
            return
        methods = site.method.upper() if site.method in FLASK_VERBS else methods_text(arg(site.call, keyword="methods"), "GET")
        details = (("methods", methods), ("path", route_text(route)))
        self.ctx.entry_points.append(f.EntryPoint(site.unit, "http", "flask", details, site.obj, site.line))

    def _url_rule(self, site: Site) -> None:
        route, view = arg(site.call, 0, "rule"), arg(site.call, 2, "view_func")
        if route is None or view is None or not self._is_flask(site.obj, strict=False):
            return
        cls = _class_view(view)
        target = cls or ref_of(view)
        if not target or target.endswith(")"):
            return
        methods = methods_text(arg(site.call, keyword="methods"), "" if cls else "GET")
        details = (("methods", methods), ("path", route_text(route)))
        self.ctx.entry_points.append(f.EntryPoint(
            "", "http", "flask", details, site.obj, site.line, target=target, scope=site.scope,
        ))

    def _mount(self, site: Site) -> None:
        router = ref_of(arg(site.call, 0, "blueprint"))
        if router is None or not self._is_flask(site.obj, strict=False):
            return
        prefix = route_text(arg(site.call, keyword="url_prefix"))
        self.ctx.mounts.append(f.Mount(site.scope, router, site.obj, prefix, site.line))
