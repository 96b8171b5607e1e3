"""What a cut costs, in the rationale. `explain.bundled_cuts`: a cut that bundles the same code into two functions says so;
a layer that more than a quarter of the functions bundle (the app's common library) and
a cut duplicating fewer lines than the band's minimum do not make a sentence. A table
many functions write names a few of them and counts the rest."""

from __future__ import annotations

from types import SimpleNamespace

from granularity.model.plan import SharedLayer
from granularity.partition.explain import bundled_cuts


def _ctx(units: dict[str, tuple[str, int]]):
    info = {u: SimpleNamespace(unit=SimpleNamespace(kind="function"), path=path) for u, (path, _) in units.items()}
    info["app.mod"] = SimpleNamespace(unit=SimpleNamespace(kind="module"), path="app/mod.py")
    sloc = {u: n for u, (_, n) in units.items()} | {"app.mod": 500}
    return SimpleNamespace(graph=SimpleNamespace(units=info), sloc=sloc)


CTX = _ctx({
    "app.match.score": ("app/match.py", 90), "app.match.pair": ("app/match.py", 30),
    "app.util.fmt": ("app/util.py", 40), "app.small.x": ("app/small.py", 5),
})


def test_both_sides_of_a_cut_name_the_code_they_bundle() -> None:
    layers = (SharedLayer("app.match", ("app.match.pair", "app.match.score", "app.mod"), 120, ("a", "b")),)
    out = bundled_cuts(CTX, layers, functions=8, min_lines=30)
    assert out == {
        "a": ("Cut from `b`: both bundle 120 lines of app/match.py; a change to that code redeploys both.",),
        "b": ("Cut from `a`: both bundle 120 lines of app/match.py; a change to that code redeploys both.",),
    }


def test_lines_of_several_layers_and_files_add_up_the_largest_file_first() -> None:
    layers = (SharedLayer("app.match", ("app.match.score",), 90, ("a", "b")),
              SharedLayer("app.util", ("app.util.fmt",), 40, ("a", "b")))
    out = bundled_cuts(CTX, layers, functions=8, min_lines=30)
    assert out["a"] == ("Cut from `b`: both bundle 130 lines, 90 of them in app/match.py; "
                        "a change to that code redeploys both.",)


def test_common_code_and_small_overlaps_make_no_sentence() -> None:
    common = SharedLayer("app.match", ("app.match.score",), 90, ("a", "b", "c"))
    # three of eight functions: more than a quarter
    assert bundled_cuts(CTX, (common,), functions=8, min_lines=30) == {}
    # three of twelve: not common; every pair is a cut
    assert set(bundled_cuts(CTX, (common,), functions=12, min_lines=30)) == {"a", "b", "c"}
    small = SharedLayer("app.small", ("app.small.x",), 5, ("a", "b"))
    assert bundled_cuts(CTX, (small,), functions=8, min_lines=30) == {}


def test_the_costliest_cuts_come_first_and_at_most_three() -> None:
    layers = tuple(SharedLayer(f"l{i}", ("app.match.score",) if i % 2 else ("app.util.fmt",), 0, ("a", f"f{i}"))
                   for i in range(5))
    out = bundled_cuts(CTX, layers, functions=40, min_lines=30)
    assert [s.split("`")[1] for s in out["a"]] == ["f1", "f3", "f0"]


def test_a_table_many_functions_write_names_a_few_and_counts_the_rest() -> None:
    from granularity.model.plan import SharedTable
    from granularity.partition.explain import _cuts

    fn = SimpleNamespace(name="f0")
    tables = (SharedTable("table:user", tuple(f"f{i}" for i in range(9))),
              SharedTable("table:orders", ("f0", "f3")))
    assert _cuts(fn, (), tables) == [
        "Shares table `user` with 8 other functions that write it too: `f1`, `f2`, `f3`, `f4`, `f5` "
        "and 3 more.",
        "Shares table `orders` with `f3` (both write it).",
    ]
