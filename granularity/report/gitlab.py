"""Findings as a GitLab Code Quality report (the JSON array GitLab shows in merge requests)."""

from __future__ import annotations

import json

from granularity.report.findings_view import FindingsView

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def render(view: FindingsView) -> str:
    items = [{
        "description": f"{f.rule} {f.message}",
        "check_name": f"{f.rule} {f.name}",
        "fingerprint": f.fingerprint,
        "severity": SEVERITIES[f.severity],
        "location": {"path": view.path(f), "lines": {"begin": max(f.line, 1)}},
    } for f in view.findings]
    return json.dumps(items, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
