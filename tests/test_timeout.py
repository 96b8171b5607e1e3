"""The per-file time limit (`--timeout`): a file that takes longer is listed as skipped with
its reason, the rest of the app is analysed, and the run ends, in this process (`-j 1`)
and in the pool (`-j 2`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_APPS

#: The limit: many times what a small file takes, a small part of what the big one takes.
LIMIT = 0.25
#: Functions in the big module (~300 KB): whole, it takes seconds on any machine.
BIG_FUNCTIONS = 3_000
#: Far more than a run needs; a run still going then has hung.
HANG = 180


def _app(tmp_path: Path) -> Path:
    """A big module and four small ones that call each other (five misses: the pool takes four or more)."""
    root = tmp_path / "app"
    root.mkdir()
    (root / "big.py").write_text("def f0(x):\n    return x\n\n" + "".join(
        f"def f{i}(x):\n    items = [f{i - 1}(y) for y in range(x) if y % 2]\n    return sorted(items)[:{i}]\n\n"
        for i in range(1, BIG_FUNCTIONS)))
    (root / "a.py").write_text("from b import g\n\n\ndef f():\n    return g()\n")
    (root / "b.py").write_text("from c import h\n\n\ndef g():\n    return h()\n")
    (root / "c.py").write_text("def h():\n    return 1\n")
    (root / "d.py").write_text("import a\n\n\ndef main():\n    return a.f()\n")
    return root


def _graph(root: Path, *args: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "granularity.cli", "graph", str(root), "-f", "json",
                           "--timeout", str(LIMIT), *args], capture_output=True, text=True, timeout=HANG)
    return proc.returncode, json.loads(proc.stdout or "{}"), proc.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_is_skipped_and_the_rest_analysed(tmp_path, jobs: str) -> None:
    code, data, stderr = _graph(_app(tmp_path), "--no-cache", "-j", jobs)
    assert code == 0, stderr
    assert [(d["path"], d["code"], d["message"]) for d in data["diagnostics"]] == [
        ("big.py", "timeout", f"analysis took longer than {LIMIT:g} s; skipped")]
    assert {u["name"] for u in data["units"]} == {"a", "a.f", "b", "b.g", "c", "c.h", "d", "d.main"}
    assert {(c["caller"], c["callee"]) for c in data["calls"]} == {("a.f", "b.g"), ("b.g", "c.h"), ("d.main", "a.f")}


def test_a_timed_out_file_is_not_cached(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    code, data, stderr = _graph(root, "--cache-dir", str(cache), "-j", "2")
    assert code == 0, stderr
    assert {d["path"]: d["code"] for d in data["diagnostics"]} == {"big.py": "timeout"}
    assert len(list(cache.glob("facts/*/*.pickle"))) == 4  # the four small files: big.py is tried again next time


def test_the_pipeline_runs_in_a_thread_other_than_the_main_one() -> None:
    """The time limit is a SIGALRM timer, which only the main thread may set; elsewhere
    the files are analysed without it instead of failing."""
    import threading

    from granularity.pipeline import GraphOptions, build

    out: dict = {}

    def run() -> None:
        try:
            out["graph"] = build(SAMPLE_APPS / "ledger_cli", GraphOptions(jobs=1, use_cache=False)).graph
        except BaseException as err:  # noqa: BLE001 - the assertion below reports it
            out["error"] = err

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert "error" not in out, out.get("error")
    assert "ledger.cli.import_statement" in out["graph"].units
