"""`granularity graph` in each format, on a sample app."""

from __future__ import annotations

import io
import json

import networkx as nx
from conftest import SAMPLE_APPS
from typer.testing import CliRunner

from granularity.cli import app

runner = CliRunner()
SHOP = str(SAMPLE_APPS / "shop_flask")


def _graph(fmt: str) -> str:
    result = runner.invoke(app, ["graph", SHOP, "-f", fmt, "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_versioned_and_names_entry_points_and_resources() -> None:
    data = json.loads(_graph("json"))
    assert data["meta"] == {"format": "granularity-graph", "version": 1, "tool": data["meta"]["tool"]}
    kinds = {e["kind"] for e in data["entry_points"]}
    assert kinds == {"http", "queue", "schedule", "cli"}
    orders = next(r for r in data["resources"] if r["id"] == "table:orders")
    # payments update the order's status; orders create them (sample_apps/shop_flask/README.md)
    assert any(w.startswith("shop.payments.") for w in orders["writers"])
    assert any(w.startswith("shop.orders.") for w in orders["writers"])
    assert all(not u["path"].startswith("/") for u in data["units"])


def test_callgraph_has_every_module_and_function_as_a_key() -> None:
    data = json.loads(_graph("callgraph"))
    assert "shop" in data and "shop.create_app" in data
    assert data["shop.create_app"] == sorted(data["shop.create_app"])
    assert not any(k.endswith("__init__") and k.count(".") == 0 for k in data)


def test_graphml_loads_in_networkx() -> None:
    g = nx.read_graphml(io.BytesIO(_graph("graphml").encode()))
    assert g.has_node("shop.create_app") and g.has_node("table:orders")


def test_dot_is_a_digraph_with_styled_edges() -> None:
    text = _graph("dot")
    assert text.startswith('digraph "shop_flask" {')
    assert '"shop.create_app" -> "shop.register_blueprints"' in text
    assert text.rstrip().endswith("}")


def test_summary_counts_entry_points_by_kind() -> None:
    text = _graph("summary")
    assert "entry points  41 (http 29, queue 6, schedule 4, cli 2)" in text
