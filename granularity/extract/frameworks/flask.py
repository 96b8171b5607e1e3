"""Flask routes, and the route-decorator machinery the FastAPI and Chalice gatherers share.

Recognised (on a `Flask(...)`/`Blueprint(...)` object, or on an object the file does not
build whose decorator looks like a route and whose module imports no other web framework):

- `@app.route(rule, methods=[...])` and the 2.0 shortcuts `@bp.get/post/put/patch/delete(rule)`
  → `EntryPoint(unit=<the function>, kind="http", framework="flask", router=<"app"/"bp">)`
  with `methods` (sorted, upper-case; `GET` by default) and `path` (the rule as written).
- `app.add_url_rule(rule, endpoint, view_func, methods=...)` → an `EntryPoint` with `unit=""`
  and `target` = the view's reference text; for `view_func=X.as_view("name")` the target is
  the class `X` and `methods` is "" unless given (the link stage reads the class's handlers).
  A call looping over a literal table of this module (`for rule, view in RULES:`) gives one
  entry point per row; one whose view is a parameter of the enclosing function (a helper
  forwarding its argument) gives none — instead, in a module importing flask, a call of any
  helper with `view_func=` and literal routes (`register_view(bp, routes=["/a"], view_func=V)`)
  gives one entry point per route.
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

from granularity.extract.context import FileContext, Frame, Gatherer
from granularity.extract.refs import arg, dotted, expr_text, literal_str, literal_strs, ref_of
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
#: Words in the name of a class whose instances may be apps or routers (`APIFlask`, `NestedRouter`);
#: an object built by another class (`cache = Cache()`) is no router.
ROUTER_WORDS = ("Flask", "Blueprint", "FastAPI", "Router", "App", "Chalice")
#: Constructor names known without an import to tell where they come from.
KNOWN_CONSTRUCTORS = {"Flask": "flask", "FastAPI": "fastapi", "APIRouter": "fastapi", "Chalice": "chalice"}

FLASK_VERBS = frozenset({"get", "post", "put", "patch", "delete"})
#: Keywords under which a helper forwarding `view_func=` takes its routes (`routes=["/a"]`).
ROUTE_KEYWORDS = frozenset({"rule", "route", "routes", "url", "urls", "path"})


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
    root = constructor.split(".", 1)[0]
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
    a parameter, a factory's result); "other" when `obj` is plainly no router (a module, an
    instance of a class that is not an app or router)."""
    name = obj[5:] if obj.startswith("self.") else obj
    for binding in ctx.bindings if "." not in name else ():
        if binding.name == name and binding.value.endswith("()"):
            constructor = binding.value[:-2]
            leaf = constructor.rsplit(".", 1)[-1]
            origin = constructor_origin(ctx, constructor)
            if origin or (leaf[:1].isupper() and not any(word in leaf for word in ROUTER_WORDS)):
                return origin or "other"
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
        self._origins: dict[str, str] = {}
        self._string_lists: dict[str, cst.BaseExpression] = {}

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
        if isinstance(target, cst.Name) and self.ctx.at_module_level and literal_strs(value) is not None:
            self._string_lists[target.value] = value  # type: ignore[assignment]
        if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
            return
        constructor = ref_of(value.func)
        if constructor and constructor.rsplit(".", 1)[-1] in self.CONSTRUCTORS:
            self.built.append(Built(self.ctx.namespace, target.value, constructor, value, self.ctx.line))

    def methods(self, call: cst.Call, default: str) -> str:
        """`methods_text` of a call's `methods=`, a module-level list constant looked up."""
        node = arg(call, keyword="methods")
        if isinstance(node, cst.Name):
            node = self._string_lists.get(node.value, node)
        return methods_text(node, default)

    def origin(self, obj: str) -> str:
        """`app_origin` of `obj`, once per object (call it from `finish`, when all is known)."""
        if obj not in self._origins:
            self._origins[obj] = app_origin(self.ctx, obj)
        return self._origins[obj]


