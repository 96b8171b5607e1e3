"""The worker cap: `--jobs N` (or `jobs` in config) forks exactly N extraction workers, 1
forks none, every N gives the same output, and a negative N is a usage error.

Forks are counted with `os.register_at_fork`, which sees every process this process starts
(the pool's workers included), whoever starts them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from granularity.cli import app

runner = CliRunner()
_forks: list[int] = []
os.register_at_fork(before=lambda: _forks.append(os.getpid()))

FILES = 6


def _app(tmp_path: Path, config: str = "") -> Path:
    root = tmp_path / "app"
    root.mkdir()
    for i in range(FILES):
        callee = f"from m{i + 1} import f{i + 1}\n\n\n" if i + 1 < FILES else ""
        call = f"f{i + 1}()" if i + 1 < FILES else "1"
        (root / f"m{i}.py").write_text(f"{callee}def f{i}():\n    return {call}\n")
    if config:
        (root / "pyproject.toml").write_text(f"[tool.granularity]\n{config}\n")
    return root


def _graph(root: Path, *args: str) -> tuple[str, int]:
    """The callgraph output and the number of processes forked to make it."""
    _forks.clear()
    result = runner.invoke(app, ["graph", str(root), "-f", "callgraph", "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return result.stdout, len(_forks)


def test_one_job_runs_in_this_process_and_n_jobs_fork_n_workers_with_the_same_output(tmp_path) -> None:
    root = _app(tmp_path)
    alone, forks_alone = _graph(root, "--jobs", "1")
    two, forks_two = _graph(root, "-j", "2")
    three, forks_three = _graph(root, "-j", "3")
    assert (forks_alone, forks_two, forks_three) == (0, 2, 3)
    assert alone == two == three
    assert '"m0.f0": [\n    "m1.f1"\n  ]' in alone


def test_zero_jobs_means_one_per_core(tmp_path) -> None:
    workers = min(os.cpu_count() or 1, FILES)
    assert _graph(_app(tmp_path), "-j", "0")[1] == (workers if workers > 1 else 0)


@pytest.mark.parametrize(("config", "args", "forks"), [
    ("jobs = 1", (), 0),
    ("jobs = 2", (), 2),
    ("jobs = 2", ("-j", "1"), 0),  # the command line wins
])
def test_jobs_from_config(tmp_path, config: str, args: tuple[str, ...], forks: int) -> None:
    assert _graph(_app(tmp_path, config), *args)[1] == forks


@pytest.mark.parametrize("command", [["graph"], ["plan"], ["compare"], ["check"], ["baseline"],
                                     ["report", "-o", "r.html"]])
def test_negative_jobs_is_a_usage_error(tmp_path, command: list[str]) -> None:
    _forks.clear()
    result = runner.invoke(app, [command[0], str(_app(tmp_path)), *command[1:], "--jobs", "-1"])
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in result.output and "Traceback" not in result.output
    assert not _forks


def _cached_graph(root: Path, *args: str) -> tuple[str, int]:
    """As `_graph`, with the cache in a folder beside the app."""
    _forks.clear()
    result = runner.invoke(app, ["graph", str(root), "-f", "callgraph", "--cache-dir",
                                 str(root.parent / "cache"), *args])
    assert result.exit_code == 0, result.output
    return result.stdout, len(_forks)


def test_a_changed_file_is_extracted_by_a_worker_while_the_cached_ones_are_read(tmp_path) -> None:
    root = _app(tmp_path)
    expected, _ = _graph(root, "-j", "1")
    _cached_graph(root, "-j", "2")  # fill the cache
    (root / "m5.py").write_text("def f5():\n    return f6()\n\n\ndef f6():\n    return 2\n")
    changed, _ = _graph(root, "-j", "1")
    assert changed != expected
    # one file to extract: one worker, started before the five cached files are read
    assert _cached_graph(root, "-j", "2") == (changed, 1)
    # with one job, nothing forks
    (root / "m5.py").write_text("def f5():\n    return f6()\n\n\ndef f6():\n    return 3\n")
    assert _cached_graph(root, "-j", "1") == (changed, 0)


def test_an_unreadable_cache_entry_found_late_is_extracted_again(tmp_path) -> None:
    root = _app(tmp_path)
    expected, _ = _graph(root, "-j", "1")
    _cached_graph(root, "-j", "2")
    for entry in (tmp_path / "cache" / "facts").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:20])  # truncated: it exists, but cannot be read
    (root / "m0.py").write_text((root / "m0.py").read_text() + "\n")
    assert _cached_graph(root, "-j", "2")[0] == expected
