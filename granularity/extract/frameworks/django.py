"""Django URL configuration and Django REST framework router registrations.

Django: the module-level `urlpatterns` of any module (`=`, `+=`, `.append(...)`, `.extend(...)`,
`i18n_patterns(...)`, `format_suffix_patterns(...)`, `a + b`) gives one `UrlPattern` per
`path(route, view)`, `re_path(regex, view)` or `url(regex, view)`:

- `view` is the view's reference text with wrappers dropped: `views.detail`,
  `views.ArticleView.as_view()` (class-based views are resolved by the link stage),
  `csrf_exempt(views.hook)` → `views.hook`; a string view (`"app.views.index"`) as written.
- `include("app.urls")` (or `include(("app.urls", "ns"))`) → `include="app.urls"`, `view=""`.
- `include(router.urls)`, `admin.site.urls` and any other reference → `include="@<reference>"`:
  `"@router.urls"`, `"@admin.site.urls"`. A bare `urlpatterns += router.urls` gives route "".
- `include([path(...), ...])` and `include(name)` of a pattern list bound in the same module
  are flattened: each inner pattern gets the outer route prepended.

Routes are the literal as written; anything else is kept as `{expression}`.

DRF: `router.register(r"prefix", ViewSet, basename=...)`, on a name the module binds to a
`...Router()` (or named `...router` in a module importing `rest_framework`), →
`EntryPoint(unit="", kind="http", framework="drf", details=(("methods", "ANY"),
("path", "prefix")), router="router", target="ViewSet", scope=<namespace>)`; the link stage
prepends the prefix under which `"@router.urls"` is included. Methods of function views (`@api_view`, `@require_POST`) are read
from the unit's decorators by the link stage, so nothing is recorded for them here.

Middleware: each dotted string of a module-level `MIDDLEWARE` (or `MIDDLEWARE_CLASSES`)
list, assigned or extended, → `RequestHook(scope=<module>, obj="", target=<the string>,
app_wide=True, framework="django")`; the link stage finds the class or factory it names.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import arg, dotted, expr_text, literal_str, ref_of
from granularity.model import facts as f

PATTERN_FUNCTIONS = frozenset({"path", "re_path", "url"})
#: Calls whose positional arguments are pattern lists.
PATTERN_WRAPPERS = frozenset({"i18n_patterns", "format_suffix_patterns", "patterns"})
LIST_METHODS = frozenset({"append", "extend", "insert"})
#: Settings that list the middleware Django runs in every request (`MIDDLEWARE_CLASSES`
#: before Django 1.10).
MIDDLEWARE_SETTINGS = frozenset({"MIDDLEWARE", "MIDDLEWARE_CLASSES"})


@dataclass(frozen=True, slots=True)
class _Entry:
    """One pattern found in a list; `local` names a pattern list of this module to flatten."""

    route: str
    view: str = ""
    include: str = ""
    line: int = 0
    local: str = ""


def _route(node: cst.BaseExpression | None) -> str:
    """A route literal's value, or `{expression}` for anything else."""
    value = literal_str(node)
    if value is not None or node is None:
        return value or ""
    return "{" + expr_text(node) + "}"


