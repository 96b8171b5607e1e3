"""State to move out of memory: module-level state written while requests run, with who
writes and reads it, which functions it spans and what should hold it instead; a registry
filled while modules are imported is the same in every instance and is not listed."""

from __future__ import annotations

from pathlib import Path

from conftest import sample_graph
from evaluate.helpers import write_app

from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build

APP = {
    "web/__init__.py": "",
    "web/registry.py": """
        HANDLERS = {}

        def handler(name):
            def decorator(fn):
                HANDLERS[name] = fn
                return fn
            return decorator

        def lookup(name):
            return HANDLERS[name]
    """,
    "web/formats.py": """
        from .registry import handler

        @handler("csv")
        def to_csv(rows):
            return ",".join(rows)
    """,
    "web/app.py": """
        from flask import Flask

        from . import formats
        from .registry import lookup

        app = Flask(__name__)
        _price_cache = {}

        def price(sku):
            if sku not in _price_cache:
                _price_cache[sku] = len(sku)
            return _price_cache[sku]

        @app.route("/price/<sku>")
        def show_price(sku):
            return str(price(sku))

        @app.route("/export")
        def export():
            return lookup("csv")(["a", "b"])
    """,
}


def _plan(tmp_path: Path):
    root = write_app(tmp_path / "app", APP)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    return Partitioner(graph).propose()


def test_a_cache_written_at_run_time_is_state_to_move(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (item,) = [s for s in plan.state if s.resource == "global:web.app._price_cache"]
    assert item.writers == ("web.app.price",)
    assert "web.app.price" in item.readers
    assert item.functions == tuple(sorted({fn.name for fn in plan.functions
                                           if "web.app.show_price" in fn.entry_points}))
    assert item.replacement.startswith("key-value cache")


def test_a_registry_filled_while_modules_are_imported_is_not(tmp_path: Path) -> None:
    # `@handler("csv")` runs when web.formats is imported: every instance builds the same
    # HANDLERS when it starts, although `export` reads it while serving a request.
    plan = _plan(tmp_path)
    assert "global:web.registry.HANDLERS" not in {s.resource for s in plan.state}


def test_ledger_keeps_its_counters_in_memory_but_not_its_importer_registry() -> None:
    plan = Partitioner(sample_graph("ledger_cli")).propose()
    assert {s.resource for s in plan.state} == {"global:ledger.stats._counters", "global:ledger.stats._timings"}
