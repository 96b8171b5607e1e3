"""Settings read once from the environment."""
import os
from dataclasses import dataclass, field
from functools import lru_cache


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    database_path: str = field(default_factory=lambda: os.getenv("CLINIC_DB_PATH", "clinic.db"))
    secret_key: str = field(default_factory=lambda: os.environ.get("CLINIC_SECRET_KEY", "change-me"))
    token_ttl_minutes: int = int(os.getenv("CLINIC_TOKEN_TTL_MINUTES", "60"))
    slot_minutes: int = int(os.getenv("CLINIC_SLOT_MINUTES", "20"))
    max_failed_logins: int = int(os.getenv("CLINIC_MAX_FAILED_LOGINS", "5"))
    smtp_host: str = os.getenv("SMTP_HOST", "localhost")
    smtp_port: int = int(os.getenv("SMTP_PORT", "25"))
    mail_from: str = os.getenv("CLINIC_MAIL_FROM", "appointments@clinic.example")
    cors_origins: list[str] = field(
        default_factory=lambda: _csv(os.getenv("CLINIC_CORS_ORIGINS", "http://localhost:3000"))
    )
    invoice_due_days: int = int(os.getenv("CLINIC_INVOICE_DUE_DAYS", "30"))


@lru_cache
def get_settings() -> Settings:
    return Settings()
