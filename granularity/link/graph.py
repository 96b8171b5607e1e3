"""The networkx view of a program graph, for the stages that compute on graphs."""

from __future__ import annotations

import networkx as nx

from granularity.model.graph import ProgramGraph


def resource_ids(graph: ProgramGraph) -> list[str]:
    return sorted({a.resource for a in graph.accesses})


def to_networkx(graph: ProgramGraph) -> nx.MultiDiGraph:
    """Units, resources and packages as nodes; calls, accesses, imports and nesting as edges.
    Nodes and edges are added in sorted order, so the result is the same on every run."""
    g = nx.MultiDiGraph(name=graph.root)
    for qualname, info in graph.units.items():
        u = info.unit
        g.add_node(qualname, type="unit", kind=u.kind, module=info.module, path=info.path,
                   line=u.line, end_line=u.end_line, sloc=u.sloc, own_sloc=u.own_sloc,
                   complexity=u.complexity)
    for resource in resource_ids(graph):
        kind, _, name = resource.partition(":")
        g.add_node(resource, type="resource", kind=kind, name=name)
    for package in sorted({i.package for i in graph.imports}):
        g.add_node(f"package:{package}", type="package", kind="package", name=package)
    for qualname, info in graph.units.items():
        if info.unit.parent:
            g.add_edge(info.unit.parent, qualname, type="contains")
    for edge in graph.calls:
        if edge.callee in g:
            g.add_edge(edge.caller, edge.callee, type=edge.kind, via=edge.via, line=edge.line)
    for access in graph.accesses:
        if access.unit in g:
            g.add_edge(access.unit, access.resource, type=access.mode, via=access.via, line=access.line)
    for imp in graph.imports:
        if imp.unit in g:
            g.add_edge(imp.unit, f"package:{imp.package}", type="import", module=imp.module, line=imp.line)
    for trigger in graph.entry_points:
        if trigger.unit in g:
            g.nodes[trigger.unit]["entry_point"] = trigger.kind
    return g
