"""Time the partitioner against the graph it stands on, in one run.

    python benchmarks/bench_plan.py DIR [DIR ...] [--runs 3]

For each directory, the median of --runs runs of:
  graph   building the program graph cold (no cache, the default number of workers)
  plan    the partitioner on that graph: indexes, affinities, the plan and its explanations
  compare the four baselines and every metric of `granularity compare`
and plan / graph, the ratio the partitioner's target is stated in (≤ 1×).
Nothing under DIR is written (the graph cache is off).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from granularity.partition.evaluate import score
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench(root: Path, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"graph": [], "plan": [], "compare": []}
    for _ in range(runs):
        seconds, analysis = _timed(lambda: build(root, GraphOptions(use_cache=False)))
        times["graph"].append(seconds)
        partitioner = Partitioner(analysis.graph, app_root=root)
        seconds, plan = _timed(partitioner.propose)
        times["plan"].append(seconds)

        def _compare():
            ctx, band = partitioner.ctx, partitioner.settings.band
            return [score(p, ctx, band) for p in [plan, *partitioner.baselines()]]

        times["compare"].append(_timed(_compare)[0])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'app':<14} {'graph s':>8} {'plan s':>8} {'compare s':>10} {'plan/graph':>11}   runs (graph | plan)")
    for root in args.dirs:
        t = bench(root.resolve(), args.runs)
        med = {k: statistics.median(v) for k, v in t.items()}
        print(f"{root.name:<14} {med['graph']:8.2f} {med['plan']:8.2f} {med['compare']:10.2f} "
              f"{med['plan'] / med['graph']:10.2f}×   "
              + " ".join(f"{x:.2f}" for x in t["graph"]) + " | " + " ".join(f"{x:.2f}" for x in t["plan"]))


if __name__ == "__main__":
    main()
