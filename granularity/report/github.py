"""Findings as GitHub Actions workflow commands, which the checks UI shows as annotations
on the pull request's diff (`::warning file=...,line=...::message`)."""

from __future__ import annotations

from granularity.report.findings_view import FindingsView

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(view: FindingsView) -> str:
    lines = []
    for f in view.findings:
        where = f"file={_prop(view.path(f))},line={f.line},col={f.column}," if f.path else ""
        lines.append(f"::{LEVELS[f.severity]} {where}title={_prop(f'{f.rule} {f.name}')}::{_data(f.message)}")
    lines.append(f"::notice title=granularity::{_data(view.summary())}")
    return "\n".join(lines) + "\n"
