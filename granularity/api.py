"""A small Python API over the pipeline, for tests and embedding."""

from __future__ import annotations

from pathlib import Path

from granularity.pipeline import build_graph
from granularity.report.callgraph import callgraph


def callgraph_of(path: Path) -> dict[str, list[str]]:
    """The `callgraph` JSON object of the app at `path` (analysed statically, no cache)."""
    graph = build_graph(Path(path), use_cache=False, jobs=1)
    return callgraph(graph)
