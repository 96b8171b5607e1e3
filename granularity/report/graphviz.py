"""The program graph as GraphML (networkx) and Graphviz DOT (written here, no extra dependency)."""

from __future__ import annotations

import io

import networkx as nx

from granularity.link.graph import to_networkx
from granularity.model.graph import ProgramGraph


def render_graphml(graph: ProgramGraph) -> str:
    g = to_networkx(graph)
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, named_key_ids=True)
    return buffer.getvalue().decode("utf-8")


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


_STYLES = {"call": "solid", "dispatch": "dashed", "invoke": "bold", "read": "dotted", "write": "solid",
           "import": "dotted", "contains": "invis"}
_SHAPES = {"resource": "cylinder", "package": "component"}


def render_dot(graph: ProgramGraph) -> str:
    """Units, resources and packages with call, access and import edges (nesting left out)."""
    g = to_networkx(graph)
    lines = [f"digraph {_quote(graph.root or 'app')} {{", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
    for node, data in g.nodes(data=True):
        shape = _SHAPES.get(data.get("type", ""), "box")
        extra = ", style=bold" if data.get("entry_point") else ""
        lines.append(f"  {_quote(node)} [shape={shape}{extra}];")
    for a, b, data in g.edges(data=True):
        kind = data.get("type", "")
        if kind == "contains":
            continue
        lines.append(f"  {_quote(a)} -> {_quote(b)} [style={_STYLES.get(kind, 'solid')}, label={_quote(kind)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
