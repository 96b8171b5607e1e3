"""SQLAlchemy's classical mapping: `registry.map_imperatively(Cls, Table("name", ...))`
makes Cls a model of that table, wherever Cls is queried or saved."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from granularity.cli import app

MODELS = '''
from sqlalchemy import Table, Column, Integer, MetaData
from sqlalchemy.orm import registry

metadata = MetaData()
mapper_registry = registry()
package_table = Table("package", metadata, Column("id", Integer, primary_key=True))
tag_table = Table("tag", metadata, Column("id", Integer, primary_key=True))


class Package:
    pass


class Tag:
    pass


class NotMapped:
    pass


mapper_registry.map_imperatively(Package, package_table)
mapper_registry.map_imperatively(Tag, tag_table)
'''
VIEWS = '''
from flask import Flask
from models import NotMapped, Package, Tag

app = Flask(__name__)
Session = None


@app.post("/packages")
def create():
    Session.add(Package())


@app.get("/tags")
def tags():
    return Session.query(Tag).all()


@app.get("/other")
def other():
    return Session.query(NotMapped).all()
'''


def test_imperatively_mapped_classes_are_models_of_their_tables(tmp_path) -> None:
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "views.py").write_text(VIEWS)
    result = CliRunner().invoke(app, ["graph", str(tmp_path), "-f", "json", "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    resources = {r["id"]: (r["readers"], r["writers"]) for r in json.loads(result.stdout)["resources"]}
    assert resources == {"table:package": ([], ["views.create"]), "table:tag": (["views.tags"], [])}
