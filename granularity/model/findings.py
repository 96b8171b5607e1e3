"""Findings: a rule's verdict on a subject, with where it is and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass

#: Severities, lowest first.
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one subject."""

    #: Rule id (`GRA101`).
    rule: str
    #: Rule name (`nano-function`).
    name: str
    #: "info", "warning" or "error".
    severity: str
    #: "unit", "function", "boundary" or "app".
    subject_kind: str
    #: The subject: a unit's qualified name, a function's name, `caller->callee`, or the app's name.
    subject: str
    #: The message, filled from the subject's figures.
    message: str
    #: File (relative to the analysed root, POSIX separators) and position; lines and columns are 1-indexed.
    path: str
    line: int
    column: int = 1
    #: The logical key that identifies the finding across edits (not a line number), e.g. a table name.
    key: str = ""
    #: Stable hash of rule + subject + key; baselines and SARIF partialFingerprints use it.
    fingerprint: str = ""
    #: The candidate or declared function it belongs to ("" when none).
    function: str = ""
    #: The figures the message was built from, sorted (name, value) pairs.
    figures: tuple[tuple[str, object], ...] = ()
