"""A merge stays inside the band, and where a part already breaks a limit, the merge
may not push another part past it: light entry points made to load a heavy one's
packages at every cold start are what the band is there to prevent. When every part
breaks the limit (torch used by every route), the parts may still merge."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build

ROUTES = '''
    import sqlite3

    from flask import Flask

    app = Flask(__name__)

    def db():
        return sqlite3.connect("notes.db")

    @app.post("/notes")
    def add_note():
        {add}
        db().execute("INSERT INTO notes (body) VALUES (?)", ("a note written by hand",))
        return "added"

    @app.delete("/notes")
    def clear_notes():
        {clear}
        db().execute("DELETE FROM notes WHERE body IS NOT NULL")
        return "cleared"
'''

EMBED = "import torch; torch.manual_seed(0)"


def _plan(tmp_path: Path, add: str, clear: str):
    root = write_app(tmp_path / "notes", {"notes/__init__.py": "", "notes/app.py": ROUTES.format(add=add, clear=clear)})
    (root / "pyproject.toml").write_text("[tool.granularity.band]\nmin-own-sloc = 1\n", encoding="utf-8")
    from granularity.config import load_settings

    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    return Partitioner(graph, load_settings(root).plan).propose()


def test_two_light_writers_of_one_table_share_a_function(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "pass", "pass")
    assert plan.assignment["notes.app.add_note"] == plan.assignment["notes.app.clear_notes"]


def test_a_heavy_entry_point_does_not_pull_a_light_one_past_the_import_limit(tmp_path: Path) -> None:
    plan = _plan(tmp_path, EMBED, "pass")
    add, clear = plan.assignment["notes.app.add_note"], plan.assignment["notes.app.clear_notes"]
    assert add != clear
    by_name = {fn.name: fn for fn in plan.functions}
    assert by_name[add].import_mb > 150 >= by_name[clear].import_mb
    assert any("unavoidable by cutting" in note for note in by_name[add].notes)


def test_entry_points_that_each_break_the_limit_may_still_merge(tmp_path: Path) -> None:
    plan = _plan(tmp_path, EMBED, EMBED)
    assert plan.assignment["notes.app.add_note"] == plan.assignment["notes.app.clear_notes"]
