"""Tracks control flow that makes code conditional (if, try, loops) for the other gatherers."""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import Gatherer

_CONDITIONAL = ("If", "For", "While", "Match", "ExceptHandler", "ExceptStarHandler")
_TRY = ("Try", "TryStar")


def _reraises(node: cst.Try | cst.TryStar) -> bool:
    """True when every handler ends by raising (`except ImportError: raise SystemExit(...)`):
    then the `try` body runs whenever the code around it does, or nothing after it runs."""
    if not node.handlers or node.orelse is not None:
        return False
    for handler in node.handlers:
        body = handler.body.body
        last = body[-1] if body else None
        if isinstance(last, cst.SimpleStatementLine):  # an indented block's last line
            last = last.body[-1] if last.body else None
        if not isinstance(last, cst.Raise):  # `except E: raise` on one line ends in the Raise
            return False
    return True


class FlowGatherer(Gatherer):
    """Keeps `ctx.conditional` above 0 inside conditional blocks: `if`, loops, `match`,
    exception handlers, and the body of a `try` unless every handler of it re-raises (a
    required import wrapped to give a better message is not optional)."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._counted: list[bool] = []

    def on_enter(self, node: cst.CSTNode) -> None:
        self.ctx.conditional += 1

    def on_exit(self, node: cst.CSTNode) -> None:
        self.ctx.conditional -= 1

    def on_enter_try(self, node: cst.Try | cst.TryStar) -> None:
        counted = not _reraises(node)
        self._counted.append(counted)
        self.ctx.conditional += counted

    def on_exit_try(self, node: cst.CSTNode) -> None:
        self.ctx.conditional -= self._counted.pop()


for _name in _CONDITIONAL:
    setattr(FlowGatherer, f"visit_{_name}", FlowGatherer.on_enter)
    setattr(FlowGatherer, f"leave_{_name}", FlowGatherer.on_exit)
for _name in _TRY:
    setattr(FlowGatherer, f"visit_{_name}", FlowGatherer.on_enter_try)
    setattr(FlowGatherer, f"leave_{_name}", FlowGatherer.on_exit_try)
