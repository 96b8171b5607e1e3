"""Baselines: the findings a team has accepted for now, so that a gate fails only on new ones.

A baseline file is versioned JSON listing findings by rule, subject and logical key (and
their fingerprint, a hash of the three); line numbers play no part, so edits that move
code do not turn old findings into new ones. Matching counts: two identical findings
need two entries.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from granularity import __version__
from granularity.errors import ConfigError
from granularity.model.findings import Finding

BASELINE_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    rule: str
    subject: str
    key: str
    fingerprint: str
    message: str = ""
    path: str = ""


@dataclass(frozen=True)
class Comparison:
    """What a baseline makes of this run's findings."""

    new: list[Finding]
    #: Findings the baseline holds back.
    held_back: int
    #: Baseline entries no finding matches any more.
    fixed: list[Entry]


def render(findings: list[Finding]) -> str:
    entries = sorted(({"rule": f.rule, "subject": f.subject, "key": f.key, "fingerprint": f.fingerprint,
                       "message": f.message, "path": f.path} for f in findings),
                     key=lambda e: (e["rule"], e["subject"], e["key"], e["path"]))
    doc = {"format": BASELINE_FORMAT, "tool": {"name": "granularity", "version": __version__},
           "findings": entries}
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def read(path: Path) -> list[Entry]:
    """The entries of a baseline file; ConfigError when it is missing or not a baseline."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"--baseline {path}: cannot read: {err.strerror or err}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"--baseline {path}: not a JSON baseline ({err})") from None
    if not isinstance(doc, dict) or doc.get("format") != BASELINE_FORMAT or not isinstance(doc.get("findings"), list):
        raise ConfigError(f"--baseline {path}: not a granularity baseline of format {BASELINE_FORMAT} "
                          "(write one with `granularity baseline PATH -o FILE`)")
    out = []
    for i, item in enumerate(doc["findings"]):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("rule", "subject", "fingerprint")):
            raise ConfigError(f"--baseline {path}: findings[{i}] needs string rule, subject and fingerprint")
        out.append(Entry(item["rule"], item["subject"], str(item.get("key", "")), item["fingerprint"],
                         str(item.get("message", "")), str(item.get("path", ""))))
    return out


def compare(findings: list[Finding], entries: list[Entry]) -> Comparison:
    available = Counter(e.fingerprint for e in entries)
    new = []
    held = 0
    for finding in findings:
        if available[finding.fingerprint] > 0:
            available[finding.fingerprint] -= 1
            held += 1
        else:
            new.append(finding)
    fixed = []
    for entry in entries:
        if available[entry.fingerprint] > 0:
            available[entry.fingerprint] -= 1
            fixed.append(entry)
    return Comparison(new, held, fixed)
