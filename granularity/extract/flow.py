"""Tracks control flow that makes code conditional (if, try, loops) for the other gatherers."""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import Gatherer

_CONDITIONAL = ("If", "Try", "TryStar", "For", "While", "Match")


class FlowGatherer(Gatherer):
    """Keeps `ctx.conditional` equal to the number of conditional blocks around the walk."""

    def on_enter(self, node: cst.CSTNode) -> None:
        self.ctx.conditional += 1

    def on_exit(self, node: cst.CSTNode) -> None:
        self.ctx.conditional -= 1


for _name in _CONDITIONAL:
    setattr(FlowGatherer, f"visit_{_name}", FlowGatherer.on_enter)
    setattr(FlowGatherer, f"leave_{_name}", FlowGatherer.on_exit)
