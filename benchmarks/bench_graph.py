"""Time `granularity graph` on a directory against the parsers it is built on, in one run.

    python benchmarks/bench_graph.py DIR [--runs 3] [--jobs 0]

Reports the median of --runs runs of:
  ast        ast.parse of every file (one process; the floor for any Python parser)
  libcst     libcst.parse_module of every file (one process; the floor for this design)
  cold       `granularity graph DIR -f json` with an empty cache
  warm       the same with a full cache
  one-change the same after one file was changed (its cache entry is stale)
and the peak memory (summed RSS of granularity and its workers) of each step, taken in
one more round of the three runs: sampling /proc costs CPU, so timed runs are not sampled.
The directory is copied to a temporary folder first; nothing under DIR is written.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import libcst


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p.is_file())


def time_parsers(root: Path) -> tuple[float, float]:
    sources = [p.read_bytes() for p in _files(root)]
    start = time.perf_counter()
    for src in sources:
        try:
            ast.parse(src)
        except (SyntaxError, ValueError):
            pass
    mid = time.perf_counter()
    for src in sources:
        try:
            libcst.parse_module(src)
        except Exception:
            pass
    return mid - start, time.perf_counter() - mid


def _tree_rss_kb(pid: int) -> int:
    """Summed VmRSS of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss[int(entry)] = int(line.split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def run_graph(root: Path, cache: Path, jobs: int, sample_memory: bool = False) -> tuple[float, float]:
    """Seconds of one `granularity graph` run, and its peak MB when `sample_memory`."""
    cmd = [sys.executable, "-m", "granularity.cli", "graph", str(root), "-f", "json", "-o", os.devnull,
           "--cache-dir", str(cache), "--jobs", str(jobs)]
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if sample_memory:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"granularity failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return elapsed, peak[0] / 1024


def touch_one(root: Path, n: int) -> None:
    target = max(_files(root), key=lambda p: p.stat().st_size)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(f"\n# benchmark edit {n}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in ("ast", "libcst", "cold", "warm", "one-change")}
    peaks: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "app"
        shutil.copytree(args.directory, root, symlinks=True)
        files = _files(root)
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        print(f"{args.directory}: {len(files)} files, {lines:,} lines; {args.runs} runs, jobs={args.jobs or os.cpu_count()}")
        for n in range(args.runs):
            a, c = time_parsers(root)
            results["ast"].append((a, 0.0))
            results["libcst"].append((c, 0.0))
            cache = Path(tmp) / f"cache{n}"
            results["cold"].append(run_graph(root, cache, args.jobs))
            results["warm"].append(run_graph(root, cache, args.jobs))
            touch_one(root, n)
            results["one-change"].append(run_graph(root, cache, args.jobs))
        cache = Path(tmp) / "cache-memory"
        for step in ("cold", "warm", "one-change"):
            if step == "one-change":
                touch_one(root, args.runs)
            peaks[step] = run_graph(root, cache, args.jobs, sample_memory=True)[1]
    base = statistics.median(t for t, _ in results["libcst"])
    print(f"{'step':12} {'median s':>9} {'runs':>24} {'x libcst':>9} {'peak MB':>8}")
    for step, values in results.items():
        times = [t for t, _ in values]
        peak = peaks.get(step, 0.0)
        med = statistics.median(times)
        runs = " ".join(f"{t:.2f}" for t in times)
        print(f"{step:12} {med:9.2f} {runs:>24} {med / base:9.2f} {peak if peak else float('nan'):8.0f}")


if __name__ == "__main__":
    main()
