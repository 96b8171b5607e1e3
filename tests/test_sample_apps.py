"""Each sample app against its hand-checked expectations (tests/sample_expectations/*.toml):
the exact set of entry points, a set of call and dispatch edges that must be found, and
the exact resources that chosen entry points write through what they reach."""

from __future__ import annotations

import tomllib

import pytest
from conftest import EXPECTATIONS, sample_graph

from granularity.model.graph import CALL

APPS = sorted(p.stem for p in EXPECTATIONS.glob("*.toml"))
WRITE_KINDS = ("table:", "global:", "file:")


def expected(app: str) -> dict:
    with open(EXPECTATIONS / f"{app}.toml", "rb") as fh:
        return tomllib.load(fh)


def _trigger_key(unit: str, kind: str, methods: str = "", path: str = "") -> tuple[str, str, str, str]:
    return (unit, kind, methods, path) if kind == "http" else (unit, kind, "", "")


@pytest.mark.parametrize("app", APPS)
def test_entry_points_are_exactly_the_expected_ones(app: str) -> None:
    graph = sample_graph(app)
    want = {
        _trigger_key(e["unit"], e["kind"], ",".join(sorted(e.get("methods", []))), e.get("path", ""))
        for e in expected(app)["entry_points"]
    }
    got = {_trigger_key(t.unit, t.kind, t.detail("methods"), t.detail("path")) for t in graph.entry_points}
    assert sorted(got - want) == [] and sorted(want - got) == [], (
        f"unexpected: {sorted(got - want)}\nmissing: {sorted(want - got)}"
    )


@pytest.mark.parametrize("app", APPS)
def test_hand_checked_call_edges_are_found(app: str) -> None:
    graph = sample_graph(app)
    got = {(e.caller, e.callee) for e in graph.calls if e.kind == CALL}
    missing = [tuple(edge) for edge in expected(app).get("calls", []) if tuple(edge) not in got]
    assert missing == []


@pytest.mark.parametrize("app", APPS)
def test_dispatch_and_invoke_edges_are_found(app: str) -> None:
    graph = sample_graph(app)
    got = {(e.caller, e.callee, e.kind) for e in graph.calls if e.kind != CALL}
    missing = [tuple(edge) for edge in expected(app).get("dispatches", []) if tuple(edge) not in got]
    assert missing == []


@pytest.mark.parametrize("app", APPS)
def test_entry_points_write_exactly_the_expected_resources(app: str) -> None:
    graph = sample_graph(app)
    writes: dict[str, set[str]] = {}
    for access in graph.accesses:
        if access.mode == "write" and access.resource.startswith(WRITE_KINDS):
            writes.setdefault(access.unit, set()).add(access.resource)
    wrong = {}
    for unit, resources in expected(app).get("writes", {}).items():
        reached = graph.reach.get(unit, (unit,))
        got = set().union(*(writes.get(u, set()) for u in reached))
        if got != set(resources):
            wrong[unit] = {"unexpected": sorted(got - set(resources)), "missing": sorted(set(resources) - got)}
    assert wrong == {}
