"""A table that only code most entry points run touches (an auth check reading `users` on
every route) says nothing about which entry points belong together: the data term leaves
it out, as the code term leaves out that code."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build

ROUTES = "\n".join(f"""
@app.route("/{name}")
def {name}():
    current_user()
    {body}
""" for name, body in [
    ("list_books", 'db.execute("SELECT * FROM books")'),
    ("add_book", 'db.execute("INSERT INTO books VALUES (1)")'),
    ("list_films", 'db.execute("SELECT * FROM films")'),
    ("add_film", 'db.execute("INSERT INTO films VALUES (1)")'),
    ("list_songs", 'db.execute("SELECT * FROM songs")'),
    ("add_song", 'db.execute("INSERT INTO songs VALUES (1)")'),
])

APP = {
    "lib/__init__.py": "",
    "lib/auth.py": """
        import sqlite3

        db = sqlite3.connect("x.db")

        def current_user():
            db.execute("UPDATE users SET seen = 1")
    """,
    "lib/app.py": """
import sqlite3

from flask import Flask

from .auth import current_user

app = Flask(__name__)
db = sqlite3.connect("x.db")
""" + ROUTES,
}


def _partitioner(tmp_path: Path) -> Partitioner:
    root = write_app(tmp_path / "app", APP)
    return Partitioner(build(root, GraphOptions(jobs=1, use_cache=False)).graph)


def test_every_route_writes_users_through_the_common_check(tmp_path: Path) -> None:
    p = _partitioner(tmp_path)
    assert "lib.auth.current_user" in p.ctx.common_units
    assert all("table:users" in atom.writes for atom in p.ctx.atoms.values())
    assert all("table:users" not in p.ctx.own_tables[a][0] for a in p.ctx.atoms)


def test_the_common_table_gives_no_data_affinity(tmp_path: Path) -> None:
    p = _partitioner(tmp_path)
    assert p.affinity.reason("lib.app.add_book", "lib.app.add_film").get("data", 0.0) == 0.0
    assert p.affinity.reason("lib.app.add_book", "lib.app.list_books")["data"] == 0.5  # write 2, read 1


def test_the_rationale_does_not_give_the_common_table_as_a_bond(tmp_path: Path) -> None:
    plan = _partitioner(tmp_path).propose()
    for fn in plan.functions:
        assert not any("`users`" in line and "both write" in line for line in fn.rationale)
