"""Call-graph accuracy suite.

Every folder in tests/callgraph_cases/ is a small program plus `callgraph.json`, its
expected call graph in the `callgraph` format (docs/callgraph.md): the calls the program
really makes when run, named and attributed by those conventions. `callgraph_of` analyses
each folder statically; its edges must reach the precision and recall floors below,
micro-averaged over all edges of all cases, and its keys must match exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callgraph_scoring import (  # noqa: E402
    CASES_DIR,
    EXPECTED_FILE,
    MIN_PRECISION,
    MIN_RECALL,
    SuiteScore,
    case_dirs,
    edge_report,
    key_report,
    load_expected,
    score_suite,
    totals_line,
)


@pytest.fixture(scope="module")
def suite() -> SuiteScore:
    from granularity.api import callgraph_of

    return score_suite(callgraph_of, CASES_DIR)


def test_suite_has_cases():
    assert len(case_dirs(CASES_DIR)) >= 70


def test_expected_files_are_canonical():
    """Each callgraph.json: keys sorted, values sorted lists, 2-space indent, trailing newline."""
    problems = []
    for case in case_dirs(CASES_DIR):
        text = (case / EXPECTED_FILE).read_text(encoding="utf-8")
        graph = load_expected(case)
        canonical = {k: sorted(v) for k, v in graph.items()}
        if text != json.dumps(canonical, indent=2, sort_keys=True) + "\n":
            problems.append(f"{case.name}: not in canonical form")
        for caller, callees in graph.items():
            for callee in callees:
                if not callee.startswith("<builtin>.") and callee not in graph:
                    problems.append(f"{case.name}: {caller} -> {callee}: callee is neither a builtin nor a key")
        if not (case / "main.py").is_file():
            problems.append(f"{case.name}: no main.py")
    assert not problems, "\n".join(problems)


def test_edge_precision_and_recall(suite: SuiteScore):
    ok = suite.precision >= MIN_PRECISION and suite.recall >= MIN_RECALL
    assert ok, (
        f"call-graph accuracy below the floor (precision >= {MIN_PRECISION}, recall >= {MIN_RECALL}):\n"
        f"{totals_line(suite)}\n"
        f"per-case false positives (FP) and false negatives (FN):\n{edge_report(suite)}"
    )


def test_keys_match_exactly(suite: SuiteScore):
    """Keys (module bodies and functions defined in the app) must be exactly the expected ones."""
    report = key_report(suite)
    assert not report, f"key sets differ from the expected ones:\n{report}"
