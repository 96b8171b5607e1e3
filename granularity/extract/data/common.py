"""Helpers the data-access gatherers share: the string constants a file binds (looked up
when a call is handed a name instead of a literal), deduplicated `Access` emission, the
local names of followed libraries, and values (clients, handles) attached to names.

Constants are kept as their libcst value nodes and evaluated only when a use asks for
them, so binding thousands of strings costs a type check each.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import libcst as cst

from granularity.extract.context import FileContext
from granularity.extract.refs import dotted, fstring_prefix, literal_str
from granularity.model import facts as f

V = TypeVar("V")

#: Node types of string expressions worth remembering as constants.
STRING_NODES = frozenset({cst.SimpleString, cst.ConcatenatedString, cst.FormattedString})


class StringConstants:
    """`NAME = "text"` bindings of the module body and of the function being walked."""

    __slots__ = ("module", "local", "_saved")

    def __init__(self) -> None:
        self.module: dict[str, cst.BaseExpression] = {}
        #: None for a name the function binds to something else, hiding a module constant.
        self.local: dict[str, cst.BaseExpression | None] = {}
        self._saved: list[dict[str, cst.BaseExpression | None]] = []

    def enter_function(self) -> None:
        self._saved.append(self.local)
        self.local = {}

    def leave_function(self) -> None:
        self.local = self._saved.pop() if self._saved else {}

    def note(self, node: cst.Assign, at_module_level: bool) -> None:
        """Remember `NAME = <string>`; a local name bound to anything else hides a constant."""
        if len(node.targets) != 1:
            return
        target = node.targets[0].target
        if type(target) is not cst.Name:
            return
        name = target.value
        if type(node.value) in STRING_NODES:
            if at_module_level:
                self.module[name] = node.value
            elif self._saved:
                self.local[name] = node.value
        elif self._saved and (name in self.local or name in self.module):
            self.local[name] = None

    def lookup(self, name: str) -> cst.BaseExpression | None:
        local = self.local
        return local[name] if name in local else self.module.get(name)

    def value(self, node: cst.BaseExpression | None) -> str | None:
        """A literal string's value, or the value of a name bound to one."""
        if type(node) is cst.Name:
            node = self.lookup(node.value)
        return literal_str(node)

    def prefix(self, node: cst.BaseExpression | None) -> str | None:
        """Like `value`, but an f-string gives its literal text before the first placeholder."""
        if type(node) is cst.Name:
            node = self.lookup(node.value)
        return fstring_prefix(node)


class Accesses:
    """Appends `Access` facts to the context, once per (scope, kind, name, mode, line), or once
    per unit with `per_unit` (for accesses that repeat line after line, like attribute writes)."""

    __slots__ = ("ctx", "_seen")

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._seen: set[tuple[str, str, str, str, int]] = set()

    def add(self, kind: str, name: str, mode: str, via: str, per_unit: bool = False) -> None:
        ctx = self.ctx
        scope = ctx.scope
        at = ctx.line
        key = (scope, kind, name, mode, -1 if per_unit else at)
        if key in self._seen:
            return
        self._seen.add(key)
        ctx.accesses.append(f.Access(scope, kind, name, mode, at, via))


class Aliases:
    """Local names the file binds to the modules a gatherer follows (`r` → `requests`) or to
    their members (`urlopen` → `urllib.request.urlopen`), read from its import statements."""

    __slots__ = ("roots", "names")

    def __init__(self, roots: frozenset[str]) -> None:
        #: Top-level package names followed.
        self.roots = roots
        self.names: dict[str, str] = {}

    def note_import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted(alias.name)
            if name is None or name.split(".", 1)[0] not in self.roots:
                continue
            if alias.asname is not None and type(alias.asname.name) is cst.Name:
                self.names[alias.asname.name.value] = name
            else:
                root = name.split(".", 1)[0]
                self.names[root] = root

    def note_import_from(self, node: cst.ImportFrom) -> None:
        module = dotted(node.module) if node.module is not None else None
        if node.relative or module is None or module.split(".", 1)[0] not in self.roots:
            return
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            if type(alias.name) is not cst.Name:
                continue
            asname = alias.asname.name if alias.asname is not None else alias.name
            if type(asname) is cst.Name:
                self.names[asname.value] = f"{module}.{alias.name.value}"

    def canonical(self, node: cst.BaseExpression) -> str | None:
        """`requests.post` for `r.post` after `import requests as r`; None for other names."""
        root = node
        while type(root) is cst.Attribute:
            root = root.value
        if type(root) is not cst.Name or root.value not in self.names:
            return None
        ref = dotted(node)
        if ref is None:
            return None
        head, _, rest = ref.partition(".")
        base = self.names[head]
        return f"{base}.{rest}" if rest else base


class Bound(Generic[V]):
    """Values a gatherer attaches to names (a client, a table handle): names bound at module
    level, in the function being walked, and `self.<attr>` per class (class attributes too)."""

    __slots__ = ("ctx", "module", "local", "_saved", "_attrs")

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.module: dict[str, V] = {}
        #: None for a name the function binds to something else, hiding a module-level one.
        self.local: dict[str, V | None] = {}
        self._saved: list[dict[str, V | None]] = []
        self._attrs: dict[str, dict[str, V]] = {}

    def enter_function(self) -> None:
        self._saved.append(self.local)
        self.local = {}

    def leave_function(self) -> None:
        self.local = self._saved.pop() if self._saved else {}

    def bind(self, target: cst.BaseExpression, value: V | None) -> None:
        """Attach `value` to an assignment target; None forgets what a rebound name held."""
        kind = type(target)
        if kind is cst.Name:
            name = target.value
            frame = self.ctx.frame
            if frame.kind == f.CLASS:  # a class attribute, read back as `self.<name>`
                if value is not None:
                    self._attrs.setdefault(frame.qualname, {})[name] = value
            elif self.ctx.at_module_level:
                if value is not None:
                    self.module[name] = value
                elif name in self.module:
                    del self.module[name]
            elif value is not None or name in self.local or name in self.module:
                self.local[name] = value  # None hides a module-level name
        elif kind is cst.Attribute and value is not None and type(target.value) is cst.Name and target.value.value == "self":
            cls = self.ctx.enclosing_class()
            if cls is not None:
                self._attrs.setdefault(cls.qualname, {})[target.attr.value] = value

    def get(self, node: cst.BaseExpression) -> V | None:
        """What a name or `self.<attr>` holds, if anything."""
        kind = type(node)
        if kind is cst.Name:
            name = node.value
            local = self.local
            return local[name] if name in local else self.module.get(name)
        if kind is cst.Attribute and self._attrs and type(node.value) is cst.Name and node.value.value == "self":
            cls = self.ctx.enclosing_class()
            attrs = self._attrs.get(cls.qualname) if cls is not None else None
            return attrs.get(node.attr.value) if attrs else None
        return None
