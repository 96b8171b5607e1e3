"""Configuration classes, selected by ``SHOP_CONFIG`` in the application factory."""
import os
from decimal import Decimal

from celery.schedules import crontab


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.getenv("DATABASE_URL", "sqlite:///shop.db")
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    TOKEN_MAX_AGE = int(os.getenv("TOKEN_MAX_AGE", "86400"))
    CURRENCY = os.getenv("SHOP_CURRENCY", "EUR")
    TAX_RATE = Decimal(os.getenv("SHOP_TAX_RATE", "0.20"))
    PRODUCT_CACHE_TTL = int(os.getenv("PRODUCT_CACHE_TTL", "300"))

    PAYMENT_PROVIDER = os.getenv("PAYMENT_PROVIDER", "fake")
    STRIPE_API_KEY = os.getenv("STRIPE_API_KEY", "")
    STRIPE_WEBHOOK_SECRET = os.getenv("STRIPE_WEBHOOK_SECRET", "")

    MAIL_HOST = os.getenv("MAIL_HOST", "localhost")
    MAIL_PORT = int(os.getenv("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_FROM = os.getenv("MAIL_FROM", "shop@example.com")

    CELERY = {
        "broker_url": os.getenv("CELERY_BROKER_URL", "redis://localhost:6379/0"),
        "result_backend": os.getenv("CELERY_RESULT_BACKEND", "redis://localhost:6379/1"),
        "task_ignore_result": True,
        "beat_schedule": {
            "daily-sales-report": {
                "task": "shop.tasks.generate_daily_sales_report",
                "schedule": crontab(minute=0, hour=2),
            },
            "expire-stale-carts": {
                "task": "shop.tasks.expire_stale_carts",
                "schedule": 3600.0,
            },
            "release-unpaid-orders": {
                "task": "shop.tasks.release_unpaid_orders",
                "schedule": crontab(minute="*/30"),
            },
            "reconcile-pending-payments": {
                "task": "shop.payments.tasks.reconcile_pending_payments",
                "schedule": crontab(minute="*/15"),
                "kwargs": {"max_age_minutes": 15},
            },
        },
    }


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", default=True)


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
}
