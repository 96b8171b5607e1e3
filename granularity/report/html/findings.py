"""Findings and rule documentation as report rows.

Renders whatever findings it is given (`model.findings.Finding`), and the rules'
documentation from an optional mapping rule id → markdown (or plain text). Markdown is
rendered with raw HTML switched off and unsafe link schemes refused, so a rule's text
can never inject markup; code blocks are highlighted like the source excerpts.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping, Sequence

from markdown_it import MarkdownIt
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from granularity.model.findings import SEVERITIES, Finding
from granularity.report.html.anchors import anchor, fn_link, sentence
from granularity.report.html.source import Excerpts
from granularity.report.html.view import FilterChoice, Filters, FindingRow, Link, RuleView

#: How many heading levels a rule's own headings are pushed down (they sit under the rule's title).
HEADING_SHIFT = 2


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def _order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.rule, f.path, f.line, f.column,
                                           f.subject, f.message, f.fingerprint))


def finding_rows(findings: Sequence[Finding], functions: set[str], excerpts: Excerpts) -> tuple[FindingRow, ...]:
    """One row per finding, most severe first; each links to its rule, function and source."""
    rows = []
    for i, f in enumerate(_order(findings), 1):
        location = f"{f.path}:{f.line}" if f.path and f.line else f.path
        source = excerpts.location(f.path, f.line, f"{f.rule} at {location}") if f.path else ""
        function = fn_link(f.function) if f.function in functions else Link(f.function)
        rows.append(FindingRow(
            index=i, anchor=f"finding-{i}", rule=f.rule, name=f.name, rule_href="#" + anchor("rule", f.rule),
            severity=f.severity, severity_rank=severity_rank(f.severity), function=function,
            subject=f.subject, message=sentence(f.message), location=location, source_href=source,
        ))
    return tuple(rows)


def filters(rows: Sequence[FindingRow]) -> Filters:
    rules = sorted({(r.rule, r.name) for r in rows})
    severities = sorted({r.severity for r in rows}, key=lambda s: (-severity_rank(s), s))
    functions = sorted({r.function.label for r in rows if r.function.label})
    return Filters(
        rules=tuple(FilterChoice(rule, f"{rule} {name}".strip()) for rule, name in rules),
        severities=tuple(FilterChoice(s, s) for s in severities),
        functions=tuple(FilterChoice(name, name) for name in functions),
    )


def severity_counts(findings: Sequence[Finding]) -> tuple[tuple[str, int], ...]:
    counts = Counter(f.severity for f in findings)
    return tuple((s, counts[s]) for s in sorted(counts, key=lambda s: (-severity_rank(s), s)))


def _highlight_fence(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return '<pre class="code"><code>' + highlight(code, lexer, HtmlFormatter(nowrap=True)) + "</code></pre>"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "highlight": _highlight_fence})

    def heading(renderer, tokens, idx, options, env) -> str:
        token = tokens[idx]
        level = min(6, int(token.tag[1]) + HEADING_SHIFT)
        token.tag = f"h{level}"
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading)
    md.add_render_rule("heading_close", heading)
    return md


def render_doc(text: str) -> Markup:
    """A rule's documentation as safe HTML."""
    return Markup(_markdown().render(text))


def split_title(rule: str, text: str) -> tuple[str, str]:
    """A doc that opens with `# GRA101 nano-function` gives the rule's name; the line is not
    repeated in the body (the report prints the id and name itself)."""
    first, _, rest = text.partition("\n")
    prefix = f"# {rule}"
    if first.startswith(prefix + " ") or first.strip() == prefix:
        return first[len(prefix):].strip(), rest.lstrip("\n")
    return "", text


def rule_views(findings: Sequence[Finding], docs: Mapping[str, str] | None) -> tuple[RuleView, ...]:
    """Every rule that has findings or documentation, by id, with its count."""
    docs = docs or {}
    counts = Counter(f.rule for f in findings)
    names: dict[str, str] = {}
    for f in _order(findings):
        names.setdefault(f.rule, f.name)
    out = []
    for rule in sorted(set(counts) | set(docs)):
        title, text = split_title(rule, docs.get(rule, ""))
        out.append(RuleView(rule, names.get(rule) or title, anchor("rule", rule),
                            render_doc(text) if text else Markup(""), bool(text), counts.get(rule, 0)))
    return tuple(out)
