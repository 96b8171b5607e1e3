"""What a proposed function needs to import: the import closure followed only through the
imports its code uses. A CLI module that imports its report code (and numpy with it) at
the top makes every command load numpy as written; extracted, only the report needs it."""

from __future__ import annotations

from pathlib import Path

from conftest import sample_graph
from evaluate.helpers import write_app

from granularity.partition.context import PlanContext
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build

APP = {
    "tool/__init__.py": "",
    "tool/reports.py": """
        import numpy as np

        def build(rows):
            return np.array(rows).sum()
    """,
    "tool/settings.py": """
        import yaml

        CONFIG = yaml.safe_load("a: 1")
    """,
    "tool/crypto.py": """
        import jwt
        import pandas

        def sign(claims):
            return jwt.encode(claims, "k")

        class Frame(pandas.DataFrame):
            pass
    """,
    "tool/cli.py": """
        import click
        import requests
        try:
            import torch
        except ImportError:
            torch = None
        try:
            import msgpack
        except ImportError as err:
            raise SystemExit("tool needs msgpack: pip install msgpack") from err
        try:
            import lxml
        except ImportError: raise

        from .reports import build
        from .settings import CONFIG
        from . import crypto

        @click.group()
        def cli():
            pass

        @cli.command()
        def report():
            print(build([1, 2]))

        @cli.command()
        def token():
            print(crypto.sign({"a": CONFIG["a"]}))

        @cli.command()
        def ping():
            print(requests.get("https://example.com").status_code)

        @cli.command()
        def local():
            import boto3
            boto3.client("s3")
    """,
}


def _ctx(tmp_path: Path) -> PlanContext:
    root = write_app(tmp_path / "app", APP)
    return PlanContext(build(root, GraphOptions(jobs=1, use_cache=False)).graph)


def test_as_written_every_command_loads_the_module_closure(tmp_path: Path) -> None:
    atoms = _ctx(tmp_path).atoms
    assert {"click", "numpy", "PyYAML", "pandas", "PyJWT", "requests", "torch"} <= atoms["tool.cli.ping"].packages


def test_an_import_only_other_functions_use_stays_behind(tmp_path: Path) -> None:
    atoms = _ctx(tmp_path).atoms
    # numpy comes with tool.reports, which only `report` uses
    assert "numpy" in atoms["tool.cli.report"].needs
    assert "numpy" not in atoms["tool.cli.ping"].needs
    assert "numpy" in atoms["tool.cli.ping"].packages
    # requests is imported at the top of tool.cli, used only by `ping`
    assert "requests" in atoms["tool.cli.ping"].needs
    assert "requests" not in atoms["tool.cli.report"].needs


def test_what_the_module_body_uses_comes_with_every_function(tmp_path: Path) -> None:
    atoms = _ctx(tmp_path).atoms
    for name in ("tool.cli.report", "tool.cli.token", "tool.cli.ping"):
        # click decorates in the module body; `CONFIG["a"]` is a use the facts do not
        # record, so `from .settings import CONFIG` stays with the module (the safe side),
        # and with it the yaml that settings' module body runs
        assert {"click", "PyYAML"} <= atoms[name].needs
    # pandas: crypto's class body subclasses it when the module is imported
    assert {"PyJWT", "pandas"} <= atoms["tool.cli.token"].needs
    assert not {"PyJWT", "pandas"} & atoms["tool.cli.report"].needs


def test_an_optional_import_is_not_needed_but_a_local_import_of_reached_code_is(tmp_path: Path) -> None:
    atoms = _ctx(tmp_path).atoms
    assert "torch" in atoms["tool.cli.ping"].packages
    assert "torch" not in atoms["tool.cli.ping"].needs
    # a required import wrapped for a better message: every handler raises
    assert "msgpack" in atoms["tool.cli.ping"].needs
    assert "lxml" in atoms["tool.cli.ping"].needs  # the handler on one line
    assert "boto3" in atoms["tool.cli.local"].needs
    assert "boto3" not in atoms["tool.cli.ping"].needs


def test_the_graph_records_who_uses_a_module_level_import(tmp_path: Path) -> None:
    graph = _ctx(tmp_path).graph
    users = {(i.unit, i.package): i.users for i in graph.imports}
    assert users[("tool.cli", "requests")] == ("tool.cli.ping",)
    assert users[("tool.cli", "click")] == ()  # decorators run in the module body
    assert users[("tool.reports", "numpy")] == ("tool.reports.build",)
    conditional = {(i.unit, i.package): i.conditional for i in graph.imports}
    assert conditional[("tool.cli", "torch")] and not conditional[("tool.cli", "requests")]
    assert graph.module_import_users["tool.cli"] == {"tool.crypto": ("tool.cli.token",),
                                                     "tool.reports": ("tool.cli.report",)}


def test_a_plan_shows_what_its_functions_need_and_declared_functions_what_they_load() -> None:
    # ledger's reports import numpy; its CLI module imports the reports at the top
    partitioner = Partitioner(sample_graph("ledger_cli"))
    plan = partitioner.propose()
    by_entry = {e: fn for fn in plan.functions for e in fn.entry_points}
    assert "numpy" in {p.name for p in by_entry["ledger.cli.report"].packages}
    assert "numpy" not in {p.name for p in by_entry["ledger.cli.import_statement"].packages}
    deployed = partitioner.deriver.plan("declared", {"all": sorted(partitioner.ctx.atoms)})
    assert "numpy" in {p.name for p in deployed.functions[0].packages}
