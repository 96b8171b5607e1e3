"""Findings as text lines a terminal and an editor understand: `path:line:col: GRA101 message`."""

from __future__ import annotations

from granularity.report.findings_view import FindingsView


def render(view: FindingsView) -> str:
    lines = [f"{view.path(f)}:{f.line}:{f.column}: {f.rule} {f.message}" for f in view.findings]
    return "\n".join(lines + [footer(view)]) + "\n"


def footer(view: FindingsView) -> str:
    """Baseline entries now fixed, notes, and the summary: what a run says besides its findings."""
    lines = [f"fixed: {rule} {subject} (in the baseline, no longer found)" for rule, subject, _k, _f in view.fixed]
    lines.extend(f"note: {n}" for n in view.notes)
    lines.append(view.summary())
    return "\n".join(lines)
