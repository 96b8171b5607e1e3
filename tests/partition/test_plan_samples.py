"""The plan on every sample app: against the intended split written in the app's README
(MoJoFM), against the band, against the baselines, and in its explanations."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_APPS, sample_graph

from granularity.partition.evaluate import intended_assignment, mojofm_against, read_intended, score
from granularity.partition.metrics import mojofm
from granularity.partition.propose import Partitioner

APPS = sorted(p.name for p in SAMPLE_APPS.iterdir() if (p / "intended_split.toml").exists())
_CACHE: dict = {}


def partitioned(app: str):
    if app not in _CACHE:
        partitioner = Partitioner(sample_graph(app))
        plan = partitioner.propose()
        baselines = partitioner.baselines()
        band = partitioner.settings.band
        scores = {p.strategy: score(p, partitioner.ctx, band) for p in [plan, *baselines]}
        _CACHE[app] = (partitioner, plan, scores)
    return _CACHE[app]


#: The issue's target for MoJoFM against each app's intended split.
TARGET = 85.0
#: Measured MoJoFM (docs/partition.md has the table), rounded down to a regression floor.
#: clinic 90.9, ledger 83.3, newsroom 96.9, orders 85.0, shop 86.7.
FLOOR = {"clinic_fastapi": 85.0, "ledger_cli": 80.0, "newsroom_django": 95.0,
         "orders_lambda": 85.0, "shop_flask": 85.0}
BELOW_TARGET = {app for app, floor in FLOOR.items() if floor < TARGET}


def _mojofm(app: str) -> float:
    _, plan, _ = partitioned(app)
    return mojofm_against(plan, read_intended(SAMPLE_APPS / app / "intended_split.toml"))


@pytest.mark.parametrize("app", APPS)
def test_plan_mojofm_does_not_fall_below_what_it_reached(app: str) -> None:
    assert _mojofm(app) >= FLOOR[app]


@pytest.mark.parametrize("app", [
    pytest.param(a, marks=pytest.mark.xfail(strict=True, reason="below the 85% target; see FLOOR and "
                                            "test_on_ledger_the_mojofm_target_and_the_purity_criterion_cannot_both_hold"))
    if a in BELOW_TARGET else a for a in APPS])
def test_plan_mojofm_reaches_the_target(app: str) -> None:
    assert _mojofm(app) >= TARGET


@pytest.mark.parametrize("app", APPS)
def test_plan_has_no_unexplained_nano_function_or_mini_monolith(app: str) -> None:
    _, plan, _ = partitioned(app)
    unexplained = [(fn.name, note) for fn in plan.functions for note in fn.notes
                   if note.startswith(("nano", "mini")) and "unavoidable" not in note]
    assert unexplained == []


@pytest.mark.parametrize("app", APPS)
def test_plan_icp_is_no_higher_than_the_per_module_baseline(app: str) -> None:
    _, _, scores = partitioned(app)
    assert scores["plan"]["ICP"] <= scores["per-module"]["ICP"] + 1e-9


@pytest.mark.parametrize("app", APPS)
def test_plan_data_purity_is_no_lower_than_any_multi_function_baseline(app: str) -> None:
    _, _, scores = partitioned(app)
    worse = {name: round(s["purity"], 3) for name, s in scores.items()
             if name != "plan" and s["K"] > 1 and s["purity"] > scores["plan"]["purity"] + 1e-9}
    assert worse == {}, f"plan purity {scores['plan']['purity']:.3f}"


def test_rationale_names_the_table_and_module_orders_and_payments_share() -> None:
    # The shop's payments update the order's status: both write `orders` on purpose
    # (sample_apps/shop_flask/README.md).
    _, plan, _ = partitioned("shop_flask")
    text = " ".join(s for fn in plan.functions for s in fn.rationale)
    assert "`orders`" in text
    payments = next(fn for fn in plan.functions if "shop.payments.views.pay_order" in fn.entry_points)
    assert any("orders" in s and ("shop/payments" in s or "shop/orders" in s) for s in payments.rationale), \
        payments.rationale


def _function_of(plan, entry_point: str) -> str:
    return next(fn.name for fn in plan.functions if entry_point in fn.entry_points)


def test_a_chain_of_synchronous_invokes_is_one_function() -> None:
    # validate → price → reserve → charge each `lambda.invoke` the next and wait on it
    # (sample_apps/orders_lambda/README.md): the first waits on the last.
    _, plan, _ = partitioned("orders_lambda")
    steps = {_function_of(plan, f"pipeline.{s}.handler") for s in ("validate", "price", "reserve", "charge")}
    assert len(steps) == 1


def test_a_function_is_named_after_the_package_holding_most_of_it() -> None:
    # No module holds half of the pipeline's function (four pipeline modules and a route or
    # a worker beside them), but the `pipeline` package does.
    _, plan, _ = partitioned("orders_lambda")
    assert _function_of(plan, "pipeline.validate.handler") == "pipeline"
    # ...while a package that holds the whole app names nothing: the shop's order views
    # share their function with admin views and tasks, and it is still named for orders.
    _, plan, _ = partitioned("shop_flask")
    assert _function_of(plan, "shop.orders.views.list_orders").startswith("orders")


def test_a_lambda_lith_router_joins_a_function_that_holds_its_routes() -> None:
    partitioner, plan, _ = partitioned("orders_lambda")
    router = "api.app.lambda_handler"
    routed = set(partitioner.ctx.routed[router])
    home = next(fn for fn in plan.functions if router in fn.entry_points)
    assert routed & set(home.entry_points)


def test_a_lambda_lith_router_keeps_the_domain_it_routes_most() -> None:
    # api.app's table has 5 order routes, 4 customer, 4 inventory and 3 report routes.
    partitioner, plan, _ = partitioned("orders_lambda")
    router = "api.app.lambda_handler"
    home = next(fn for fn in plan.functions if router in fn.entry_points)
    assert "api.orders.list_orders" in home.entry_points
    # The split table turns its other routes into API Gateway routes, not remote calls...
    assert not [c for c in plan.crossing_calls if c.caller == router]
    assert any(s.startswith(f"`{router}` keeps 4 of the 16 routes") and "`reports` (3)" in s
               for s in home.rationale), home.rationale
    # ...and pandas, imported by the report routes' module, stays with the report routes.
    assert "pandas" not in {p.name for p in home.packages}
    reports = next(fn for fn in plan.functions if "api.reports.sales_summary" in fn.entry_points)
    assert "pandas" in {p.name for p in reports.packages}


def test_a_mix_of_triggers_with_nothing_in_common_says_so() -> None:
    # The shop's health check (HTTP) and `init-db` (CLI) share no table, code or call: the
    # rationale must not invent one, and says why they are together.
    _, plan, _ = partitioned("shop_flask")
    ops = next(fn for fn in plan.functions if "shop.create_app.healthz" in fn.entry_points)
    assert "shop.commands.init_db_command" in ops.entry_points
    assert any("no table, code or call in common, only because they are too small to deploy alone" in s
               for s in ops.rationale), ops.rationale
    invented = ("because they work on", "because one waits", "because they share code")
    assert not any(r in s for s in ops.rationale for r in invented), ops.rationale


def test_refinement_leaves_no_new_nano_function() -> None:
    # Moving `set_stock` next to the other writers of the inventory table would leave the
    # read-only stock routes with fewer own lines than the band's minimum.
    _, plan, _ = partitioned("orders_lambda")
    assert _function_of(plan, "api.inventory.set_stock") == _function_of(plan, "api.inventory.get_stock")


def test_compare_with_an_intended_split_shows_mojofm_in_text_and_json(tmp_path) -> None:
    """`granularity compare --intended` adds a MoJoFM column to the table and the JSON,
    with the same value the floor test above measures."""
    import json

    from typer.testing import CliRunner

    from granularity.cli import app

    root = SAMPLE_APPS / "ledger_cli"
    args = ["compare", str(root), "--intended", str(root / "intended_split.toml"), "--no-cache", "-j", "1"]
    text = CliRunner().invoke(app, args)
    assert text.exit_code == 0, text.output
    header, plan_row = text.output.splitlines()[:2]
    assert header.split()[-1] == "MoJoFM"
    assert float(plan_row.split()[-1]) == round(_mojofm("ledger_cli"), 1)
    js = CliRunner().invoke(app, [*args, "-f", "json"])
    assert json.loads(js.output)["rows"]["plan"]["MoJoFM"] == round(_mojofm("ledger_cli"), 2)


def test_namesakes_are_told_apart_by_a_verb_when_no_other_word_does() -> None:
    # One function per cart view: `add_item`, `remove_item` and `update_item` share every
    # word but their verb, so the verb names them rather than a number.
    partitioner, _, _ = partitioned("shop_flask")
    names = {fn.name: fn.entry_points for fn in partitioner.per_entry_point().functions}
    assert names["cart-add"] == ("shop.cart.views.add_item",)
    assert names["cart-remove"] == ("shop.cart.views.remove_item",)
    assert names["cart-update"] == ("shop.cart.views.update_item",)
    assert not [n for n in names if n[-1].isdigit()]


def test_compare_leaves_a_lambda_liths_dispatch_out_of_the_call_metrics() -> None:
    # api.app's one dispatch site reaches all 16 routed handlers. Every strategy splits that
    # table, so none of them is charged for it: the plan lists no boundary, and ICP agrees.
    partitioner, plan, scores = partitioned("orders_lambda")
    rerouted = partitioner.ctx.rerouted_calls()
    assert len(rerouted) == 16 and {c for c, _, _ in rerouted} == {"api.app.lambda_handler"}
    assert not plan.crossing_calls
    assert scores["plan"]["ICP"] == 0.0


def test_a_function_held_together_only_by_its_group_says_so() -> None:
    # The sales dashboard and the report request share no table, code or call.
    _, plan, _ = partitioned("shop_flask")
    fn = next(fn for fn in plan.functions if "shop.admin.views.stats" in fn.entry_points)
    assert "shop.admin.views.request_sales_report" in fn.entry_points
    assert any("only their place in `shop.admin`" in s for s in fn.rationale), fn.rationale


def test_on_ledger_the_mojofm_target_and_the_purity_criterion_cannot_both_hold() -> None:
    """Why ledger stays below the MoJoFM target (the xfail above): only its intended split
    itself reaches 85% (moving any one entry point of it gives less), and that split,
    scored on the same graph, has lower data purity than the per-module baseline, which a
    plan must not have (the purity test above). Its README cuts `reconcile` away from the
    ingest commands for a workload reason (CPU-heavy matching), though both write
    `bank_lines` and `transactions`. If the graph stops seeing those writes, this fails."""
    partitioner, _, scores = partitioned("ledger_cli")
    intended = read_intended(SAMPLE_APPS / "ledger_cli" / "intended_split.toml")
    reference = intended_assignment(intended, sorted(partitioner.ctx.atoms))
    for atom in sorted(reference):
        for target in sorted(set(reference.values()) - {reference[atom]}):
            moved = {**reference, atom: target}
            assert mojofm(moved, reference) < TARGET
    groups: dict[str, list[str]] = {}
    for atom, name in sorted(reference.items()):
        groups.setdefault(name, []).append(atom)
    plan = partitioner.deriver.plan("intended", groups, partitioner.affinity)
    assert mojofm_against(plan, intended) == 100.0
    purity = score(plan, partitioner.ctx, partitioner.settings.band)["purity"]
    assert scores["per-module"]["K"] > 1
    assert purity < scores["per-module"]["purity"] - 0.1
    assert {t.table for t in plan.shared_tables} >= {"table:bank_lines", "table:transactions"}


def test_a_cut_that_duplicates_code_says_what_both_sides_bundle() -> None:
    """ledger's plan keeps `reconcile` with the ingest commands, away from the matching
    benchmark: the matching code is bundled into both, and both rationales say so."""
    _, plan, _ = partitioned("ledger_cli")
    home = plan.assignment
    bench, reconcile = home["ledger.bench"], home["ledger.cli.reconcile"]
    assert bench != reconcile
    layer = next(layer for layer in plan.layers if set(layer.users) == {bench, reconcile})
    by_name = {fn.name: fn for fn in plan.functions}
    for this, other in ((bench, reconcile), (reconcile, bench)):
        cut = [s for s in by_name[this].rationale if s.startswith(f"Cut from `{other}`: both bundle")]
        assert len(cut) == 1
        assert f"both bundle {layer.sloc:,} lines, " in cut[0]
        assert "in ledger/reconcile/matching.py;" in cut[0]
