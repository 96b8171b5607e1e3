"""Findings as SARIF 2.1.0, for code-scanning services: each rule listed once with its
help, results with relative URIs (against %SRCROOT%, the directory the check ran from),
and a `partialFingerprints` entry made of rule, subject and logical key only, so that a
finding keeps its identity when lines move."""

from __future__ import annotations

import json

from granularity import __version__
from granularity.model.findings import Finding
from granularity.report.findings_view import FindingsView

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "granularity/v1"


def _rule(rule: tuple[str, str, str, str, str]) -> dict:
    rule_id, name, severity, summary, docs = rule
    return {
        "id": rule_id, "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": ["granularity", "faas"]},
    }


def _result(view: FindingsView, f: Finding, index: dict[str, int]) -> dict:
    result = {
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "partialFingerprints": {FINGERPRINT: f.fingerprint},
        "properties": {"subject": f.subject, "subjectKind": f.subject_kind, "function": f.function, "key": f.key},
    }
    location: dict = {"logicalLocations": [{"fullyQualifiedName": f.subject, "kind": _kind(f.subject_kind)}]}
    if f.path:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": view.path(f), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
        }
    result["locations"] = [location]
    if view.baseline_used:
        result["baselineState"] = "new"
    return result


def _kind(subject_kind: str) -> str:
    return {"unit": "function", "function": "module", "boundary": "member", "app": "namespace"}[subject_kind]


def data(view: FindingsView) -> dict:
    used = sorted({f.rule for f in view.findings} | {r[0] for r in view.rules})
    rules = {r[0]: r for r in view.rules}
    listed = [rules[r] for r in used if r in rules]
    index = {r[0]: i for i, r in enumerate(listed)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "granularity", "version": __version__,
                                "informationUri": "https://pypi.org/project/granularity/",
                                "rules": [_rule(r) for r in listed]}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory granularity ran in."}}},
            "results": [_result(view, f, index) for f in view.findings if f.rule in index],
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(view: FindingsView) -> str:
    return json.dumps(data(view), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
