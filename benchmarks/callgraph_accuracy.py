"""Call-graph accuracy on the suite in tests/callgraph_cases/.

Prints a per-case table (case, expected edges, found, FP, FN), a per-feature-group
summary and the micro-averaged precision and recall, for quoting.

    python benchmarks/callgraph_accuracy.py [--details] [--check] [CASES_DIR]

--details  also lists every false positive and false negative, and key mismatches
--check    exit 1 when precision or recall is below the floors used by the tests
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from callgraph_scoring import (  # noqa: E402
    CASES_DIR,
    MIN_PRECISION,
    MIN_RECALL,
    edge_report,
    format_groups,
    format_table,
    key_report,
    score_suite,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=CASES_DIR)
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)

    from granularity.api import callgraph_of

    suite = score_suite(callgraph_of, args.cases)
    print(format_table(suite))
    print()
    print(format_groups(suite))
    if args.details:
        for title, report in (("edges", edge_report(suite)), ("keys", key_report(suite))):
            if report:
                print(f"\n{title}:\n{report}")
    if args.check and (suite.precision < MIN_PRECISION or suite.recall < MIN_RECALL):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
