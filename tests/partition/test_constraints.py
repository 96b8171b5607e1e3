"""The user's constraints (`[tool.granularity.plan]`) hold in the final plan, whatever the
affinities say, and constraints that cannot hold together are a clear configuration error.

The app: four CLI commands. `load` and `purge` write the same table (they would be grouped
by the data term), `score` and `bench` share a scoring module (grouped by the code term),
and `score` also flags rows of the table `load` and `purge` write, so the refinement, which
cuts shared table writers, would take it from `bench` to them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluate.helpers import write_app

from granularity.cli import app
from granularity.config import load_settings
from granularity.errors import ConfigError
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build
from granularity.report import plan_text

runner = CliRunner()

APP = {
    "books/__init__.py": "",
    "books/store.py": """
        import sqlite3

        def connect():
            return sqlite3.connect("books.db")

        def insert_lines(conn, rows):
            conn.executemany("INSERT INTO lines (id, amount) VALUES (?, ?)", rows)

        def delete_lines(conn, batch):
            conn.execute("DELETE FROM lines WHERE batch = ?", (batch,))

        def flag_lines(conn, ids):
            conn.executemany("UPDATE lines SET matched = 1 WHERE id = ?", ids)

        def save_matches(conn, pairs):
            conn.executemany("INSERT INTO matches (a, b) VALUES (?, ?)", pairs)
    """,
    "books/scoring.py": """
        def distance(a, b):
            rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
            for i in range(len(a) + 1):
                rows[i][0] = i
            for j in range(len(b) + 1):
                rows[0][j] = j
            for i in range(1, len(a) + 1):
                for j in range(1, len(b) + 1):
                    cost = 0 if a[i - 1] == b[j - 1] else 1
                    rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            return rows[len(a)][len(b)]

        def best_pairs(left, right):
            pairs = []
            for a in left:
                scored = sorted((distance(a, b), b) for b in right)
                if scored:
                    pairs.append((a, scored[0][1]))
            return pairs

        def summary(pairs):
            total = 0
            for a, b in pairs:
                total += distance(a, b)
            return total / max(1, len(pairs))
    """,
    "books/cli.py": """
        import click

        from books import scoring, store

        @click.command()
        def load():
            conn = store.connect()
            store.insert_lines(conn, [(1, 10), (2, 20)])
            print("loaded two lines into the books database, ready to score and purge")

        @click.command()
        def purge():
            conn = store.connect()
            store.delete_lines(conn, 1)
            print("purged the batch from the books database, lines and all their flags")

        @click.command()
        def score():
            conn = store.connect()
            pairs = scoring.best_pairs(["a", "b"], ["a", "c"])
            store.flag_lines(conn, [(1,), (2,)])
            store.save_matches(conn, pairs)
            print(scoring.summary(pairs))
    """,
    "books/bench.py": """
        import time

        from books import scoring

        def main():
            started = time.perf_counter()
            pairs = scoring.best_pairs(["abc"] * 50, ["abd"] * 50)
            print(scoring.summary(pairs), time.perf_counter() - started)

        if __name__ == "__main__":
            main()
    """,
}

LOAD, PURGE, SCORE, BENCH = "books.cli.load", "books.cli.purge", "books.cli.score", "books.bench"


#: The app is small: a band that lets each command stand alone.
BAND = "[tool.granularity.band]\nmin-own-sloc = 1\n"


def _plan(tmp_path: Path, config: str = ""):
    root = write_app(tmp_path / "books", APP)
    (root / "pyproject.toml").write_text(BAND + config, encoding="utf-8")
    settings = load_settings(root)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    return Partitioner(graph, settings.plan, root).propose()


def _together(plan, a: str, b: str) -> bool:
    return plan.assignment[a] == plan.assignment[b]


def test_without_constraints_score_stays_with_the_writers_of_its_table(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    assert set(plan.assignment) >= {LOAD, PURGE, SCORE, BENCH}
    assert _together(plan, LOAD, PURGE)
    assert _together(plan, SCORE, PURGE)
    assert not _together(plan, SCORE, BENCH)


def test_keep_together_survives_the_refinement(tmp_path: Path) -> None:
    # The refinement moves single entry points to cut shared table writers; it must not
    # move one out of the group the user asked to keep together.
    plan = _plan(tmp_path, '[tool.granularity.plan]\nkeep-together = [["books.cli.score", "books.bench"]]\n')
    assert _together(plan, SCORE, BENCH)


def test_keep_apart(tmp_path: Path) -> None:
    plan = _plan(tmp_path, '[tool.granularity.plan]\nkeep-apart = [["books.cli.load", "books.cli.purge"]]\n')
    assert not _together(plan, LOAD, PURGE)


def test_pin_names_the_function_and_holds_the_module(tmp_path: Path) -> None:
    plan = _plan(tmp_path, '[tool.granularity.plan]\npin = { matching = ["books.bench"] }\n'
                           'keep-together = [["books.cli.score", "books.bench"]]\n')
    assert plan.assignment[BENCH] == "matching"
    assert plan.assignment[SCORE] == "matching"


def test_monolith_entry_points_stay_out_of_the_plan(tmp_path: Path) -> None:
    plan = _plan(tmp_path, '[tool.granularity.plan]\nmonolith = ["books.cli.purge"]\n')
    assert PURGE not in plan.assignment
    assert all(PURGE not in fn.entry_points for fn in plan.functions)
    assert {LOAD, SCORE, BENCH} <= set(plan.assignment)
    assert plan.settings["kept_in_monolith"] == [PURGE]
    assert plan_text.render(plan).rstrip().endswith(
        "Kept out of the plan:\n  books.cli.purge: kept in the monolith by plan.monolith")


@pytest.mark.parametrize(("config", "message"), [
    ('keep-together = [["books.cli.lod", "books.bench"]]', "plan.keep-together[0]: 'books.cli.lod' matches no entry point"),
    ('keep-apart = [["books.nothing.*"]]', "plan.keep-apart[0]: 'books.nothing.*' matches no entry point"),
    ('monolith = ["books.legacy.*"]', "plan.monolith: 'books.legacy.*' matches no entry point"),
    ('pin = { a = ["books.cli"], b = ["books.cli.score"] }', "plan.pin: books.cli.score is pinned to both 'a' and 'b'"),
    ('pin = { a = ["books.cli.load"], b = ["books.bench"] }\nkeep-together = [["books.cli.load", "books.bench"]]',
     "plan.keep-together[0] joins entry points pinned to different functions: 'a', 'b'"),
    ('keep-together = [["books.cli.load", "books.cli.score"], ["books.cli.score", "books.bench"]]\n'
     'keep-apart = [["books.cli.load", "books.bench"]]',
     "plan.keep-apart[0]: books.bench and books.cli.load must also share a function"),
])
def test_constraints_that_cannot_hold_are_a_configuration_error(tmp_path: Path, config: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        _plan(tmp_path, "[tool.granularity.plan]\n" + config + "\n")
    assert message in str(err.value)


def test_the_command_line_reports_a_constraint_conflict_without_a_traceback(tmp_path: Path) -> None:
    root = write_app(tmp_path / "books", APP)
    (root / "pyproject.toml").write_text(
        '[tool.granularity.plan]\nkeep-together = [["books.cli.load", "books.cli.purge"]]\n'
        'keep-apart = [["books.cli.*"]]\n', encoding="utf-8")
    result = runner.invoke(app, ["plan", str(root), "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert "keep-apart[0]: books.cli.load and books.cli.purge must also share a function" in result.output
    assert "Traceback" not in result.output


def test_one_keep_together_gives_ledger_the_split_its_readme_asks_for(tmp_path: Path) -> None:
    """The README cuts `reconcile` away from the ingest commands for a workload reason the
    code does not show; a team that knows it says so in one line, and the rest follows."""
    import shutil

    from conftest import SAMPLE_APPS

    from granularity.partition.evaluate import mojofm_against, read_intended

    root = tmp_path / "ledger_cli"
    shutil.copytree(SAMPLE_APPS / "ledger_cli", root, ignore=shutil.ignore_patterns(".granularity_cache"))
    with open(root / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[tool.granularity.plan]\nkeep-together = [["ledger.cli.reconcile", "ledger.bench"]]\n')
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    plan = Partitioner(graph, load_settings(root).plan, root).propose()
    assert mojofm_against(plan, read_intended(root / "intended_split.toml")) == 100.0
