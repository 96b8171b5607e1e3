"""Rules: declarative TOML files, one per rule, loaded and checked before any analysis.

A rule file holds an id (`GRA1xx`), a name, the subject kind it checks (`unit`,
`function`, `boundary`, `app`), a default severity, parameters with defaults, a
`condition` in the safe expression language (granularity/evaluate/expr.py) over the
subject's metrics and the parameters, a `message` template filled from the same figures
(`{reach_sloc:,}`), and its documentation under the headings *What it does / Why is this
bad? / Example / Use instead* (the *Options* section is generated from the parameters).
Optional: `location`, a named place to point at instead of the subject's line, and `key`,
the figure whose value tells one finding from another across edits.

The built-in pack is the package `granularity.rulepack` (the folder `rules/` of the
source tree); users add folders with `rules.paths`. Every mistake in every file is
collected and reported at once.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from granularity.errors import ConfigError
from granularity.evaluate.expr import Expr, compile_expr
from granularity.evaluate.metrics import LOCATIONS, metric_types
from granularity.evaluate.subjects import SUBJECT_KINDS
from granularity.model.findings import SEVERITIES

ID_PATTERN = re.compile(r"^GRA1\d\d$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
DOC_KEYS = {"what": "What it does", "why": "Why is this bad?", "example": "Example", "instead": "Use instead"}
REQUIRED = ("id", "name", "subject", "severity", "summary", "message")
KNOWN_KEYS = frozenset({*REQUIRED, "condition", "parameters", "docs", "location", "key", "produced-by"})
#: Rules whose findings the engine makes itself rather than from a condition.
PRODUCERS = ("suppressions",)
_SAMPLES = {"int": 1234, "float": 12.5, "bool": True, "str": "text", "list": "a, b"}


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    type: str
    description: str


@dataclass(frozen=True)
class Rule:
    """One loaded, checked rule."""

    id: str
    name: str
    subject: str
    severity: str
    summary: str
    message: str
    parameters: tuple[Parameter, ...]
    docs: tuple[tuple[str, str], ...]
    source: str
    condition: Expr | None = None
    location: str = ""
    key: str = ""
    produced_by: str = ""

    @property
    def figures(self) -> frozenset[str]:
        """The metric names its condition, message and key read."""
        params = {p.name for p in self.parameters}
        used = set(self.condition.names if self.condition else ()) | set(template_fields(self.message))
        if self.key:
            used.add(self.key)
        return frozenset(used - params)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}


def template_fields(template: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


def type_of(value: Any) -> str | None:
    """The metric type of a TOML value, or None when it has none."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in value):
        return "list"
    return None


def accepts(type_: str, value: Any) -> bool:
    """Whether `value` may stand for a parameter of this type."""
    got = type_of(value)
    return got == type_ or (type_ == "float" and got == "int")


