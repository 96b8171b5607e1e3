"""Follow reference text (see model/facts.py) to what it names.

A value is a small tuple:
  ("unit", qualname)     a function, method, class or named lambda of the app
  ("module", name)       a module or package of the app
  ("inst", class)        an instance of an app class
  ("ext", dotted)        a name outside the app (library, standard library)
  ("builtin", name)      a builtin function or class
  ("super", class)       `super()` inside a method of `class`
  ("cont", refs, scope)  a literal container of references

Resolution is best effort and never guesses: a name it cannot follow gives no value,
and the reason is kept for the summary.
"""

from __future__ import annotations

import builtins
import functools
import re

from granularity.link.symbols import Symbols
from granularity.model import facts as f

Value = tuple

BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
#: Builtin names that are values, not functions or classes: calling one runs nothing.
BUILTIN_CONSTANTS = frozenset(n for n in BUILTINS if not callable(getattr(builtins, n)))
_TOKEN = re.compile(r"\.[^.\[\]()]+|\(\)|\[\]")
_MAX_DEPTH = 12
#: A dependency on how resolution was ordered (a cycle or the depth limit cut it short).
_CUT = ("", "")
_PROPERTY_DECORATORS = ("property", "cached_property", "functools.cached_property")


_HEAD = re.compile(r"[^.\[\]()]+")


@functools.lru_cache(maxsize=65536)
def parse_ref(ref: str) -> tuple[str, tuple[str, ...]]:
    """`a.b().c[]` → ("a", (".b", "()", ".c", "[]"))."""
    match = _HEAD.match(ref)
    if not match:
        return "", ()
    return match.group(0), tuple(_TOKEN.findall(ref, match.end()))


def is_property(unit: f.Unit) -> bool:
    return any(d in _PROPERTY_DECORATORS or d.endswith((".setter", ".getter", ".deleter"))
               for d in unit.decorators)


