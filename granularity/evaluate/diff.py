"""Diff mode: keep the findings whose subject holds code changed since a git revision.

`git diff --unified=0 REF` on the analysed folder gives the changed line ranges of each
file (untracked files count as changed throughout); each range marks the innermost units
holding it; a subject is changed when its units (a function's whole reach, so a caller
counts as changed when something it calls changed) include a marked one.
Git runs as a subprocess on the analysed repository only.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from granularity.errors import UsageError
from granularity.evaluate.subjects import Subject
from granularity.evaluate.suppress import UnitLocator
from granularity.model.findings import Finding
from granularity.model.graph import ProgramGraph

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
WHOLE_FILE = -1


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120,
                              check=False)
    except FileNotFoundError:
        raise UsageError("--diff-base needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--diff-base: `git {' '.join(args)}` took too long") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.split())[:300] or f"exit status {done.returncode}"
        raise UsageError(f"--diff-base: `git {' '.join(args)}` failed in {root}: {message}")
    return done.stdout


def parse_diff(text: str) -> dict[str, set[int]]:
    """Changed lines of the new side of a unified diff with zero context, by path."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:].strip()
            current = None if target == "/dev/null" else out.setdefault(target.removeprefix("b/"), set())
            continue
        match = HUNK.match(line)
        if match and current is not None:
            start, count = int(match.group(1)), int(match.group(2) or "1")
            # a pure deletion marks the lines around the gap, so that its unit counts
            current.update(range(start, start + count) if count else (start, start + 1))
    return out


def changed_lines(root: Path, ref: str) -> dict[str, set[int]]:
    """Lines changed since `ref`, by path relative to `root`; WHOLE_FILE for untracked files."""
    if ref.startswith("-"):
        raise UsageError(f"--diff-base {ref!r}: not a git revision")
    folder = root if root.is_dir() else root.parent
    _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    diff = _git(folder, "diff", "--relative", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames",
                ref, "--")
    out = parse_diff(diff)
    for path in _git(folder, "ls-files", "--others", "--exclude-standard").splitlines():
        if path.strip():
            out[path.strip()] = {WHOLE_FILE}
    return out


def changed_units(graph: ProgramGraph, lines: dict[str, set[int]]) -> set[str]:
    locator = UnitLocator(graph)
    out: set[str] = set()
    for q, info in graph.units.items():
        marks = lines.get(info.path)
        if marks and WHOLE_FILE in marks:
            out.add(q)
    for path, marks in lines.items():
        for line in marks - {WHOLE_FILE}:
            unit = locator.innermost(path, line)
            if unit:
                out.add(unit)
    return out


def filter_findings(findings: list[Finding], subjects: dict[str, list[Subject]], changed: set[str],
                    lines: dict[str, set[int]], graph: ProgramGraph) -> list[Finding]:
    """The findings whose subject holds changed code (or, for suppression findings, whose line changed)."""
    touched = {(s.kind, s.name) for kind in subjects.values() for s in kind if s.units & changed}
    locator = UnitLocator(graph)
    out = []
    for finding in findings:
        if (finding.subject_kind, finding.subject) in touched:
            out.append(finding)
        elif finding.path in lines and (WHOLE_FILE in lines[finding.path] or finding.line in lines[finding.path]
                                        or locator.innermost(finding.path, finding.line) in changed):
            out.append(finding)
    return out