class _FileChecker:
    """Checks one rule file, collecting every problem."""

    def __init__(self, data: dict, source: str) -> None:
        self.data, self.source = data, source
        self.errors: list[str] = []

    def error(self, key: str, value: Any, allowed: str) -> None:
        self.errors.append(f"{self.source}: {key} = {value!r}: expected {allowed}")

    def text(self, key: str, pattern: re.Pattern | None = None, allowed: str = "a non-empty string") -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip() or (pattern and not pattern.match(value)):
            self.error(key, value, allowed)
            return ""
        return value.strip()

    def check(self) -> Rule | None:
        for key in sorted(set(self.data) - KNOWN_KEYS):
            self.errors.append(f"{self.source}: {key}: unknown key; allowed: {', '.join(sorted(KNOWN_KEYS))}")
        rule_id = self.text("id", ID_PATTERN, "an id like GRA101 (GRA1 and two digits)")
        name = self.text("name", NAME_PATTERN, "a lower-case name with dashes")
        subject = self.text("subject")
        if subject and subject not in SUBJECT_KINDS:
            self.error("subject", subject, " or ".join(f'"{k}"' for k in SUBJECT_KINDS))
            subject = ""
        severity = self.text("severity")
        if severity and severity not in SEVERITIES:
            self.error("severity", severity, " or ".join(f'"{s}"' for s in SEVERITIES))
        summary, message = self.text("summary"), self.text("message")
        params = self.parameters()
        docs = self.docs()
        producer = self.data.get("produced-by", "")
        if producer and producer not in PRODUCERS:
            self.error("produced-by", producer, " or ".join(f'"{p}"' for p in PRODUCERS))
        condition = self.condition(subject, params, producer)
        location, key = self.anchor(subject, params)
        if subject and not producer:
            self.template(message, subject, params)
        if self.errors:
            return None
        return Rule(rule_id, name, subject, severity, summary, message, params, docs, self.source,
                    condition, location, key, producer)

    def parameters(self) -> tuple[Parameter, ...]:
        table = self.data.get("parameters", {})
        if not isinstance(table, dict):
            self.error("parameters", table, "a table")
            return ()
        out = []
        for pname, body in sorted(table.items()):
            if not isinstance(body, dict) or "default" not in body or not isinstance(body.get("description"), str):
                self.error(f"parameters.{pname}", body, "a table with `default` and `description`")
                continue
            ptype = type_of(body["default"])
            if ptype is None or not re.match(r"^[a-z][a-z0-9_]*$", pname):
                self.error(f"parameters.{pname}", body["default"], "a snake_case name with a number, string, "
                           "boolean or list default")
                continue
            out.append(Parameter(pname, body["default"], ptype, body["description"].strip()))
        return tuple(out)

    def docs(self) -> tuple[tuple[str, str], ...]:
        table = self.data.get("docs", {})
        if not isinstance(table, dict):
            self.error("docs", table, "a table")
            return ()
        for key in sorted(set(DOC_KEYS) - set(table)):
            self.errors.append(f"{self.source}: docs.{key}: missing (the \"{DOC_KEYS[key]}\" section)")
        for key in sorted(set(table) - set(DOC_KEYS)):
            self.errors.append(f"{self.source}: docs.{key}: unknown key; allowed: {', '.join(DOC_KEYS)}")
        return tuple((k, str(table.get(k, "")).strip()) for k in DOC_KEYS)

    def types(self, subject: str, params: tuple[Parameter, ...]) -> dict[str, str]:
        types = metric_types(subject) if subject else {}
        clashes = sorted(p.name for p in params if p.name in types)
        for clash in clashes:
            self.errors.append(f"{self.source}: parameters.{clash}: a metric of that name exists; rename it")
        return types | {p.name: p.type for p in params}

    def condition(self, subject: str, params: tuple[Parameter, ...], producer: str) -> Expr | None:
        text = self.data.get("condition")
        if producer:
            return None
        if not subject:
            return None
        try:
            return compile_expr(text, f"{self.source}: condition", self.types(subject, params))
        except ConfigError as err:
            self.errors.append(str(err))
            return None

    def anchor(self, subject: str, params: tuple[Parameter, ...]) -> tuple[str, str]:
        location, key = self.data.get("location", ""), self.data.get("key", "")
        known = LOCATIONS.get(subject, {})
        if location and location not in known:
            self.error("location", location, f"one of {', '.join(sorted(known)) or '(none for this subject)'}")
        if key and key not in metric_types(subject or "app"):
            self.error("key", key, f"a {subject or ''} metric name (see `granularity rules --metrics`)")
        return (location if isinstance(location, str) else ""), (key if isinstance(key, str) else "")

    def template(self, message: str, subject: str, params: tuple[Parameter, ...]) -> None:
        types = metric_types(subject) | {p.name: p.type for p in params}
        try:
            parsed = list(string.Formatter().parse(message))
        except ValueError as err:
            self.error("message", message, f"a format template ({err})")
            return
        for _, field, spec, conversion in parsed:
            if field is None:
                continue
            if field not in types:
                self.errors.append(f"{self.source}: message: unknown field {{{field}}}; fields are the "
                                   f"{subject} metrics and the rule's parameters")
                continue
            if conversion or (spec and "{" in spec):
                self.error("message", f"{{{field}}}", "plain fields with an optional format spec")
                continue
            try:
                format(_SAMPLES[types[field]], spec or "")
            except (ValueError, TypeError) as err:
                self.errors.append(f"{self.source}: message: {{{field}:{spec}}}: {err}")


def load_file(path: Path, label: str | None = None) -> tuple[Rule | None, list[str]]:
    """One rule file: the rule, or the list of what is wrong with it."""
    source = label or str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        return None, [f"{source}: not valid TOML: {err}"]
    except OSError as err:
        return None, [f"{source}: cannot read: {err.strerror or err}"]
    checker = _FileChecker(data, source)
    rule = checker.check()
    return rule, checker.errors


def builtin_folder() -> Path:
    """The folder of the built-in rule pack (inside the installed package, or rules/ of a checkout)."""
    try:
        from importlib.resources import files

        folder = Path(str(files("granularity.rulepack")))
        if folder.is_dir():
            return folder
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(folders: list[Path], labels: dict[Path, str] | None = None) -> list[Rule]:
    """Every rule of these folders, sorted by id; ConfigError listing every problem in any file."""
    errors: list[str] = []
    rules: list[Rule] = []
    for folder in folders:
        label = (labels or {}).get(folder, str(folder))
        if not folder.is_dir():
            errors.append(f"{label}: not a folder of rule files")
            continue
        for path in sorted(folder.glob("*.toml")):
            rule, problems = load_file(path, f"{label}/{path.name}")
            errors.extend(problems)
            if rule is not None:
                rules.append(rule)
    errors.extend(_duplicates(rules))
    if errors:
        raise ConfigError(f"{len(errors)} problem(s) in the rule files:\n  " + "\n  ".join(errors))
    return sorted(rules, key=lambda r: r.id)


def _duplicates(rules: list[Rule]) -> list[str]:
    out, seen_ids, seen_names = [], {}, {}
    for rule in rules:
        for seen, value in ((seen_ids, rule.id), (seen_names, rule.name)):
            if value in seen:
                out.append(f"{rule.source}: {value} is already defined in {seen[value]}")
            seen[value] = rule.source
    return out


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[Rule, ...]:
    return tuple(load_rules([builtin_folder()], {builtin_folder(): "rules"}))


def builtin_rules() -> list[Rule]:
    """The built-in rule pack (loaded once per process)."""
    return list(_builtin())