def _is_as_view(node: cst.BaseExpression) -> bool:
    """True for `X.as_view(...)`."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "as_view"


def _view_text(node: cst.BaseExpression) -> str:
    """Reference text of a view, wrappers such as `login_required(...)` dropped."""
    while isinstance(node, cst.Call) and not _is_as_view(node):
        inner = arg(node, 0)
        if inner is None:
            break
        node = inner
    return literal_str(node) or ref_of(node) or ""


def _leaf(node: cst.BaseExpression) -> str:
    """The last name of a callee: `path` for `path` and `django.urls.path`."""
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else ""


class DjangoGatherer(Gatherer):
    """Module-level `urlpatterns` and DRF `router.register` calls (see the module docstring)."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._lines: dict[int, int] = {}
        self._lists: dict[str, list[_Entry]] = {}
        self._roots: list[_Entry] = []
        self._registers: list[tuple[str, cst.Call, str, int]] = []
        self._stmt_line = 0

    # -- the walk -----------------------------------------------------------------------

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._stmt_line = self.ctx.line + len(node.leading_lines)

    def visit_Call(self, node: cst.Call) -> None:
        leaf = _leaf(node.func)
        if leaf in PATTERN_FUNCTIONS:
            self._lines[id(node)] = self.ctx.line
        elif leaf == "register" and isinstance(node.func, cst.Attribute):
            obj = ref_of(node.func.value)
            if obj is not None:
                self._registers.append((obj, node, self.ctx.namespace, self.ctx.line))

    def leave_Call(self, node: cst.Call) -> None:
        func = node.func
        if (self.ctx.at_module_level and isinstance(func, cst.Attribute) and func.attr.value in LIST_METHODS
                and isinstance(func.value, cst.Name)):
            value = arg(node, 1 if func.attr.value == "insert" else 0)
            self._add(func.value.value, value, append=True)

    def leave_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._add(target.target.value, node.value, append=False)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._add(node.target.value, node.value, append=False)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name) and isinstance(node.operator, cst.AddAssign):
            self._add(node.target.value, node.value, append=True)

    def _add(self, name: str, value: cst.BaseExpression | None, append: bool) -> None:
        """Record the patterns of a module-level list assignment or extension."""
        if not self.ctx.at_module_level or value is None:
            return
        if name in MIDDLEWARE_SETTINGS:
            self._middleware(value)
            return
        entries = self._patterns(value, "")
        if name == "urlpatterns":
            self._roots.extend(e for e in entries if e.local != "urlpatterns")
        elif entries:
            self._lists[name] = (self._lists.get(name, []) if append else []) + entries

    def _middleware(self, value: cst.BaseExpression) -> None:
        """`MIDDLEWARE = ["app.middleware.Timing", ...]` (or `+=`, `.append`, `.insert`):
        Django runs each in every request, around the view."""
        items = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value]
        for item in items:
            path = literal_str(item)
            if path and "." in path:
                self.ctx.hooks.append(f.RequestHook(self.ctx.module, "", path, True, self._stmt_line, "django"))

    # -- reading pattern lists ------------------------------------------------------------

    def _patterns(self, node: cst.BaseExpression, prefix: str) -> list[_Entry]:
        if isinstance(node, (cst.List, cst.Tuple)):
            return [e for element in node.elements for e in self._patterns(element.value, prefix)]
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self._patterns(node.left, prefix) + self._patterns(node.right, prefix)
        if isinstance(node, cst.Call):
            leaf = _leaf(node.func)
            if leaf in PATTERN_WRAPPERS:
                return [e for a in node.args if not a.keyword for e in self._patterns(a.value, prefix)]
            if leaf in PATTERN_FUNCTIONS:
                return self._pattern(node, prefix)
            return []
        return self._reference(node, prefix, self._stmt_line)

    def _pattern(self, call: cst.Call, prefix: str) -> list[_Entry]:
        route, view = prefix + _route(arg(call, 0, "route") or arg(call, keyword="regex")), arg(call, 1, "view")
        line = self._lines.get(id(call), self._stmt_line)
        if view is None:
            return []
        if isinstance(view, cst.Call) and _leaf(view.func) == "include":
            return self._include(arg(view, 0, "arg"), route, line)
        text = _view_text(view)
        if text.endswith(".urls"):
            return [_Entry(route, include="@" + text, line=line)]
        return [_Entry(route, view=text, line=line)] if text else []

    def _include(self, target: cst.BaseExpression | None, route: str, line: int) -> list[_Entry]:
        if isinstance(target, cst.Tuple) and target.elements:
            target = target.elements[0].value
        module = literal_str(target)
        if module is not None:
            return [_Entry(route, include=module, line=line)]
        if isinstance(target, (cst.List, cst.Tuple, cst.Call, cst.BinaryOperation)):
            return self._patterns(target, route)
        return self._reference(target, route, line)

    def _reference(self, node: cst.BaseExpression | None, route: str, line: int) -> list[_Entry]:
        """A pattern list given by name: flattened later if the module binds it, else included."""
        ref = dotted(node)
        if ref is None:
            return []
        if "." in ref:
            return [_Entry(route, include="@" + ref, line=line)]
        return [_Entry(route, line=line, local=ref)]

    # -- facts ----------------------------------------------------------------------------

    def finish(self) -> None:
        for entry in self._flatten(self._roots, "", 0):
            self.ctx.urlpatterns.append(f.UrlPattern(self.ctx.module, entry.route, entry.view, entry.include, entry.line))
        for obj, call, scope, line in self._registers:
            self._register(obj, call, scope, line)

    def _flatten(self, entries: list[_Entry], prefix: str, depth: int) -> list[_Entry]:
        out: list[_Entry] = []
        for e in entries:
            if not e.local:
                out.append(_Entry(prefix + e.route, e.view, e.include, e.line))
            elif e.local in self._lists and depth < 8:
                out.extend(self._flatten(self._lists[e.local], prefix + e.route, depth + 1))
            else:
                out.append(_Entry(prefix + e.route, include="@" + e.local, line=e.line))
        return out

    def _register(self, obj: str, call: cst.Call, scope: str, line: int) -> None:
        prefix, viewset = literal_str(arg(call, 0, "prefix")), dotted(arg(call, 1, "viewset"))
        if prefix is None or viewset is None or not self._is_drf_router(obj):
            return
        details = (("methods", "ANY"), ("path", prefix))
        self.ctx.entry_points.append(f.EntryPoint(
            "", "http", "drf", details, obj, line, target=viewset, scope=scope,
        ))

    def _is_drf_router(self, obj: str) -> bool:
        """True when `obj` is bound here to a `...Router()`, or is named like a router in a
        module that imports DRF (`from .api import router`)."""
        if any(b.name == obj and b.value.endswith("Router()") for b in self.ctx.bindings):
            return True
        drf = any(i.module.split(".", 1)[0].startswith("rest_framework") for i in self.ctx.imports)
        return drf and "router" in obj.rsplit(".", 1)[-1].lower()
