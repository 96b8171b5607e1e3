"""The rule pack on the sample apps: the AWS SAM app is checked through its declared
functions and shows the Lambda-lith and the nano-function chain its README describes."""

from __future__ import annotations

from conftest import SAMPLE_APPS, sample_graph

from .helpers import check_graph, found, line_of

ORDERS = SAMPLE_APPS / "orders_lambda"


def _line(rel: str, needle: str, nth: int = 1) -> int:
    if nth == 1:
        return line_of(ORDERS, rel, needle)
    hits = [n for n, line in enumerate((ORDERS / rel).read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_orders_lambda_is_checked_through_its_declared_functions() -> None:
    result = check_graph(sample_graph("orders_lambda"), ORDERS)
    assert result.mode == "declared"
    assert {fn.name for fn in result.plan.functions} == {
        "ApiFunction", "ChargePaymentFunction", "ExpireReservationsFunction", "NightlySalesReportFunction",
        "NotifyCustomerFunction", "PriceOrderFunction", "ReserveStockFunction", "RestockFunction",
        "ValidateOrderFunction",
    }


def test_orders_lambda_findings_are_exactly_the_known_problems() -> None:
    result = check_graph(sample_graph("orders_lambda"), ORDERS)
    handler = _line("src/api/app.py", "def lambda_handler")
    assert found(result) == {
        # the Lambda-lith: sixteen routes behind /{proxy+}, pandas for everyone, routing on the event
        ("GRA102", "ApiFunction", handler),
        ("GRA111", "ApiFunction", handler),
        ("GRA113", "ApiFunction", _line("src/api/reports.py", "frame = pd.DataFrame(rows")),
        ("GRA114", "api.app.lambda_handler", _line("src/api/routing.py", 'event["requestContext"]["http"]')),
        # per-container caches
        ("GRA109", "common.pricing.unit_price", _line("src/common/pricing.py", "def unit_price")),
        # (pipeline.charge._get_api_key sets its key once per instance when unset, like an
        # import-time initialisation: not flagged)
        # the pipeline: nano-functions invoking each other synchronously
        ("GRA101", "ValidateOrderFunction", _line("src/pipeline/validate.py", "def handler")),
        ("GRA101", "PriceOrderFunction", _line("src/pipeline/price.py", "def handler")),
        ("GRA101", "NightlySalesReportFunction", _line("src/workers/nightly_report.py", "def handler")),
        ("GRA107", "ValidateOrderFunction", _line("src/pipeline/validate.py", "def handler")),
        ("GRA107", "PriceOrderFunction", _line("src/pipeline/price.py", "def handler")),
        ("GRA108", "ValidateOrderFunction -> PriceOrderFunction", _line("src/pipeline/validate.py", "lambda_client.invoke(")),
        ("GRA108", "PriceOrderFunction -> ReserveStockFunction", _line("src/pipeline/price.py", "lambda_client.invoke(")),
        ("GRA108", "ReserveStockFunction -> ChargePaymentFunction", _line("src/pipeline/reserve.py", "lambda_client.invoke(")),
        # OrdersTable and InventoryTable have no owner (each finding points at the function's first such write)
        ("GRA110", "ApiFunction", _line("src/api/inventory.py", "inventory_table.update_item(")),
        ("GRA110", "ReserveStockFunction", _line("src/common/inventory.py", "inventory_table.update_item(")),
        ("GRA110", "ChargePaymentFunction", _line("src/common/inventory.py", "inventory_table.update_item(", 2)),
        ("GRA110", "ExpireReservationsFunction", _line("src/common/inventory.py", "inventory_table.update_item(", 2)),
        ("GRA110", "RestockFunction", _line("src/common/inventory.py", "response = inventory_table.update_item(")),
        ("GRA110", "PriceOrderFunction", _line("src/common/repository.py", "self._table.update_item(**kwargs)")),
        ("GRA110", "ValidateOrderFunction", _line("src/common/repository.py", "self._table.update_item(**kwargs)")),
    }


def test_orders_lambda_near_misses_stay_silent() -> None:
    result = check_graph(sample_graph("orders_lambda"), ORDERS)
    subjects = {(f.rule, f.subject) for f in result.findings}
    # asynchronous hand-offs are no synchronous boundary
    assert ("GRA108", "ChargePaymentFunction -> NotifyCustomerFunction") not in subjects
    assert ("GRA108", "ApiFunction -> ValidateOrderFunction") not in subjects
    # the nightly report uses pandas for most of its code, and is not HTTP
    assert ("GRA111", "NightlySalesReportFunction") not in subjects
    assert ("GRA113", "NightlySalesReportFunction") not in subjects
    # reserve and charge are small, but not nano; notify and the nightly report write no table
    assert not {("GRA101", "ReserveStockFunction"), ("GRA101", "ChargePaymentFunction")} & subjects
    assert not {("GRA110", "NotifyCustomerFunction"), ("GRA110", "NightlySalesReportFunction")} & subjects


def test_monolith_sample_is_checked_through_its_proposed_plan() -> None:
    root = SAMPLE_APPS / "shop_flask"
    result = check_graph(sample_graph("shop_flask"), root)
    assert result.mode == "plan"
    names = {fn.name for fn in result.plan.functions}
    assert {f.subject for f in result.findings if f.subject_kind == "function"} <= names
    # the module-level product cache is written by the catalog service, deployed in several functions
    assert ("GRA109", "shop.catalog.services.get_product_data") in {(f.rule, f.subject) for f in result.findings}
