"""Plain view data of a check's findings, shared by every findings renderer: display paths,
counts by severity, and the summary sentence. Renderers only format what is here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from granularity.model.findings import SEVERITIES, Finding


@dataclass(frozen=True)
class FindingsView:
    """What the findings renderers print."""

    app: str
    mode: str
    findings: tuple[Finding, ...]
    #: Prefix that turns a root-relative path into the displayed one ("" or "sub/dir/").
    prefix: str
    fail_on: str
    failed: bool
    suppressed: int = 0
    held_back: int = 0
    #: (rule, subject, key, fingerprint) of baseline entries no finding matches any more.
    fixed: tuple[tuple[str, str, str, str], ...] = ()
    baseline_used: bool = False
    diff_base: str = ""
    notes: tuple[str, ...] = ()
    #: (id, name, severity, summary, docs markdown) of the rules that ran.
    rules: tuple[tuple[str, str, str, str, str], ...] = ()

    def path(self, finding: Finding) -> str:
        return f"{self.prefix}{finding.path}" if finding.path else (self.prefix.rstrip("/") or ".")

    def counts(self) -> dict[str, int]:
        found = Counter(f.severity for f in self.findings)
        return {s: found.get(s, 0) for s in reversed(SEVERITIES)}

    def summary(self) -> str:
        counts = self.counts()
        parts = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)
        total = len(self.findings)
        text = f"{total} finding{'s' if total != 1 else ''}" + (f" ({parts})" if parts else "")
        text += f" in {self.app}, checked through its {'declared' if self.mode == 'declared' else 'proposed'} functions"
        extras = []
        if self.suppressed:
            extras.append(f"{self.suppressed} suppressed")
        if self.baseline_used:
            extras.append(f"{self.held_back} held back by the baseline, {len(self.fixed)} baseline "
                          f"entr{'y' if len(self.fixed) == 1 else 'ies'} now fixed")
        if self.diff_base:
            extras.append(f"only code changed since {self.diff_base}")
        verdict = f"fails at --fail-on {self.fail_on}" if self.failed else f"passes at --fail-on {self.fail_on}"
        return text + (f"; {'; '.join(extras)}" if extras else "") + f". The check {verdict}."