class Resolver:
    """Resolves reference text in a namespace; memoised, cycle-safe."""

    def __init__(self, symbols: Symbols) -> None:
        self.s = symbols
        self._memo: dict[tuple[str, str], tuple[Value, ...]] = {}
        #: Why a memoised resolution gave nothing (so a repeat reports the same reason).
        self._reasons: dict[tuple[str, str], str] = {}
        #: While tracking: the parameters each memoised resolution read, transitively.
        self._deps: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self._dep_stack: list[set[tuple[str, str]]] | None = None
        self._mro: dict[str, tuple[str, ...]] = {}
        self._chains: dict[str, list[str]] = {}
        self._active: set[tuple[str, str]] = set()
        #: Why the last resolution that gave nothing failed.
        self.reason = ""
        #: Functions that flow into parameters: (function, parameter) → values (link/flows.py).
        self.flows: dict[tuple[str, str], tuple[Value, ...]] = {}

    # -- entry point ----------------------------------------------------------------------

    def resolve(self, ref: str, scope: str, depth: int = 0) -> tuple[Value, ...]:
        key = (ref, scope)
        hit = self._memo.get(key)
        if hit is not None:
            if not hit:
                self.reason = self._reasons.get(key, "")
            if self._dep_stack:
                deps = self._deps.get(key)
                if deps:
                    self._dep_stack[-1].update(deps)
            return hit
        if key in self._active or depth > _MAX_DEPTH:
            if self._dep_stack:  # a cut-short result depends on the order of resolution
                self._dep_stack[-1].add(_CUT)
            return ()
        self._active.add(key)
        tracking = self._dep_stack is not None
        if tracking:
            self._dep_stack.append(set())
        try:
            head, parts = parse_ref(ref)
            values = self.lookup(head, scope, depth) if head else ()
            if not head:
                self.reason = "dynamic"
            elif not values:
                self.reason = "unknown-name"
            for part in parts:
                if not values:
                    break
                values = self._step(values, part, scope, depth)
                if not values and not self.reason:
                    self.reason = "unknown-attribute"
        finally:
            self._active.discard(key)
            if tracking:
                deps = self._dep_stack.pop()
                if deps:
                    self._deps[key] = deps
                    if self._dep_stack:
                        self._dep_stack[-1].update(deps)
        result = tuple(dict.fromkeys(values))
        self._memo[key] = result
        if not result:
            self._reasons[key] = self.reason
        return result

    def _step(self, values: tuple[Value, ...], part: str, scope: str, depth: int) -> tuple[Value, ...]:
        out: list[Value] = []
        for value in values:
            if part == "()":
                out.extend(self.call_result(value, scope, depth))
            elif part == "[]":
                if value[0] == "cont":
                    for ref in value[1]:
                        out.extend(self.resolve(ref, value[2], depth + 1))
                elif value[0] == "items":
                    out.extend(self.annotated(value[1], value[2], depth))
            else:
                out.extend(self.attribute(value, part[1:], depth))
        if not out:
            self.reason = "untyped-value" if part == "()" else "unknown-attribute"
            if all(v[0] in ("ext", "builtin") for v in values):
                self.reason = "external"
        return tuple(out)

    def track(self) -> None:
        """Record which parameters each resolution reads, until `forget`."""
        self._dep_stack = []

    def forget(self, changed: set[tuple[str, str]]) -> None:
        """After `flows` changed: drop the memoised results that read a parameter in
        `changed`, or were cut short (all of them if nothing was tracked)."""
        if self._dep_stack is None:
            self._memo.clear()
            self._reasons.clear()
        else:
            for key, deps in self._deps.items():
                if _CUT in deps or not deps.isdisjoint(changed):
                    self._memo.pop(key, None)
                    self._reasons.pop(key, None)
        self._deps.clear()
        self._dep_stack = None

    # -- names ----------------------------------------------------------------------------

    def scope_chain(self, scope: str) -> list[str]:
        """The namespaces a name is looked up in, innermost first (class bodies skipped
        for code inside their methods, as Python does)."""
        hit = self._chains.get(scope)
        if hit is None:
            hit = self._chains[scope] = self._scope_chain(scope)
        return hit

    def _scope_chain(self, scope: str) -> list[str]:
        chain = [scope]
        unit = self.s.units.get(scope)
        while unit is not None and unit.parent is not None:
            parent = self.s.units.get(unit.parent)
            if parent is None:
                break
            if parent.kind != f.CLASS:
                chain.append(parent.qualname)
            unit = parent
        module = self.s.module_of(scope)
        if chain[-1] != module:
            chain.append(module)
        return chain

    def lookup(self, name: str, scope: str, depth: int) -> tuple[Value, ...]:
        for ns_name in self.scope_chain(scope):
            found = self.in_namespace(ns_name, name, depth)
            if found is not None:
                return found
        if name in BUILTINS:
            return (("builtin", name),)
        return ()

    def in_namespace(self, ns_name: str, name: str, depth: int) -> tuple[Value, ...] | None:
        """What `name` is bound to in one namespace, or None when it is not bound there."""
        ns = self.s.namespaces.get(ns_name)
        if ns is None:
            return None
        found: list[Value] = []
        bound = False
        if name in ns.units:
            bound = True
            found.append(("unit", ns.units[name]))
        if name in ns.params:
            bound = True
            found.extend(self._param(ns_name, ns.params[name], depth))
        for binding in ns.bindings.get(name, ()):
            bound = True
            found.extend(self._binding(binding, depth))
        for imp in ns.imports.get(name, ()):
            bound = True
            found.extend(self._import(imp, depth))
        if not bound and ns.stars:
            for module in ns.stars:
                if self.s.is_module(module):
                    sub = self.module_member(module, name, depth + 1)
                    if sub:
                        return sub
        return tuple(found) if bound else None

    def _param(self, function: str, param: f.Param, depth: int) -> tuple[Value, ...]:
        unit = self.s.units.get(function)
        if unit is None:
            return ()
        if self._dep_stack:
            self._dep_stack[-1].add((function, param.name))
        flowed = self.flows.get((function, param.name), ())
        if param.annotation:
            return flowed + self.annotated(param.annotation, unit.parent or function, depth)
        if flowed:
            return flowed
        parent = self.s.units.get(unit.parent or "")
        if parent is not None and parent.kind == f.CLASS and unit.params and unit.params[0] is param:
            if "staticmethod" in unit.decorators:
                return ()
            if "classmethod" in unit.decorators or unit.qualname.endswith(".__new__"):
                return (("unit", parent.qualname),)
            return (("inst", parent.qualname),)
        return ()

    def _binding(self, binding: f.Binding, depth: int) -> tuple[Value, ...]:
        scope = binding.origin or binding.scope
        if binding.annotation:
            return self.annotated(binding.annotation, scope, depth)
        value = binding.value
        if not value:
            return ()
        if value.startswith("{"):
            return (("cont", tuple(value[1:-1].split(",")), scope),)
        if value.startswith("@"):
            return (("held", value[1:], scope),)
        return self.resolve(value, scope, depth + 1)

    def annotated(self, annotation: str, scope: str, depth: int) -> tuple[Value, ...]:
        """Values an annotation promises: instances of a class, or (`*C`) a container of them."""
        if annotation.startswith("*"):
            return (("items", annotation[1:], scope),)
        return self._instances(self.resolve(annotation, scope, depth + 1))

    def _instances(self, values: tuple[Value, ...]) -> tuple[Value, ...]:
        """Annotation values → instances of the classes they name."""
        out: list[Value] = []
        for value in values:
            if value[0] == "unit" and self.s.kind(value[1]) == f.CLASS:
                out.append(("inst", value[1]))
            elif value[0] == "ext":
                out.append(("ext", value[1] + "()"))
        return tuple(out)

    def _import(self, imp: f.Import, depth: int) -> tuple[Value, ...]:
        if imp.name is None:
            # `import a.b.c` binds `a`; `import a.b as c` binds `c` to `a.b`.
            module = imp.alias if imp.alias == imp.module.split(".", 1)[0] else imp.module
            if self.s.is_module(module):
                return (("module", module),)
            return (("ext", module),)
        if self.s.is_module(imp.module):
            return self.module_member(imp.module, imp.name, depth + 1)
        return (("ext", f"{imp.module}.{imp.name}"),)

    # -- attributes -----------------------------------------------------------------------

    def module_member(self, module: str, name: str, depth: int) -> tuple[Value, ...]:
        key = ("module:" + module, name)
        if key in self._active or depth > _MAX_DEPTH:
            return ()
        self._active.add(key)
        try:
            found = self.in_namespace(module, name, depth) if module in self.s.namespaces else None
            if found:
                return found
            sub = f"{module}.{name}"
            if self.s.is_module(sub):
                return (("module", sub),)
            return found or ()
        finally:
            self._active.discard(key)

    def attribute(self, value: Value, name: str, depth: int) -> tuple[Value, ...]:
        kind = value[0]
        if kind == "module":
            return self.module_member(value[1], name, depth + 1)
        if kind == "unit":
            if self.s.kind(value[1]) == f.CLASS:
                return self.class_member(value[1], name, depth, start=0)
            return ()
        if kind == "inst":
            return self.class_member(value[1], name, depth, start=0, instance=True)
        if kind == "super":
            return self.class_member(value[1], name, depth, start=1, instance=True)
        if kind == "ext":
            return (("ext", f"{value[1]}.{name}"),)
        if kind == "items" and name in ("get", "pop", "values", "__getitem__"):
            return (("items-call", value[1], value[2]),)
        if kind == "cont" and name in ("get", "pop", "setdefault", "values", "__getitem__"):
            return (("cont-item", value[1], value[2]),)  # calling it gives an item
        return ()

    def class_member(self, cls: str, name: str, depth: int, start: int = 0,
                     instance: bool = False) -> tuple[Value, ...]:
        for klass in self.mro(cls)[start:]:
            ns = self.s.namespaces.get(klass)
            if ns is None:
                continue
            if name in ns.units:
                return (("unit", ns.units[name]),)
            if name in ns.bindings:
                out: list[Value] = []
                for binding in ns.bindings[name]:
                    out.extend(self._binding(binding, depth + 1))
                return tuple(out)
        return ()

    def call_result(self, value: Value, scope: str, depth: int) -> tuple[Value, ...]:
        kind = value[0]
        if kind == "unit":
            unit = self.s.units.get(value[1])
            if unit is None:
                return ()
            if unit.kind == f.CLASS:
                return (("inst", unit.qualname),)
            if unit.returns_functions:
                return tuple(("unit", q) for q in unit.returns_functions)
            if unit.returns:
                return self.annotated(unit.returns, unit.parent or unit.qualname, depth)
            return ()
        if kind == "builtin" and value[1] == "super":
            cls = self._enclosing_class(scope)
            return (("super", cls),) if cls else ()
        if kind == "ext":
            return (("ext", value[1] + "()"),)
        if kind == "items-call":
            return self.annotated(value[1], value[2], depth)
        if kind == "cont-item":
            out: list[Value] = []
            for ref in value[1]:
                out.extend(self.resolve(ref, value[2], depth + 1))
            return tuple(out)
        return ()

    def _enclosing_class(self, scope: str) -> str | None:
        unit = self.s.units.get(scope)
        while unit is not None:
            parent = self.s.units.get(unit.parent or "")
            if parent is not None and parent.kind == f.CLASS:
                return parent.qualname
            unit = parent
        return None

    # -- classes --------------------------------------------------------------------------

    def bases(self, cls: str) -> tuple[Value, ...]:
        unit = self.s.units.get(cls)
        if unit is None:
            return ()
        out: list[Value] = []
        for base in unit.bases:
            while base.endswith("[]"):  # `Base[T]`: a parameterised generic is still Base
                base = base[:-2]
            out.extend(self.resolve(base, unit.parent or cls, 1))
        return tuple(out)

    def mro(self, cls: str) -> tuple[str, ...]:
        """C3 linearisation over the app's classes (external bases are left out)."""
        hit = self._mro.get(cls)
        if hit is not None:
            return hit
        self._mro[cls] = (cls,)  # guards against inheritance cycles
        parents = [v[1] for v in self.bases(cls) if v[0] == "unit" and self.s.kind(v[1]) == f.CLASS]
        seqs = [list(self.mro(p)) for p in parents] + [parents]
        result = [cls]
        while any(seqs):
            seqs = [s for s in seqs if s]
            for seq in seqs:
                head = seq[0]
                if not any(head in s[1:] for s in seqs):
                    break
            else:  # inconsistent hierarchy: fall back to depth-first order
                head = seqs[0][0]
            result.append(head)
            for seq in seqs:
                if seq and seq[0] == head:
                    del seq[0]
        out = tuple(dict.fromkeys(result))
        self._mro[cls] = out
        return out

    def external_bases(self, cls: str) -> tuple[str, ...]:
        """Dotted names of the external classes anywhere in `cls`'s hierarchy."""
        out: list[str] = []
        for klass in self.mro(cls):
            out.extend(v[1] for v in self.bases(klass) if v[0] == "ext")
        return tuple(out)


