"""The rule engine's configuration: the `rules`, `functions` and `per-path` tables of
`[tool.granularity]`, validated with every mistake reported at once (key, bad value,
what is allowed).

```toml
[tool.granularity.rules]
select = ["ALL"]              # rule ids or prefixes ("GRA10"); default: every rule
ignore = ["GRA115"]
paths = ["ci/granularity-rules"]   # folders of extra rule files, relative to the config file
fail-on = "warning"           # "info", "warning" or "error" (default)
require-reasons = true

[tool.granularity.rules.GRA101]
severity = "error"
min_own_sloc = 20

[tool.granularity.functions]   # the app's functions, when no descriptor declares them
orders = ["shop.orders.*"]     # entry-point or module globs

[tool.granularity.per-path."legacy/**"]
ignore = ["GRA103"]
severity = { GRA101 = "info" }
```
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from granularity.evaluate.rules import Rule, accepts
from granularity.model.findings import SEVERITIES

RULE_KEYS = {
    "select": "a list of rule ids or prefixes (\"GRA1\", \"ALL\")",
    "ignore": "a list of rule ids or prefixes",
    "paths": "a list of folders of rule files",
    "fail-on": " or ".join(f'"{s}"' for s in SEVERITIES),
    "require-reasons": "true or false",
}
ID_LIKE = re.compile(r"^GRA\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class PathOverride:
    """Per-path changes: rules ignored and severities changed for files matching a glob."""

    pattern: str
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RuleOptions:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    fail_on: str = "error"
    require_reasons: bool = False
    #: Rule id → {"severity": ..., parameter: value}.
    per_rule: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Function name → entry-point or module globs.
    functions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_path: tuple[PathOverride, ...] = ()


def _show(value: Any) -> str:
    return json.dumps(value, default=str)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x for x in value)


def matches(selector: str, rule_id: str) -> bool:
    return selector.upper() == "ALL" or rule_id.startswith(selector.upper())


class Checker:
    """Checks the three sections against a set of known rules, collecting errors."""

    def __init__(self, rules: list[Rule], defer_unknown: bool = False) -> None:
        self.rules = {r.id: r for r in rules}
        self.defer = defer_unknown
        self.errors: list[str] = []

    def check(self, sections: dict[str, Any]) -> list[str]:
        for name, body in sorted(sections.items()):
            if not isinstance(body, dict):
                self.errors.append(f"{name} = {_show(body)}: expected a table")
        rules = sections.get("rules", {})
        if isinstance(rules, dict):
            self.rules_table(rules)
        functions = sections.get("functions", {})
        if isinstance(functions, dict):
            for name, patterns in sorted(functions.items()):
                if not (_str_list(patterns) and patterns) and not (isinstance(patterns, str) and patterns):
                    self.errors.append(f"functions.{name} = {_show(patterns)}: expected a non-empty list of "
                                       "entry-point or module globs")
        per_path = sections.get("per-path", {})
        if isinstance(per_path, dict):
            for pattern, body in sorted(per_path.items()):
                self.per_path(pattern, body)
        return self.errors

    def known(self, selector: str, key: str) -> None:
        if selector.upper() == "ALL" or any(matches(selector, r) for r in self.rules):
            return
        if not self.defer:
            self.errors.append(f"{key}: unknown rule id {_show(selector)}; known: {', '.join(sorted(self.rules))}")

    def rules_table(self, table: dict) -> None:
        for key, value in sorted(table.items()):
            name = f"rules.{key}"
            if key in ("select", "ignore"):
                if not _str_list(value):
                    self.errors.append(f"{name} = {_show(value)}: expected {RULE_KEYS[key]}")
                else:
                    for selector in value:
                        self.known(selector, name)
            elif key == "paths" and not _str_list(value):
                self.errors.append(f"{name} = {_show(value)}: expected {RULE_KEYS[key]}")
            elif key == "fail-on" and value not in SEVERITIES:
                self.errors.append(f"{name} = {_show(value)}: expected {RULE_KEYS[key]}")
            elif key == "require-reasons" and not isinstance(value, bool):
                self.errors.append(f"{name} = {_show(value)}: expected {RULE_KEYS[key]}")
            elif ID_LIKE.match(key):
                self.rule_table(key.upper(), value, name)
            elif key not in RULE_KEYS:
                self.errors.append(f"{name}: unknown key; allowed: {', '.join(RULE_KEYS)} or a rule id (GRA101)")

    def rule_table(self, rule_id: str, body: Any, name: str) -> None:
        rule = self.rules.get(rule_id)
        if rule is None:
            if not self.defer:
                self.errors.append(f"{name}: unknown rule id; known: {', '.join(sorted(self.rules))}")
            return
        if not isinstance(body, dict):
            self.errors.append(f"{name} = {_show(body)}: expected a table of severity and parameters")
            return
        params = {p.name: p for p in rule.parameters}
        for key, value in sorted(body.items()):
            pname = key.replace("-", "_")
            if key == "severity":
                if value not in SEVERITIES:
                    self.errors.append(f"{name}.severity = {_show(value)}: expected "
                                       + " or ".join(f'"{s}"' for s in SEVERITIES))
            elif pname in params:
                if not accepts(params[pname].type, value):
                    self.errors.append(f"{name}.{key} = {_show(value)}: expected a {params[pname].type} "
                                       f"(default {_show(params[pname].default)})")
            else:
                allowed = ", ".join(["severity", *sorted(params)])
                self.errors.append(f"{name}.{key}: unknown key; allowed: {allowed}")

    def per_path(self, pattern: str, body: Any) -> None:
        name = f"per-path.{_show(pattern)}"
        if isinstance(body, list):
            body = {"ignore": body}
        if not isinstance(body, dict):
            self.errors.append(f"{name} = {_show(body)}: expected a list of rule ids or a table "
                               "with `ignore` and `severity`")
            return
        for key, value in sorted(body.items()):
            if key == "ignore":
                if not _str_list(value):
                    self.errors.append(f"{name}.ignore = {_show(value)}: expected a list of rule ids or prefixes")
                else:
                    for selector in value:
                        self.known(selector, f"{name}.ignore")
            elif key == "severity":
                self.severity_table(value, f"{name}.severity")
            else:
                self.errors.append(f"{name}.{key}: unknown key; allowed: ignore, severity")

    def severity_table(self, value: Any, name: str) -> None:
        if not isinstance(value, dict):
            self.errors.append(f"{name} = {_show(value)}: expected a table of rule id = severity")
            return
        for rule_id, severity in sorted(value.items()):
            self.known(rule_id, name)
            if severity not in SEVERITIES:
                self.errors.append(f"{name}.{rule_id} = {_show(severity)}: expected "
                                   + " or ".join(f'"{s}"' for s in SEVERITIES))


def validate(sections: dict[str, Any], rules: list[Rule], defer_unknown: bool = False) -> list[str]:
    """Every problem in the sections, each with its key, the bad value and what is allowed."""
    return Checker(rules, defer_unknown).check(sections)


def parse(sections: dict[str, Any]) -> RuleOptions:
    """RuleOptions from validated sections."""
    rules = sections.get("rules", {})
    per_rule = {k.upper(): {kk.replace("-", "_") if kk != "severity" else kk: vv for kk, vv in v.items()}
                for k, v in rules.items() if ID_LIKE.match(k) and isinstance(v, dict)}
    functions = tuple((name, tuple([p] if isinstance(p, str) else p))
                      for name, p in sorted(sections.get("functions", {}).items()))
    overrides = []
    for pattern, body in sorted(sections.get("per-path", {}).items()):
        body = {"ignore": body} if isinstance(body, list) else body
        overrides.append(PathOverride(pattern, tuple(s.upper() for s in body.get("ignore", ())),
                                      tuple(sorted((k.upper(), v) for k, v in body.get("severity", {}).items()))))
    return RuleOptions(
        select=tuple(rules.get("select", ("ALL",))), ignore=tuple(rules.get("ignore", ())),
        paths=tuple(rules.get("paths", ())), fail_on=rules.get("fail-on", "error"),
        require_reasons=rules.get("require-reasons", False), per_rule=per_rule,
        functions=functions, per_path=tuple(overrides),
    )
