"""Sales and stock reports. Reads whole tables into pandas; only for back-office use."""
import io
import os
from datetime import date, datetime, timedelta, timezone

import boto3
import pandas as pd
from boto3.dynamodb.conditions import Attr

from common import json_response
from common.db import inventory_table, orders_table
from common.models import OrderStatus

from .routing import Request

s3 = boto3.client("s3")

REVENUE_STATUSES = [OrderStatus.PAID]
ORDER_COLUMNS = ["order_id", "customer_id", "created_at", "sku", "quantity", "unit_price", "currency"]


def _scan_all(table, **kwargs) -> list[dict]:
    items: list[dict] = []
    while True:
        response = table.scan(**kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def load_order_lines(since: datetime, until: datetime | None = None) -> pd.DataFrame:
    condition = Attr("created_at").gte(since.isoformat(timespec="seconds")) & Attr("status").is_in(REVENUE_STATUSES)
    if until is not None:
        condition = condition & Attr("created_at").lt(until.isoformat(timespec="seconds"))
    rows = []
    for order in _scan_all(orders_table, FilterExpression=condition):
        for line in order.get("lines", []):
            rows.append(
                {
                    "order_id": order["order_id"],
                    "customer_id": order["customer_id"],
                    "created_at": order["created_at"],
                    "sku": line["sku"],
                    "quantity": int(line["quantity"]),
                    "unit_price": float(line.get("unit_price") or 0),
                    "currency": order.get("currency", "GBP"),
                }
            )
    frame = pd.DataFrame(rows, columns=ORDER_COLUMNS)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["revenue"] = frame["quantity"] * frame["unit_price"]
    return frame


def summarise_daily(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=["day", "orders", "units", "revenue", "customers"])
    daily = (
        frame.assign(day=frame["created_at"].dt.date)
        .groupby("day")
        .agg(
            orders=("order_id", "nunique"),
            units=("quantity", "sum"),
            revenue=("revenue", "sum"),
            customers=("customer_id", "nunique"),
        )
        .reset_index()
    )
    daily["revenue"] = daily["revenue"].round(2)
    return daily


def sales_summary(request: Request) -> dict:
    days = request.int_query("days", default=30, maximum=365)
    since = datetime.now(timezone.utc) - timedelta(days=days)
    daily = summarise_daily(load_order_lines(since))
    totals = {
        "orders": int(daily["orders"].sum()) if not daily.empty else 0,
        "revenue": round(float(daily["revenue"].sum()), 2) if not daily.empty else 0.0,
    }
    daily["day"] = daily["day"].astype(str)
    return json_response(200, {"days": days, "totals": totals, "daily": daily.to_dict(orient="records")})


def top_products(request: Request) -> dict:
    days = request.int_query("days", default=30, maximum=365)
    limit = request.int_query("limit", default=10, maximum=100)
    frame = load_order_lines(datetime.now(timezone.utc) - timedelta(days=days))
    if frame.empty:
        return json_response(200, {"days": days, "products": []})
    ranked = (
        frame.groupby("sku")
        .agg(units=("quantity", "sum"), revenue=("revenue", "sum"), orders=("order_id", "nunique"))
        .sort_values(["revenue", "units"], ascending=False)
        .head(limit)
        .reset_index()
    )
    ranked["revenue"] = ranked["revenue"].round(2)
    return json_response(200, {"days": days, "products": ranked.to_dict(orient="records")})


def build_inventory_valuation() -> pd.DataFrame:
    items = _scan_all(inventory_table, ProjectionExpression="sku, on_hand, reserved, unit_price")
    frame = pd.DataFrame(items, columns=["sku", "on_hand", "reserved", "unit_price"]).fillna(0)
    for column in ("on_hand", "reserved"):
        frame[column] = frame[column].astype(int)
    frame["unit_price"] = frame["unit_price"].astype(float)
    frame["available"] = frame["on_hand"] - frame["reserved"]
    frame["value"] = (frame["on_hand"] * frame["unit_price"]).round(2)
    return frame.sort_values("value", ascending=False)


def _upload_csv(frame: pd.DataFrame, key: str) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    s3.put_object(
        Bucket=os.environ["REPORTS_BUCKET"],
        Key=key,
        Body=buffer.getvalue().encode("utf-8"),
        ContentType="text/csv",
    )
    return key


def export_inventory_valuation(request: Request) -> dict:
    frame = build_inventory_valuation()
    key = _upload_csv(frame, f"inventory-valuation/{date.today().isoformat()}.csv")
    return json_response(201, {"key": key, "skus": len(frame), "total_value": round(float(frame["value"].sum()), 2)})


def write_daily_sales_report(day: date) -> str:
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    lines = load_order_lines(start, start + timedelta(days=1))
    by_sku = (
        lines.groupby("sku").agg(units=("quantity", "sum"), revenue=("revenue", "sum")).reset_index()
        if not lines.empty
        else pd.DataFrame(columns=["sku", "units", "revenue"])
    )
    return _upload_csv(by_sku, f"daily-sales/{day.isoformat()}.csv")
