"""Gathers call sites and the other uses of a name that run code: decorators, callbacks,
attribute reads (property getters), context managers and asynchronous dispatch."""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import Gatherer
from granularity.extract.refs import ref_of
from granularity.model import facts as f

#: Methods that queue a task instead of calling it (Celery).
DISPATCH_METHODS = frozenset({"delay", "apply_async"})


class CallGatherer(Gatherer):
    """Fills `ctx.calls`."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._callee_nodes: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        self._callee_nodes.add(id(node.func))
        target = ref_of(node.func)
        if target is None:
            ctx.calls.append(f.Call(ctx.scope, "?", ctx.line))
            return
        head, _, method = target.rpartition(".")
        if method in DISPATCH_METHODS and head:
            ctx.calls.append(f.Call(ctx.scope, head, ctx.line, "dispatch"))
        else:
            ctx.calls.append(f.Call(ctx.scope, target, ctx.line))
        position = 0
        for a in node.args:
            slot = a.keyword.value if a.keyword is not None else str(position)
            if a.keyword is None and not a.star:
                position += 1
            if isinstance(a.value, (cst.Name, cst.Attribute)) and not a.star:
                ref = ref_of(a.value)
                if ref is not None:
                    ctx.calls.append(f.Call(ctx.scope, ref, ctx.line, "callback", receiver=target, arg=slot))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if id(node) in self._callee_nodes:
            self._callee_nodes.discard(id(node))
            return
        ref = ref_of(node)
        if ref is not None:
            self.ctx.calls.append(f.Call(self.ctx.scope, ref, self.ctx.line, "attr"))

    def visit_Decorator(self, node: cst.Decorator) -> None:
        ref = ref_of(node.decorator)
        if ref is not None:
            self._callee_nodes.add(id(node.decorator))
            line = self.ctx.line + len(node.leading_lines)  # the `@` line, not comments above it
            self.ctx.calls.append(f.Call(self.ctx.scope, ref, line, "decorator"))

    def visit_With(self, node: cst.With) -> None:
        kind = "async with" if node.asynchronous is not None else "with"
        for item in node.items:
            ref = ref_of(item.item)
            if ref is not None:
                self.ctx.calls.append(f.Call(self.ctx.scope, ref, self.ctx.line, kind))
