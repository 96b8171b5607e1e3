"""The facts cache: keyed by content, tagged, atomic, never trusted blindly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from granularity.discover import discover
from granularity.extract.cache import FactsCache
from granularity.extract.runner import ExtractOptions, extract_all


def _app(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    (root / "a.py").write_text("def f():\n    return g()\n\ndef g():\n    return 1\n")
    (root / "b.py").write_text("from a import f\n\ndef h():\n    return f()\n")
    return root


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("facts/*/*.pickle"))


def _facts(root: Path, cache: Path | None):
    return extract_all(discover(root).files, ExtractOptions(jobs=1, cache_dir=cache))


def test_cache_folder_is_tagged_and_ignored_by_git(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    _facts(root, cache)
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    assert len(_entries(cache)) == 2


def test_warm_run_returns_the_same_facts(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    assert _facts(root, cache) == _facts(root, cache) == _facts(root, None)


def test_corrupt_or_truncated_entry_is_recomputed(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    fresh = _facts(root, cache)
    first, second = _entries(cache)
    first.write_bytes(b"not a pickle")
    second.write_bytes(second.read_bytes()[:10])
    assert _facts(root, cache) == fresh


def test_changed_content_with_the_same_mtime_is_reanalysed(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    _facts(root, cache)
    target = root / "a.py"
    stat = target.stat()
    target.write_text("def f():\n    return 2\n\ndef k():\n    return 3\n")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    units = {u.qualname for m in _facts(root, cache) for u in m.units}
    assert "a.k" in units and "a.g" not in units


def test_an_entry_from_another_version_is_ignored(tmp_path) -> None:
    root = _app(tmp_path)
    cache = FactsCache(tmp_path / "cache")
    facts = _facts(root, None)[0]
    cache.put("k" * 64, facts)
    path = next((tmp_path / "cache").glob("facts/*/*.pickle"))
    import pickle

    pickle.dump(("granularity-facts", "0.0.0-old", "k" * 64, facts), path.open("wb"))
    assert cache.get("k" * 64) is None


def test_no_cache_leaves_no_files(tmp_path) -> None:
    root = _app(tmp_path)
    subprocess.run([sys.executable, "-m", "granularity.cli", "graph", str(root), "--no-cache"],
                   check=True, capture_output=True)
    assert sorted(p.name for p in root.iterdir()) == ["a.py", "b.py"]


def test_two_runs_sharing_one_cache_both_finish_right(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "granularity.cli", "graph", str(root), "-f", "callgraph", "--cache-dir", str(cache)]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE) for _ in range(3)]
    outputs = [r.communicate()[0] for r in runs]
    assert all(r.returncode == 0 for r in runs)
    assert outputs[0] == outputs[1] == outputs[2]
    assert b'"a.f": [\n    "a.g"\n  ]' in outputs[0]


# -- the whole-graph cache (link/cache.py) -----------------------------------------------

def _graph(root: Path, cache: Path | None):
    from granularity.pipeline import GraphOptions, build

    return build(root, GraphOptions(jobs=1, use_cache=cache is not None, cache_dir=cache)).graph


def _graphs(cache: Path) -> list[Path]:
    return sorted(cache.glob("graph/*.pickle"))


def test_an_unchanged_app_loads_its_graph_and_gets_the_same_one(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    cold = _graph(root, cache)
    assert len(_graphs(cache)) == 1
    for entry in _entries(cache):  # a warm run with nothing changed reads no facts at all
        entry.write_bytes(b"unreadable")
    assert _graph(root, cache) == cold == _graph(root, None)


def test_a_changed_file_relinks_even_with_its_mtime_unchanged(tmp_path) -> None:
    root = _app(tmp_path)
    cache = tmp_path / "cache"
    _graph(root, cache)
    target = root / "a.py"
    stat = target.stat()
    target.write_text("def f():\n    return k()\n\ndef k():\n    return 3\n")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    graph = _graph(root, cache)
    assert "a.k" in graph.units and "a.g" not in graph.units
    assert graph == _graph(root, None)
    assert len(_graphs(cache)) == 2


def test_a_corrupt_or_foreign_graph_entry_is_relinked(tmp_path) -> None:
    import pickle

    root = _app(tmp_path)
    cache = tmp_path / "cache"
    fresh = _graph(root, cache)
    (entry,) = _graphs(cache)
    entry.write_bytes(entry.read_bytes()[:20])
    assert _graph(root, cache) == fresh
    pickle.dump(("granularity-graph", "0.0.0-old", entry.stem, fresh), entry.open("wb"))
    assert _graph(root, cache) == fresh
    pickle.dump(("granularity-graph", "0.0.0-old", entry.stem, fresh), entry.open("wb"))
    from granularity.link.cache import GraphCache

    assert GraphCache(cache).get(entry.stem) is None


def test_only_the_newest_graphs_are_kept(tmp_path) -> None:
    from granularity.link.cache import KEEP

    root = _app(tmp_path)
    cache = tmp_path / "cache"
    for i in range(KEEP + 2):
        (root / "c.py").write_text(f"def c{i}():\n    return {i}\n")
        _graph(root, cache)
    assert len(_graphs(cache)) == KEEP
    assert (cache / "CACHEDIR.TAG").exists()
