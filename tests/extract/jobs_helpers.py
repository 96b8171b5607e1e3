"""Helpers for the task queue, command line, signal and Lambda handler snippet tests."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f

#: Entry point kinds these tests are about (HTTP routes are tested elsewhere).
KINDS = frozenset({"queue", "schedule", "cli", "event", "faas"})


def facts(src: str, module: str = "pkg.mod", path: str = "pkg/mod.py", is_package: bool = False) -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), module, path, is_package)


def found(src: str, module: str = "pkg.mod", path: str = "pkg/mod.py") -> set[tuple]:
    """(unit or target, kind, framework, details) of the non-HTTP entry points of a snippet."""
    return {(e.unit or e.target, e.kind, e.framework, e.details)
            for e in facts(src, module, path).entry_points if e.kind in KINDS}


def task_dispatches(src: str) -> set[tuple[str, str]]:
    """(scope, target) of the dispatch calls to tasks named by string."""
    return {(c.scope, c.target) for c in facts(src).calls if c.kind == "dispatch" and c.target.startswith("task:")}
