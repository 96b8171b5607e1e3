"""Gathers suppression comments into `Suppression` facts.

`# granularity: ignore[GRA101,GRA102] reason` on a `def`/`class` line, or on the line
above it, silences those rules for that unit; `# granularity: ignore-file[GRA101] reason`
anywhere in a file silences them for the whole file. A bare `ignore` (no brackets) names
every rule. What a suppression applies to is decided by the rule engine; this only reads them.
"""

from __future__ import annotations

import re

import libcst as cst

from granularity.extract.context import Gatherer
from granularity.model import facts as f

MARK = "granularity:"
PATTERN = re.compile(r"#\s*granularity:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?(.*)$")


def parse_comment(text: str) -> tuple[bool, tuple[str, ...], str] | None:
    """(file level, sorted codes, reason) of a suppression comment, or None for any other comment."""
    match = PATTERN.match(text.strip())
    if match is None:
        return None
    kind, codes, rest = match.groups()
    names = tuple(sorted({c.strip().upper() for c in (codes or "").split(",") if c.strip()}))
    reason = rest.strip().lstrip("-–—:").strip()
    return kind == "ignore-file", names, reason


class SuppressionGatherer(Gatherer):
    """Fills `ctx.suppressions`."""

    def visit_Comment(self, node: cst.Comment) -> None:
        if MARK not in node.value:
            return
        parsed = parse_comment(node.value)
        if parsed is None:
            return
        file_level, codes, reason = parsed
        self.ctx.suppressions.append(f.Suppression(self.ctx.path, self.ctx.line, codes, reason, file_level))