def _class_view(node: cst.BaseExpression | None) -> str | None:
    """`X` for `X.as_view(...)`, else None."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "as_view":
        return ref_of(node.func.value)
    return None


def _params(frame: Frame) -> set[str]:
    """Parameter names of the function being walked (empty outside functions)."""
    node = frame.node
    if not isinstance(node, cst.FunctionDef):
        return set()
    p = node.params
    return {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}


def _routes(call: cst.Call) -> list[cst.BaseExpression]:
    """The routes handed to a helper that forwards `view_func=`: a route keyword, else literal
    positional routes; lists of routes are opened."""
    given = [a.value for a in call.args if a.keyword is not None and a.keyword.value in ROUTE_KEYWORDS]
    given = given or [a.value for a in call.args if a.keyword is None]
    out: list[cst.BaseExpression] = []
    for node in given:
        items = [e.value for e in node.elements] if isinstance(node, (cst.List, cst.Tuple)) else [node]
        out.extend(item for item in items if looks_like_route(item))
    return out


class FlaskGatherer(RouteGatherer):
    """Flask routes, `add_url_rule`, blueprints and their registration (see the module docstring)."""

    DECORATORS = frozenset({"route", *FLASK_VERBS})
    CALLS = frozenset({"add_url_rule", "register_blueprint"})
    CONSTRUCTORS = frozenset({"Blueprint"})

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._loops: list[dict[str, tuple[cst.BaseExpression, int]]] = []
        self._seen: dict[int, tuple[dict[str, tuple[cst.BaseExpression, int]], set[str]]] = {}
        self._tables: dict[str, cst.BaseExpression] = {}
        self.forwarded: list[Site] = []

    # -- the walk: loops over rule tables, parameters, helpers forwarding `view_func` ------

    def visit_For(self, node: cst.For) -> None:
        """Loop variables: name → (what is looped over, position in a row; -1 for the whole row)."""
        target = node.target
        names = [(e.value, i) for i, e in enumerate(target.elements)] if isinstance(target, cst.Tuple) else [(target, -1)]
        self._loops.append({n.value: (node.iter, i) for n, i in names if isinstance(n, cst.Name)})

    def leave_For(self, node: cst.For) -> None:
        self._loops.pop()

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
        if method == "add_url_rule":
            loops = {name: where for loop in self._loops for name, where in loop.items()}
            self._seen[id(node)] = (loops, _params(self.ctx.frame))
        elif arg(node, keyword="view_func") is not None:
            obj = dotted(arg(node, 0)) or ""
            self.forwarded.append(Site("", obj, "view_func", node, self.ctx.line, self.ctx.namespace))

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        super()._bind(target, value)
        if self.ctx.at_module_level and isinstance(target, cst.Name) and isinstance(value, (cst.List, cst.Tuple)):
            self._tables[target.value] = value

    # -- facts ----------------------------------------------------------------------------

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
        if imports_from(self.ctx, {"flask"}):
            for site in self.forwarded:
                for route in _routes(site.call):
                    self._view(site, route, arg(site.call, keyword="view_func"))
        for built in self.built:
            if constructor_origin(self.ctx, built.constructor) == "flask":
                prefix = route_text(arg(built.call, 5, "url_prefix"))
                self.ctx.routers.append(f.Router(f"{built.scope}.{built.name}", "flask", prefix, built.line))

    def _route(self, site: Site) -> None:
        route = arg(site.call, 0, "rule")
        if not self._is_flask(site.obj, route):
            return
        verb = site.method.upper() if site.method in FLASK_VERBS else ""
        methods = verb or self.methods(site.call, "GET")
        details = (("methods", methods), ("path", route_text(route)))
        self.ctx.entry_points.append(f.EntryPoint(site.unit, "http", "flask", details, site.obj, site.line))

    def _url_rule(self, site: Site) -> None:
        route, view = arg(site.call, 0, "rule"), arg(site.call, 2, "view_func")
        if route is None or view is None or not self._is_flask(site.obj, strict=False):
            return
        loops, params = self._seen.get(id(site.call), ({}, set()))
        for row_route, row_view in self._rows(loops, route, view):
            root = (dotted(row_view) or "").split(".", 1)[0]
            if root not in params:  # a helper forwarding its parameter: its callers are the routes
                self._view(site, row_route, row_view)

    def _rows(self, loops: dict[str, tuple[cst.BaseExpression, int]], route: cst.BaseExpression,
              view: cst.BaseExpression) -> list[tuple[cst.BaseExpression, cst.BaseExpression]]:
        """(route, view) pairs, one per row of a rule table the call loops over (`for rule, view in RULES`);
        none when the table is not a literal of this module."""
        used = [n.value for n in (route, view) if isinstance(n, cst.Name) and n.value in loops]
        if not used:
            return [(route, view)]
        table = loops[used[0]][0]
        if isinstance(table, cst.Name):
            table = self._tables.get(table.value, table)
        if not isinstance(table, (cst.List, cst.Tuple)) or any(loops[n][0] is not loops[used[0]][0] for n in used):
            return []

        def pick(row: cst.BaseExpression, node: cst.BaseExpression) -> cst.BaseExpression | None:
            if not (isinstance(node, cst.Name) and node.value in loops):
                return node
            index = loops[node.value][1]
            if index < 0:
                return row
            return row.elements[index].value if isinstance(row, cst.Tuple) and index < len(row.elements) else None

        rows = [(pick(e.value, route), pick(e.value, view)) for e in table.elements]
        return [(r, v) for r, v in rows if r is not None and v is not None]

    def _view(self, site: Site, route: cst.BaseExpression, view: cst.BaseExpression | None) -> None:
        """An entry point for a view handed over by reference (`view_func=`)."""
        cls = _class_view(view)
        target = cls or dotted(view)
        if not target:
            return
        methods = self.methods(site.call, "" if cls else "GET")
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


#: Flask's request hooks: run in every request of an app or blueprint, around the view.
HOOKS = frozenset({"before_request", "after_request", "teardown_request"})
#: The blueprint forms that run in every request of the app.
APP_HOOKS = frozenset({"before_app_request", "after_app_request", "teardown_app_request"})


class RequestHookGatherer(Gatherer):
    """Flask request hooks (`RequestHook` facts): `@obj.before_request` on a function, and
    `obj.before_request(f)`; the same for `after_request`, `teardown_request` and the
    blueprint forms that cover the whole app (`before_app_request`...). The linker makes
    each a call from every route it runs for. Only in files that import from `flask`."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._found: list[f.RequestHook] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            hook = decorator.decorator
            if isinstance(hook, cst.Attribute) and hook.attr.value in HOOKS | APP_HOOKS:
                obj = ref_of(hook.value)
                if obj is not None:
                    self._found.append(f.RequestHook(self.ctx.namespace, obj, node.name.value,
                                                     hook.attr.value in APP_HOOKS, self.ctx.line))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in HOOKS | APP_HOOKS and len(node.args) == 1:
            obj, target = ref_of(func.value), ref_of(node.args[0].value)
            if obj is not None and target is not None:
                self._found.append(f.RequestHook(self.ctx.namespace, obj, target,
                                                 func.attr.value in APP_HOOKS, self.ctx.line))

    def finish(self) -> None:
        if self._found and imports_from(self.ctx, {"flask"}):
            self.ctx.hooks.extend(self._found)
