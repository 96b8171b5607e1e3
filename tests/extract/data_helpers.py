"""Helpers for the data-access snippet tests: extract a snippet, keep the accesses of one kind."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f


def facts(src: str, module: str = "pkg.mod", path: str = "pkg/mod.py") -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), module, path)


def accesses(src: str, *kinds: str) -> set[tuple[str, str, str, str]]:
    """(scope, kind, name, mode) of the accesses of the given kinds a snippet makes."""
    return {(a.scope, a.kind, a.name, a.mode) for a in facts(src).accesses if a.kind in kinds}


def remotes(src: str) -> set[tuple[str, str, bool]]:
    """(scope, function, asynchronous) of the remote invocations a snippet makes."""
    return {(r.scope, r.function, r.asynchronous) for r in facts(src).remotes}
