"""Source excerpts for the HTML report, highlighted with pygments.

The analysed app's files are read through a reader function handed in by the caller
(a path relative to the app's root in, its text or None out); the code is only read
as text and lexed, never imported. Each file is highlighted once, whole, so that a
multi-line string keeps its colour, and then cut into lines: pygments closes every
token's span at the end of a line, so each line's HTML stands on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import PythonLexer, TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

from granularity.model.graph import UnitInfo
from granularity.report.html.anchors import anchor
from granularity.report.html.view import Excerpt

#: A path relative to the analysed root in, the file's text out (None when unreadable).
SourceReader = Callable[[str], "str | None"]

#: pygments styles of the light and the dark theme.
LIGHT_STYLE = "friendly"
DARK_STYLE = "github-dark"
_BASE = re.compile(r"^\.code \{.*?color: (#[0-9A-Fa-f]+)")
_RULE = re.compile(r"^\.code \.([\w-]+) \{ (.*?) \}")
#: A token's span as pygments writes it (never nested, text already escaped).
_SPAN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')

#: Lines shown of one unit; the rest is counted, not shown (keeps large apps' reports small).
MAX_UNIT_LINES = 30
#: Lines shown before and after a finding's line.
CONTEXT_BEFORE = 3
CONTEXT_AFTER = 5


def read_from(root: Path) -> SourceReader:
    """A reader of text files under `root` that refuses paths leading outside it."""
    base = root.resolve()

    def read(path: str) -> str | None:
        target = (base / path).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        try:
            return target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    return read


def _lexer(path: str) -> Lexer:
    options = {"stripnl": False, "ensurenl": True}
    if path.endswith((".py", ".pyi")):
        return PythonLexer(**options)
    try:
        return get_lexer_for_filename(path, **options)
    except ClassNotFound:
        return TextLexer(**options)


def highlight_lines(path: str, text: str) -> tuple[Markup, ...]:
    """Each line of `text` as highlighted HTML, escaped by pygments."""
    html = _unwrap(highlight(text.replace("\r\n", "\n"), _lexer(path), HtmlFormatter(nowrap=True)))
    lines = html.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(Markup(line) for line in lines)


class Excerpts:
    """Collects the excerpts the report links to, each made once."""

    def __init__(self, read: SourceReader | None) -> None:
        self._read = read
        self._files: dict[str, tuple[Markup, ...] | None] = {}
        self._made: dict[str, Excerpt] = {}

    @property
    def available(self) -> bool:
        return self._read is not None

    def _file(self, path: str) -> tuple[Markup, ...] | None:
        if path not in self._files:
            text = None
            if self._read is not None and path:
                try:
                    text = self._read(path)
                except (OSError, ValueError):
                    text = None
            self._files[path] = highlight_lines(path, text) if text is not None else None
        return self._files[path]

    def _make(self, key: str, title: str, path: str, span: tuple[int, int], mark: int = 0, more: int = 0) -> str:
        if key in self._made:
            return "#" + key
        lines = self._file(path)
        first, last = span
        if lines is None or first > len(lines):
            return ""
        end = min(last, len(lines))
        shown = tuple((n, lines[n - 1], n == mark) for n in range(first, end + 1))
        self._made[key] = Excerpt(key, title, path, first, end, shown, more)
        return "#" + key

    def unit(self, info: UnitInfo) -> str:
        """Anchor of the excerpt of a unit ("" when its source cannot be read)."""
        u = info.unit
        last = min(u.end_line, u.line + MAX_UNIT_LINES - 1)
        return self._make(anchor("src", u.qualname), u.qualname, info.path, (u.line, last),
                          more=max(0, u.end_line - last))

    def location(self, path: str, line: int, title: str) -> str:
        """Anchor of an excerpt around `path:line` ("" when unreadable)."""
        if not path or line < 1:
            return ""
        key = anchor("loc", f"{path}:{line}")
        first = max(1, line - CONTEXT_BEFORE)
        return self._make(key, title, path, (first, line + CONTEXT_AFTER), mark=line)

    def all(self) -> tuple[Excerpt, ...]:
        return tuple(sorted(self._made.values(), key=lambda e: (e.path, e.first, e.anchor)))


@lru_cache(maxsize=4)
def _rules(style: str) -> dict[str, str]:
    """Token class → CSS declarations of a pygments style, without the rules that only
    repeat the text colour or colour whitespace (their spans are dropped, see `_unwrap`)."""
    lines = HtmlFormatter(style=style).get_style_defs(".code").splitlines()
    base = next((m.group(1) for line in lines if (m := _BASE.match(line))), "")
    rules = {}
    for line in lines:
        match = _RULE.match(line)
        if match and match.group(1) != "w" and match.group(2).strip().lower() != f"color: {base}".lower():
            rules[match.group(1)] = match.group(2).strip()
    return rules


def style_css(style: str) -> str:
    """pygments' token colours of `style`, scoped to `.code` (its page-wide rules left out)."""
    return "\n".join(f".code .{cls} {{ {body} }}" for cls, body in _rules(style).items())


@lru_cache(maxsize=1)
def _styled() -> frozenset[str]:
    return frozenset(_rules(LIGHT_STYLE)) | frozenset(_rules(DARK_STYLE))


def _unwrap(html: str) -> str:
    """Drop the spans of tokens neither theme colours: half the elements of a page of code."""
    styled = _styled()
    return _SPAN.sub(lambda m: m.group(0) if m.group(1) in styled else m.group(2), html)
