"""Helpers the data-access gatherers share: the string constants a file binds (looked up
when a call is handed a name instead of a literal) and deduplicated `Access` emission.

Constants are kept as their libcst value nodes and evaluated only when a use asks for
them, so binding thousands of strings costs a type check each.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext
from granularity.extract.refs import fstring_prefix, literal_str
from granularity.model import facts as f

#: Node types of string expressions worth remembering as constants.
STRING_NODES = frozenset({cst.SimpleString, cst.ConcatenatedString, cst.FormattedString})


class StringConstants:
    """`NAME = "text"` bindings of the module body and of the function being walked."""

    __slots__ = ("module", "local", "_saved")

    def __init__(self) -> None:
        self.module: dict[str, cst.BaseExpression] = {}
        self.local: dict[str, cst.BaseExpression] = {}
        self._saved: list[dict[str, cst.BaseExpression]] = []

    def enter_function(self) -> None:
        self._saved.append(self.local)
        self.local = {}

    def leave_function(self) -> None:
        self.local = self._saved.pop() if self._saved else {}

    def note(self, node: cst.Assign, at_module_level: bool) -> None:
        """Remember `NAME = <string>`; forget a local name rebound to anything else."""
        if len(node.targets) != 1:
            return
        target = node.targets[0].target
        if type(target) is not cst.Name:
            return
        is_string = type(node.value) in STRING_NODES
        if at_module_level:
            if is_string:
                self.module[target.value] = node.value
        elif self._saved:
            if is_string:
                self.local[target.value] = node.value
            elif self.local:
                self.local.pop(target.value, None)

    def lookup(self, name: str) -> cst.BaseExpression | None:
        found = self.local.get(name)
        return found if found is not None else self.module.get(name)

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
