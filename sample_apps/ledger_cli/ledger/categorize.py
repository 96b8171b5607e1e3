"""Rule-based categories for book entries, from a JSON rules file or the built-in rules."""
import json
import os
import re

from .config import RULES_FILE

DEFAULT_RULES = [
    ("groceries", r"\b(aldi|lidl|rewe|edeka|tesco|carrefour)\b"),
    ("transport", r"\b(db bahn|uber|bolt|shell|aral|parking)\b"),
    ("rent", r"\b(miete|rent)\b"),
    ("utilities", r"\b(stadtwerke|vattenfall|telekom|vodafone)\b"),
    ("salary", r"\b(gehalt|salary|payroll)\b"),
    ("fees", r"\b(fee|gebuehr|kontofuehrung)\b"),
]

_compiled: list[tuple[str, re.Pattern]] | None = None


def _load_rules() -> list[tuple[str, str]]:
    if not os.path.exists(RULES_FILE):
        return DEFAULT_RULES
    with open(RULES_FILE, encoding="utf-8") as fh:
        return [(rule["category"], rule["pattern"]) for rule in json.load(fh)]


def compiled_rules() -> list[tuple[str, re.Pattern]]:
    global _compiled
    if _compiled is None:
        _compiled = [(category, re.compile(pattern, re.IGNORECASE)) for category, pattern in _load_rules()]
    return _compiled


def categorize(description: str, default: str = "uncategorized") -> str:
    for category, pattern in compiled_rules():
        if pattern.search(description):
            return category
    return default
