"""Anchors and small text helpers shared by the view builders.

An anchor must be a valid, unique HTML id whatever the analysed app names its code:
a readable slug of the name plus a short hash of the name itself, so two names that
slug alike (`a.b` and `a-b`) still get different ids, and the id never depends on the
order things are met in.
"""

from __future__ import annotations

import hashlib
import re

from granularity.report.html.view import Link, Text

_SLUG = re.compile(r"[^a-z0-9]+")
_CODE = re.compile(r"`([^`]+)`")


def anchor(prefix: str, name: str) -> str:
    """`fn-orders-3f2a1c` for prefix "fn" and name "orders"."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:40]
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def fn_link(name: str) -> Link:
    """A link to a candidate function's card."""
    return Link(name, "#" + anchor("fn", name))


def sentence(text: str) -> Text:
    """Cut a sentence into plain and `code` parts."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in _CODE.finditer(text):
        if match.start() > pos:
            parts.append((text[pos:match.start()], False))
        parts.append((match.group(1), True))
        pos = match.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return Text(tuple(parts))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")