def locate(resolver: Resolver, ref: str, scope: str) -> tuple[str, ...]:
    """Qualified names of the bindings or units a dotted reference names (not their values):
    `bp` in `shop.orders.views` → `shop.orders.views.bp`, following imports to the module
    that binds it. Used where identity matters: routers, module state."""
    head, parts = parse_ref(ref)
    if not head or any(p in ("()", "[]") for p in parts):
        return ()
    s = resolver.s
    places: list[str] = []
    for ns_name in resolver.scope_chain(scope):
        ns = s.namespaces.get(ns_name)
        if ns is None:
            continue
        if head in ns.units or head in ns.bindings or head in ns.params:
            places.append(f"{ns_name}.{head}")
            break
        if head in ns.imports:
            for imp in ns.imports[head]:
                places.extend(_locate_import(resolver, imp))
            break
    out: list[str] = []
    for place in places:
        out.extend(_locate_parts(resolver, place, [p[1:] for p in parts]))
    return tuple(dict.fromkeys(out))


def _locate_import(resolver: Resolver, imp: f.Import, depth: int = 0) -> list[str]:
    s = resolver.s
    if imp.name is None:
        module = imp.alias if imp.alias == imp.module.split(".", 1)[0] else imp.module
        return [module] if s.is_module(module) else []
    if not s.is_module(imp.module):
        return []
    sub = f"{imp.module}.{imp.name}"
    if s.is_module(sub):
        return [sub]
    return _follow(resolver, imp.module, imp.name, depth)


def _follow(resolver: Resolver, module: str, name: str, depth: int) -> list[str]:
    """Where `name` in `module` is really bound, through re-exports."""
    ns = resolver.s.namespaces.get(module)
    if ns is None or depth > 8:
        return []
    if name in ns.imports:
        out: list[str] = []
        for imp in ns.imports[name]:
            out.extend(_locate_import(resolver, imp, depth + 1))
        return out
    return [f"{module}.{name}"]


def _locate_parts(resolver: Resolver, place: str, attrs: list[str]) -> list[str]:
    for i, attr in enumerate(attrs):
        if resolver.s.is_module(place):
            nxt = _follow(resolver, place, attr, 0)
            if not nxt:
                sub = f"{place}.{attr}"
                nxt = [sub] if resolver.s.is_module(sub) else []
            if not nxt:
                return []
            return [q for n in nxt for q in _locate_parts(resolver, n, attrs[i + 1:])]
        place = f"{place}.{attr}"
    return [place]
