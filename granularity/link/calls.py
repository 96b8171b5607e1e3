"""Turn call facts into call edges: the rules of docs/callgraph.md."""

from __future__ import annotations

from collections import Counter

from granularity.link.resolve import BUILTIN_CONSTANTS, Resolver, Value, is_property
from granularity.model import facts as f
from granularity.model.graph import CALL, DISPATCH, CallEdge, Unresolved

#: Receivers that run the function they are handed later, outside the request
#: (FastAPI/Starlette BackgroundTasks, Django's transaction.on_commit).
DEFERRING_RECEIVERS = frozenset({"add_task", "on_commit"})

#: Container methods that store what they are handed instead of calling it.
STORING_RECEIVERS = frozenset({"append", "extend", "insert", "add", "appendleft", "setdefault",
                               "update", "__setitem__", "put", "put_nowait"})

_DUNDERS = {"with": ("__enter__", "__exit__"), "async with": ("__aenter__", "__aexit__")}


class CallLinker:
    """Applies the call rules to every call fact of the app."""

    def __init__(self, resolver: Resolver, task_names: dict[str, str]) -> None:
        self.r = resolver
        self.s = resolver.s
        self.task_names = task_names
        self.edges: list[CallEdge] = []
        self.unresolved: list[Unresolved] = []
        self.sites: Counter[str] = Counter()
        self._call_targets: dict[str, tuple[str, ...]] = {}

    def link(self, calls: list[f.Call]) -> None:
        for call in calls:
            handler = getattr(self, "_" + call.kind.replace(" ", "_"), None)
            if handler is not None:
                handler(call)

    def _edge(self, call: f.Call, callee: str, kind: str = CALL, via: str = "") -> None:
        self.edges.append(CallEdge(call.scope, callee, kind, call.line, via or call.kind))

    # -- kinds of call fact ---------------------------------------------------------------

    def _call(self, call: f.Call) -> None:
        if call.target == "?":
            self.sites["unresolved"] += 1
            self.unresolved.append(Unresolved(call.scope, "?", call.line, "dynamic"))
            return
        self.r.reason = ""
        values = self.r.resolve(call.target, call.scope)
        app = False
        for value in values:
            for callee in self.callees(value):
                app = app or not callee.startswith("<builtin>")
                self._edge(call, callee)
        if app:
            self.sites["app"] += 1
        elif values:
            self.sites["external"] += 1
        else:
            self.sites["unresolved"] += 1
            self.unresolved.append(Unresolved(call.scope, call.target, call.line, self.r.reason or "unknown-name"))

    def _decorator(self, call: f.Call) -> None:
        for value in self.r.resolve(call.target, call.scope):
            if value[0] == "builtin":
                self._edge(call, f"<builtin>.{value[1]}")
            elif value[0] == "unit" and self.s.kind(value[1]) in (f.FUNCTION, f.LAMBDA):
                self._edge(call, value[1])

    def _callback(self, call: f.Call) -> None:
        receivers = self.r.resolve(call.receiver, call.scope) if call.receiver else ()
        if any(v[0] == "unit" for v in receivers):
            return  # the app's own receiver calls it; that call is its own edge
        method = call.receiver.rpartition(".")[2]
        if method in STORING_RECEIVERS:
            return  # stored for later, not called here
        kind = DISPATCH if method in DEFERRING_RECEIVERS else CALL
        for value in self.r.resolve(call.target, call.scope):
            if value[0] == "unit" and self.s.kind(value[1]) in (f.FUNCTION, f.LAMBDA):
                for callee in self.function_targets(value[1]):
                    self._edge(call, callee, kind)

    def _attr(self, call: f.Call) -> None:
        head, _, name = call.target.rpartition(".")
        if not head:
            return
        for value in self.r.resolve(call.target, call.scope):
            if value[0] == "unit":
                unit = self.s.units.get(value[1])
                if unit is not None and unit.kind == f.FUNCTION and is_property(unit):
                    self._edge(call, unit.qualname, via="property")

    def _with(self, call: f.Call) -> None:
        enter, exit_ = _DUNDERS[call.kind]
        for value in self.r.resolve(call.target, call.scope):
            if value[0] == "inst":
                for dunder in (enter, exit_):
                    for member in self.r.class_member(value[1], dunder, 0):
                        if member[0] == "unit":
                            self._edge(call, member[1], via="with")

    _async_with = _with

    def _depends(self, call: f.Call) -> None:
        """A FastAPI dependency: FastAPI calls it before the scope, in the same request."""
        if call.arg == "alias":
            for binding in self._alias_bindings(call.target, call.scope):
                self.depend(call.scope, binding.depends, binding.origin or binding.scope, call.line)
        else:
            self.depend(call.scope, call.target, call.scope, call.line)

    def depend(self, unit: str, ref: str, scope: str, line: int, via: str = "depends") -> None:
        """Something the framework runs in the request of `unit`, before or around it: a
        FastAPI dependency (`depends`), a request hook or middleware (`hook`); `ref` is
        resolved in `scope`, where it was declared."""
        for value in self.r.resolve(ref, scope):
            for callee in self.callees(value):
                if not callee.startswith("<builtin>"):
                    self.edges.append(CallEdge(unit, callee, CALL, line, via))

    def _alias_bindings(self, ref: str, scope: str) -> list[f.Binding]:
        """The bindings that make `ref` a dependency alias (`X = Annotated[T, Depends(f)]`),
        followed through imports and module attributes (`deps.CurrentUser`)."""
        head, _, name = ref.rpartition(".")
        if head:
            return [b for value in self.r.resolve(head, scope) if value[0] == "module"
                    for b in self._alias_in(value[1], name, 0) or ()]
        for ns_name in self.r.scope_chain(scope):
            found = self._alias_in(ns_name, name, 0)
            if found is not None:
                return found
        return []

    def _alias_in(self, ns_name: str, name: str, depth: int) -> list[f.Binding] | None:
        """Dependency-alias bindings of `name` in one namespace, following `from m import
        name` to the module that binds it; None when the namespace does not bind it."""
        ns = self.s.namespaces.get(ns_name)
        if ns is None or depth > 4:
            return None
        if name in ns.bindings:
            return [b for b in ns.bindings[name] if b.depends]
        if name in ns.imports:
            return [b for imp in ns.imports[name] if imp.name and self.s.is_module(imp.module)
                    for b in self._alias_in(imp.module, imp.name, depth + 1) or ()]
        return None

    def _dispatch(self, call: f.Call) -> None:
        if call.target.startswith("task:"):
            unit = self.task_names.get(call.target[5:])
            if unit:
                self._edge(call, unit, DISPATCH)
            return
        for value in self.r.resolve(call.target, call.scope):
            if value[0] == "unit" and self.s.kind(value[1]) in (f.FUNCTION, f.LAMBDA):
                self._edge(call, value[1], DISPATCH)

    # -- what calling a value runs ----------------------------------------------------------

    def callees(self, value: Value) -> tuple[str, ...]:
        kind = value[0]
        if kind == "builtin":
            return () if value[1] in BUILTIN_CONSTANTS else (f"<builtin>.{value[1]}",)
        if kind == "unit":
            unit_kind = self.s.kind(value[1])
            if unit_kind in (f.FUNCTION, f.LAMBDA):
                return self.function_targets(value[1])
            if unit_kind == f.CLASS:
                return self._constructor(value[1])
        if kind == "inst":
            return tuple(m[1] for m in self.r.class_member(value[1], "__call__", 0) if m[0] == "unit")
        if kind == "raw":
            return (value[1],)
        return ()

    def _constructor(self, cls: str) -> tuple[str, ...]:
        out: list[str] = []
        for dunder in ("__new__", "__init__"):
            out.extend(m[1] for m in self.r.class_member(cls, dunder, 0) if m[0] == "unit")
        return tuple(out)

    def function_targets(self, qualname: str) -> tuple[str, ...]:
        """What calling a function runs: the wrapper its app decorators return, or itself."""
        hit = self._call_targets.get(qualname)
        if hit is not None:
            return hit
        self._call_targets[qualname] = (qualname,)
        unit = self.s.units[qualname]
        targets: tuple[str, ...] = (qualname,)
        for decorator in reversed(unit.decorators):  # innermost first; the outermost wins
            wrappers: list[str] = []
            for value in self.r.resolve(decorator, unit.parent or qualname):
                if value[0] == "unit" and self.s.kind(value[1]) == f.FUNCTION:
                    wrappers.extend(self.s.units[value[1]].returns_functions)
            if wrappers:
                targets = tuple(wrappers)
        self._call_targets[qualname] = targets
        return targets
