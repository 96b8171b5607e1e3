"""Scoring of `callgraph` output against the accuracy suite in `tests/callgraph_cases/`.

Each case folder is a small program (the folder is its source root) plus `callgraph.json`,
the expected call graph in the `callgraph` format (see docs/callgraph.md). A produced
graph is scored against it by comparing edge sets, where an edge is a (caller, callee)
pair; keys (module bodies and functions) are compared separately.

Shared by tests/test_callgraph_accuracy.py and benchmarks/callgraph_accuracy.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "callgraph_cases"
EXPECTED_FILE = "callgraph.json"

MIN_PRECISION = 0.98
MIN_RECALL = 0.90

Edge = tuple[str, str]
Graph = Mapping[str, Iterable[str]]


def case_dirs(root: Path = CASES_DIR) -> list[Path]:
    """Case folders under `root` (those holding a callgraph.json), sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / EXPECTED_FILE).is_file())


def load_expected(case: Path) -> dict[str, list[str]]:
    with open(case / EXPECTED_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def feature_group(case_name: str) -> str:
    """`imports_relative_2` -> `imports_relative`."""
    return re.sub(r"_\d+$", "", case_name)


def edges(graph: Graph) -> set[Edge]:
    return {(caller, callee) for caller, callees in graph.items() for callee in callees}


@dataclass(repr=False)
class CaseScore:
    name: str
    expected: set[Edge]
    found: set[Edge]
    expected_keys: set[str]
    found_keys: set[str]

    @property
    def true_positives(self) -> set[Edge]:
        return self.expected & self.found

    @property
    def false_positives(self) -> set[Edge]:
        return self.found - self.expected

    @property
    def false_negatives(self) -> set[Edge]:
        return self.expected - self.found

    @property
    def missing_keys(self) -> set[str]:
        return self.expected_keys - self.found_keys

    @property
    def extra_keys(self) -> set[str]:
        return self.found_keys - self.expected_keys

    @property
    def exact(self) -> bool:
        return not (self.false_positives or self.false_negatives or self.missing_keys or self.extra_keys)

    def __repr__(self) -> str:
        return (
            f"CaseScore({self.name!r}, expected={len(self.expected)}, found={len(self.found)}, "
            f"fp={len(self.false_positives)}, fn={len(self.false_negatives)})"
        )


def score_case(name: str, expected: Graph, found: Graph) -> CaseScore:
    return CaseScore(
        name=name,
        expected=edges(expected),
        found=edges(found),
        expected_keys=set(expected),
        found_keys=set(found),
    )


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(repr=False)
class SuiteScore:
    cases: list[CaseScore] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"SuiteScore({totals_line(self)})"

    @property
    def true_positives(self) -> int:
        return sum(len(c.true_positives) for c in self.cases)

    @property
    def false_positives(self) -> int:
        return sum(len(c.false_positives) for c in self.cases)

    @property
    def false_negatives(self) -> int:
        return sum(len(c.false_negatives) for c in self.cases)

    @property
    def expected_edges(self) -> int:
        return sum(len(c.expected) for c in self.cases)

    @property
    def found_edges(self) -> int:
        return sum(len(c.found) for c in self.cases)

    @property
    def precision(self) -> float:
        """Micro-averaged over all edges of all cases."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        """Micro-averaged over all edges of all cases."""
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    def by_group(self) -> dict[str, list[CaseScore]]:
        groups: dict[str, list[CaseScore]] = {}
        for case in self.cases:
            groups.setdefault(feature_group(case.name), []).append(case)
        return groups


def score_suite(
    produce: Callable[[Path], Graph], root: Path = CASES_DIR
) -> SuiteScore:
    """Run `produce` (e.g. `granularity.api.callgraph_of`) on every case and score it."""
    suite = SuiteScore()
    for case in case_dirs(root):
        suite.cases.append(score_case(case.name, load_expected(case), produce(case)))
    return suite


def edge_report(suite: SuiteScore) -> str:
    """Per-case false positives and false negatives, for failure messages."""
    lines = []
    for case in suite.cases:
        if not (case.false_positives or case.false_negatives):
            continue
        lines.append(f"{case.name}:")
        for caller, callee in sorted(case.false_positives):
            lines.append(f"  FP  {caller} -> {callee}")
        for caller, callee in sorted(case.false_negatives):
            lines.append(f"  FN  {caller} -> {callee}")
    return "\n".join(lines)


def key_report(suite: SuiteScore) -> str:
    """Per-case missing and unexpected keys, for failure messages."""
    lines = []
    for case in suite.cases:
        if not (case.missing_keys or case.extra_keys):
            continue
        lines.append(f"{case.name}:")
        for key in sorted(case.missing_keys):
            lines.append(f"  missing key     {key}")
        for key in sorted(case.extra_keys):
            lines.append(f"  unexpected key  {key}")
    return "\n".join(lines)


def totals_line(suite: SuiteScore) -> str:
    return (
        f"cases={len(suite.cases)} expected={suite.expected_edges} found={suite.found_edges} "
        f"TP={suite.true_positives} FP={suite.false_positives} FN={suite.false_negatives} "
        f"precision={suite.precision:.4f} recall={suite.recall:.4f}"
    )


def format_table(suite: SuiteScore) -> str:
    """Per-case table (case, expected edges, found, FP, FN) followed by the totals."""
    width = max([len("case")] + [len(c.name) for c in suite.cases])
    header = f"{'case':<{width}}  {'expected':>8}  {'found':>5}  {'FP':>3}  {'FN':>3}  keys"
    rule = "-" * len(header)
    rows = [header, rule]
    for c in suite.cases:
        keys = "ok" if not (c.missing_keys or c.extra_keys) else f"-{len(c.missing_keys)} +{len(c.extra_keys)}"
        rows.append(
            f"{c.name:<{width}}  {len(c.expected):>8}  {len(c.found):>5}  "
            f"{len(c.false_positives):>3}  {len(c.false_negatives):>3}  {keys}"
        )
    rows.append(rule)
    rows.append(
        f"{'total':<{width}}  {suite.expected_edges:>8}  {suite.found_edges:>5}  "
        f"{suite.false_positives:>3}  {suite.false_negatives:>3}"
    )
    rows.append("")
    rows.append(f"precision {suite.precision:.4f}  (TP {suite.true_positives} / found {suite.found_edges})")
    rows.append(f"recall    {suite.recall:.4f}  (TP {suite.true_positives} / expected {suite.expected_edges})")
    return "\n".join(rows)


def format_groups(suite: SuiteScore) -> str:
    """Per feature group: cases, expected edges, FP, FN, recall."""
    groups = suite.by_group()
    width = max([len("group")] + [len(g) for g in groups])
    rows = [f"{'group':<{width}}  {'cases':>5}  {'expected':>8}  {'FP':>3}  {'FN':>3}  {'recall':>6}"]
    for name, cases in sorted(groups.items()):
        exp = sum(len(c.expected) for c in cases)
        fp = sum(len(c.false_positives) for c in cases)
        fn = sum(len(c.false_negatives) for c in cases)
        rows.append(f"{name:<{width}}  {len(cases):>5}  {exp:>8}  {fp:>3}  {fn:>3}  {_ratio(exp - fn, exp):>6.2f}")
    return "\n".join(rows)
