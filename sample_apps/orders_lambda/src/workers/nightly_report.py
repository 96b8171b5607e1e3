"""Nightly: write yesterday's sales by SKU to the reports bucket."""
from datetime import datetime, timedelta

from api.reports import write_daily_sales_report
from common.clock import utcnow


def handler(event, context):
    fired_at = event.get("time")
    reference = datetime.fromisoformat(fired_at.replace("Z", "+00:00")) if fired_at else utcnow()
    day = (reference - timedelta(days=1)).date()
    key = write_daily_sales_report(day)
    return {"day": day.isoformat(), "key": key}
