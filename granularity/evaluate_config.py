"""Validation hook for the configuration sections the rule engine owns (`rules`,
`functions`, `per-path`), called by `config.parse_settings` before any analysis.

Rule ids are checked against the built-in rule pack here. When `rules.paths` adds rule
folders, ids the pack does not know are checked once those folders are loaded
(`evaluate.gate.prepare`), still before any analysis.
"""

from __future__ import annotations

from typing import Any

from granularity.errors import ConfigError


def validate_sections(sections: dict[str, Any]) -> list[str]:
    """Every problem in the sections, each naming its key, the bad value and what is allowed."""
    from granularity.evaluate.options import validate
    from granularity.evaluate.rules import builtin_rules

    try:
        rules = builtin_rules()
    except ConfigError as err:  # a broken installation: say so rather than crash
        return [f"the built-in rule pack: {err}"]
    rules_table = sections.get("rules")
    extra = isinstance(rules_table, dict) and bool(rules_table.get("paths"))
    return validate(sections, rules, defer_unknown=extra)
