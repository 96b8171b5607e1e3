"""Suppressions: `# granularity: ignore[GRA101] reason` comments silence findings.

A comment on a `def`/`class` line, or on the line above it (or above its decorators),
silences the rules it names for that unit only: findings whose line lies in the unit but
not in a unit nested inside it. `# granularity: ignore-file[...]` silences them for the
whole file. A comment that silenced nothing becomes a GRA190 finding, and with
`require_reasons` one without a reason becomes GRA191.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from granularity.evaluate.engine import ActiveRule, fingerprint
from granularity.model.facts import Suppression
from granularity.model.findings import Finding
from granularity.model.graph import ProgramGraph

UNUSED, NO_REASON = "GRA190", "GRA191"


class UnitLocator:
    """Finds the innermost unit holding a line, and the unit a comment line names."""

    def __init__(self, graph: ProgramGraph) -> None:
        self.by_path: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
        for q, info in graph.units.items():
            u = info.unit
            self.by_path[info.path].append((u.line, u.end_line, q, len(u.decorators)))
        for spans in self.by_path.values():
            spans.sort()
        self.starts = {p: [s[0] for s in spans] for p, spans in self.by_path.items()}

    def innermost(self, path: str, line: int) -> str:
        spans = self.by_path.get(path, [])
        best = ""
        for start, end, q, _ in spans[: bisect.bisect_right(self.starts.get(path, []), line)]:
            if start <= line <= end:
                best = q  # later starts are nested deeper
        return best

    def named(self, path: str, line: int) -> str:
        """The unit whose `def` line is `line`, or whose decorators start just below it."""
        best = ""
        for start, _, q, decorators in self.by_path.get(path, []):
            if start - decorators - 1 <= line <= start:
                best = q
        return best


@dataclass
class _Use:
    suppression: Suppression
    target: str
    used: set[str]


def apply(findings: list[Finding], graph: ProgramGraph, active: list[ActiveRule],
          require_reasons: bool, known_ids: set[str]) -> tuple[list[Finding], list[Finding]]:
    """(findings left, findings about the suppressions themselves)."""
    locator = UnitLocator(graph)
    uses = [_Use(s, "" if s.file_level else locator.named(s.path, s.line), set()) for s in graph.suppressions]
    by_unit: dict[tuple[str, str], list[_Use]] = defaultdict(list)
    by_file: dict[str, list[_Use]] = defaultdict(list)
    for use in uses:
        if use.suppression.file_level:
            by_file[use.suppression.path].append(use)
        elif use.target:
            by_unit[(use.suppression.path, use.target)].append(use)
    kept = []
    for finding in findings:
        unit = locator.innermost(finding.path, finding.line)
        candidates = by_file.get(finding.path, []) + by_unit.get((finding.path, unit), [])
        hit = next((u for u in candidates if not u.suppression.codes or finding.rule in u.suppression.codes), None)
        if hit is None:
            kept.append(finding)
        else:
            hit.used.add(finding.rule)
    return kept, _meta(uses, {a.rule.id: a for a in active}, require_reasons, known_ids)


def _meta(uses: list[_Use], active: dict[str, ActiveRule], require_reasons: bool,
          known_ids: set[str]) -> list[Finding]:
    out = []
    for use in uses:
        s = use.suppression
        codes = ",".join(s.codes) or "*"
        subject = use.target or f"{s.path}:{s.line}"
        if UNUSED in active:
            why = _unused_reason(use, active, known_ids)
            if why:
                out.append(_finding(active[UNUSED], s, subject, use.target, codes, why))
        if require_reasons and NO_REASON in active and not s.reason:
            out.append(_finding(active[NO_REASON], s, subject, use.target, codes, ""))
    return out


def _unused_reason(use: _Use, active: dict[str, ActiveRule], known_ids: set[str]) -> str:
    s = use.suppression
    if not s.file_level and not use.target:
        return "it is not on a def or class line, nor the line above one"
    unknown = [c for c in s.codes if c not in known_ids]
    if unknown:
        return "no rule " + ", ".join(unknown)
    if not s.codes:
        return "" if use.used else "no finding on this unit"
    idle = [c for c in s.codes if c in active and c not in use.used]
    if idle:
        return f"no {', '.join(idle)} finding on {'this file' if s.file_level else 'this unit'}"
    return ""


def _finding(active: ActiveRule, s: Suppression, subject: str, unit: str, codes: str, why: str) -> Finding:
    figures = {"codes": codes, "why": why}
    return Finding(
        rule=active.rule.id, name=active.rule.name, severity=active.severity, subject_kind="unit",
        subject=subject, message=active.rule.message.format_map(figures), path=s.path, line=s.line,
        column=1, key=codes, fingerprint=fingerprint(active.rule.id, "unit", subject, codes),
        function="", figures=tuple(sorted(figures.items())),
    )
