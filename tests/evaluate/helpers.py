"""Snippet apps for rule tests: write a small app into a folder, check it in-process, and
compare exact (rule, subject, line) sets."""

from __future__ import annotations

import textwrap
from pathlib import Path

from granularity.config import load_settings
from granularity.evaluate.gate import CheckOptions, CheckResult, prepare, run
from granularity.model.graph import ProgramGraph
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build


def write_app(root: Path, files: dict[str, str]) -> Path:
    """Write each file (dedented) under `root`; returns `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def check_path(root: Path, **options) -> CheckResult:
    """Analyse the app at `root` (no cache, one process) and check it."""
    settings = load_settings(root)
    prepared = prepare(settings, CheckOptions(**options))
    analysis = build(root, GraphOptions(jobs=1, use_cache=False, roots=settings.source_roots,
                                        excludes=settings.exclude))
    partitioner = Partitioner(analysis.graph, settings.plan, analysis.root)
    return run(partitioner, prepared, CheckOptions(**options), analysis.root)


def check_graph(graph: ProgramGraph, root: Path, **options) -> CheckResult:
    """Check an already built graph (the sample apps' session graphs)."""
    settings = load_settings(root)
    prepared = prepare(settings, CheckOptions(**options))
    return run(Partitioner(graph, settings.plan, root), prepared, CheckOptions(**options), root)


def found(result: CheckResult, rule: str | None = None) -> set[tuple[str, str, int]]:
    return {(f.rule, f.subject, f.line) for f in result.findings if rule is None or f.rule == rule}


def line_of(root: Path, rel: str, needle: str) -> int:
    """1-indexed line of the first line of `rel` containing `needle`."""
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")
