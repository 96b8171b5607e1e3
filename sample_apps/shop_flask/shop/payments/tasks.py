"""Periodic payment upkeep."""
from datetime import timedelta

from celery import shared_task

from .services import PaymentService


@shared_task(ignore_result=True)
def reconcile_pending_payments(max_age_minutes: int = 15) -> int:
    return PaymentService().reconcile_pending(timedelta(minutes=max_age_minutes))
