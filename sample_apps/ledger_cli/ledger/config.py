"""Defaults that can be overridden from the environment."""
import os

DEFAULT_DB = os.environ.get("LEDGER_DB", "ledger.db")
DEFAULT_CURRENCY = os.getenv("LEDGER_CURRENCY", "EUR")
RULES_FILE = os.getenv("LEDGER_RULES", "ledger-rules.json")
MATCH_WINDOW_DAYS = int(os.getenv("LEDGER_MATCH_WINDOW_DAYS", "4"))
MIN_MATCH_SCORE = float(os.getenv("LEDGER_MIN_MATCH_SCORE", "0.55"))
