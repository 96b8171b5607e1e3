"""Findings as versioned JSON (`format` 1): every finding with its figures, the summary,
and the baseline's fixed entries. Keys sorted, so output is byte-identical across runs."""

from __future__ import annotations

import json

from granularity import __version__
from granularity.model.findings import Finding
from granularity.report.findings_view import FindingsView

FINDINGS_FORMAT = 1


def _finding(view: FindingsView, f: Finding) -> dict:
    return {
        "rule": f.rule, "name": f.name, "severity": f.severity, "subject_kind": f.subject_kind,
        "subject": f.subject, "function": f.function, "message": f.message, "path": view.path(f),
        "line": f.line, "column": f.column, "key": f.key, "fingerprint": f.fingerprint,
        "figures": {k: v for k, v in f.figures},
    }


def data(view: FindingsView) -> dict:
    return {
        "format": FINDINGS_FORMAT,
        "tool": {"name": "granularity", "version": __version__},
        "app": view.app,
        "mode": view.mode,
        "fail_on": view.fail_on,
        "failed": view.failed,
        "summary": {"findings": len(view.findings), "by_severity": view.counts(), "suppressed": view.suppressed,
                    "baseline": {"used": view.baseline_used, "held_back": view.held_back, "fixed": len(view.fixed)},
                    "diff_base": view.diff_base or None, "text": view.summary()},
        "findings": [_finding(view, f) for f in view.findings],
        "fixed": [{"rule": r, "subject": s, "key": k, "fingerprint": fp} for r, s, k, fp in view.fixed],
        "notes": list(view.notes),
    }


def render(view: FindingsView) -> str:
    return json.dumps(data(view), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
