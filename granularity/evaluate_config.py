"""Validation hook for configuration sections owned by the rule engine.

Until the rule engine validates its own sections, they must at least be tables."""

from __future__ import annotations

from typing import Any


def validate_sections(sections: dict[str, Any]) -> list[str]:
    return [f"{name}: expected a table" for name, body in sorted(sections.items()) if not isinstance(body, dict)]
