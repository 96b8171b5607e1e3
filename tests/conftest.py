"""Shared fixtures: the sample apps and their program graphs, built once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_APPS = ROOT / "sample_apps"
EXPECTATIONS = Path(__file__).resolve().parent / "sample_expectations"
sys.path.insert(0, str(Path(__file__).resolve().parent))

_GRAPHS: dict = {}


def sample_graph(app: str):
    """The program graph of a sample app (no cache, one process), memoised per session."""
    if app not in _GRAPHS:
        from granularity.pipeline import GraphOptions, build

        _GRAPHS[app] = build(SAMPLE_APPS / app, GraphOptions(jobs=1, use_cache=False)).graph
    return _GRAPHS[app]


@pytest.fixture
def graph_of():
    return sample_graph
