"""The functions an app already declares, as groups of entry-point units.

In order: `[tool.granularity.functions]` (function name → entry-point or module globs)
when configured; otherwise the functions of the deployment descriptors (SAM
`template.yaml`, `serverless.yml`: the link stage tags each of their handlers' triggers
with a `function` detail, and the handlers a Lambda-lith routes to belong to its function)
and of Chalice apps (every route in one `api_handler`
function, each other handler a function of its own, as `chalice deploy` does).
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict

from granularity.model.graph import ProgramGraph

CHALICE_API = "api_handler"


def _configured(graph: ProgramGraph, functions: tuple[tuple[str, tuple[str, ...]], ...],
                atoms: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    groups: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    notes = []
    for name, patterns in functions:
        found = []
        for unit in sorted(atoms):
            module = graph.units[unit].module if unit in graph.units else unit
            if any(fnmatch.fnmatchcase(unit, p) or fnmatch.fnmatchcase(module, p) for p in patterns):
                if unit in owner:
                    notes.append(f"functions.{name}: `{unit}` already belongs to `{owner[unit]}`")
                    continue
                owner[unit] = name
                found.append(unit)
        if found:
            groups[name] = found
        else:
            notes.append(f"functions.{name}: its patterns match no entry point")
    return groups, notes


def _descriptors(atoms: dict) -> dict[str, list[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    routed: dict[str, set[str]] = defaultdict(set)
    for unit, atom in sorted(atoms.items()):
        for t in atom.triggers:
            if t.detail("function"):
                groups[t.detail("function")].add(unit)
            elif t.detail("router"):  # a handler a Lambda-lith routes to: part of that function
                routed[t.detail("router")].add(unit)
            elif t.framework == "chalice":
                groups[CHALICE_API if t.kind == "http" else unit.rsplit(".", 1)[-1]].add(unit)
    for units in groups.values():
        for router in sorted(units & set(routed)):
            units |= routed[router]
    return {name: sorted(units) for name, units in sorted(groups.items())}


def declared_groups(graph: ProgramGraph, functions: tuple[tuple[str, tuple[str, ...]], ...],
                    atoms: dict) -> tuple[dict[str, list[str]], list[str]]:
    """(function name → entry-point units, notes on what did not fit); empty when nothing is declared.
    `atoms` are the partitioner's entry points (routed handlers of a Lambda-lith included)."""
    if functions:
        groups, notes = _configured(graph, functions, set(atoms))
    else:
        groups, notes = _descriptors(atoms), []
    if groups:
        held = {u for units in groups.values() for u in units}
        left = sorted(set(atoms) - held)
        if left:
            notes.append(f"{len(left)} entry point(s) belong to no declared function and are not checked "
                         f"as functions: {', '.join(left[:5])}{' ...' if len(left) > 5 else ''}")
    return groups, notes
