"""Rules over subjects: each selected rule's condition on each subject of its kind, the
findings with their messages, severities, locations and fingerprints, then the per-path
overrides. Deterministic: findings come out sorted."""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterator

from granularity.errors import ConfigError
from granularity.evaluate.expr import ExprError
from granularity.evaluate.metrics import LOCATIONS, METRICS
from granularity.evaluate.options import PathOverride, RuleOptions, matches
from granularity.evaluate.rules import Rule
from granularity.evaluate.subjects import Subject
from granularity.model.findings import Finding
from granularity.partition.settings import Band


@dataclass(frozen=True)
class ActiveRule:
    """A selected rule with its configured severity and parameter values."""

    rule: Rule
    severity: str
    params: dict[str, Any]


def select(rules: list[Rule], options: RuleOptions, band: Band | None = None,
           extra_select: tuple[str, ...] = (), extra_ignore: tuple[str, ...] = ()) -> list[ActiveRule]:
    """The rules that run, with severities and parameters resolved: the rule file's defaults,
    then the band's value for a parameter of the same name, then `rules.<ID>` settings."""
    chosen = extra_select or options.select
    ignored = (*options.ignore, *extra_ignore)
    band_values = {k: getattr(band, k) for k in Band.__dataclass_fields__} if band else {}
    out = []
    for rule in rules:
        if not any(matches(s, rule.id) for s in chosen) or any(matches(s, rule.id) for s in ignored):
            continue
        configured = options.per_rule.get(rule.id, {})
        params = {p.name: band_values.get(p.name, p.default) for p in rule.parameters}
        params.update({k: v for k, v in configured.items() if k != "severity"})
        out.append(ActiveRule(rule, configured.get("severity", rule.severity), params))
    return out


def fingerprint(rule: str, kind: str, subject: str, key: str) -> str:
    """Stable across edits that move lines: rule, subject and logical key only."""
    return hashlib.sha256(f"{rule}\0{kind}\0{subject}\0{key}".encode()).hexdigest()[:20]


class Figures(Mapping):
    """A subject's figures and a rule's parameters, each metric computed when first read."""

    def __init__(self, subject: Subject, params: Mapping[str, Any]) -> None:
        self.subject, self.params = subject, params
        self.table = METRICS[subject.kind]
        self.cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self.params:
            return self.params[name]
        if name not in self.cache:
            self.cache[name] = self.table[name].compute(self.subject.view)
        return self.cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self.params, *self.table])

    def __len__(self) -> int:
        return len(self.params) + len(self.table)


def _text(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def finding_for(active: ActiveRule, subject: Subject, figures: Figures) -> Finding:
    rule = active.rule
    values = {name: _text(figures[name]) for name in sorted(rule.figures | set(active.params))}
    path, line = subject.path, subject.line
    if rule.location:
        anchored = LOCATIONS[subject.kind][rule.location](subject.view)
        if anchored and anchored[0]:
            path, line = anchored
    key = str(values.get(rule.key, "")) if rule.key else ""
    return Finding(
        rule=rule.id, name=rule.name, severity=active.severity, subject_kind=subject.kind,
        subject=subject.name, message=rule.message.format_map(values), path=path, line=line, column=1,
        key=key, fingerprint=fingerprint(rule.id, subject.kind, subject.name, key), function=subject.function,
        figures=tuple(sorted((n, _plain(figures[n])) for n in rule.figures)),
    )


def evaluate(active: list[ActiveRule], subjects: dict[str, list[Subject]]) -> list[Finding]:
    """Every finding of the active condition rules over the subjects, sorted."""
    out: list[Finding] = []
    for ar in active:
        if ar.rule.condition is None:
            continue
        for subject in subjects.get(ar.rule.subject, ()):
            figures = Figures(subject, ar.params)
            try:
                hit = ar.rule.condition(figures)
            except ExprError as err:
                raise ConfigError(f"{ar.rule.source}: condition on {subject.kind} `{subject.name}`: {err}") from None
            if hit:
                out.append(finding_for(ar, subject, figures))
    return sort_findings(out)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.subject, f.key))


def path_matches(path: str, pattern: str) -> bool:
    """fnmatch over the path relative to the root (`*` crosses folders); a folder matches what it holds."""
    pattern = pattern.strip().removeprefix("./")
    if fnmatch.fnmatchcase(path, pattern):
        return True
    folder = pattern.rstrip("/").removesuffix("/**").removesuffix("/*")
    return bool(folder) and "*" not in folder and (path == folder or path.startswith(folder + "/"))


def apply_overrides(findings: list[Finding], overrides: tuple[PathOverride, ...]) -> list[Finding]:
    """Drop findings a matching `per-path` table ignores and change the severities it sets."""
    out = []
    for finding in findings:
        keep, severity = True, finding.severity
        for override in overrides:
            if not path_matches(finding.path, override.pattern):
                continue
            if any(matches(s, finding.rule) for s in override.ignore):
                keep = False
            for selector, value in override.severity:
                if matches(selector, finding.rule):
                    severity = value
        if keep:
            out.append(finding if severity == finding.severity else _with(finding, severity=severity))
    return out


def _with(finding: Finding, **changes: Any) -> Finding:
    data = {k: getattr(finding, k) for k in Finding.__dataclass_fields__}
    return Finding(**(data | changes))
