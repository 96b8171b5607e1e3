"""Nothing the analysed app or the findings say can become markup or template output.

An app whose names, strings, docstrings, routes, table names and file names carry HTML,
script and template payloads is analysed and reported; the page is parsed with the
stdlib's html.parser and may hold only the tags and attributes the templates write.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from granularity.model.findings import Finding
from report_html.helpers import made

XSS = "</script><img src=x onerror=alert(1)>"
PAYLOADS = (XSS, "{{7*7}}", "${7*7}", "{% raw %}", "<!--", "]]>", "'\"><svg onload=alert(2)>", "#{7*7}")
ALL = " ".join(PAYLOADS)

#: Every tag the templates write (pygments and the markdown renderer only add span, pre, code, p, h*, ul, li...).
ALLOWED_TAGS = {
    "html", "head", "meta", "link", "title", "style", "body", "a", "header", "p", "span", "time", "code", "details",
    "summary", "dl", "div", "dt", "dd", "nav", "ul", "li", "main", "section", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "button", "svg", "defs", "marker", "path", "g", "rect", "text",
    "caption", "article", "form", "label", "select", "option", "input", "output", "ol", "figure", "figcaption",
    "pre", "footer", "script", "em", "strong", "blockquote", "hr", "br", "wbr",
}
ALLOWED_ATTRS = {
    "lang", "charset", "name", "content", "rel", "href", "class", "id", "aria-label", "aria-labelledby",
    "aria-live", "tabindex", "scope", "data-type", "title", "type", "data-sort", "data-rule", "data-severity",
    "data-function", "data-table", "role", "placeholder", "value", "open", "xmlns", "viewbox", "width", "height",
    "refx", "refy", "markerwidth", "markerheight", "markerunits", "orient", "d", "stroke-width", "data-ends",
    "marker-end", "data-key", "x", "y", "rx", "text-anchor", "aria-hidden", "start",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def evil_app(root: Path) -> Path:
    """A small Flask + Celery app whose every free-text spot carries a payload."""
    lit = repr(ALL)
    _write(root, {
        "shop/__init__.py": f'"""{ALL}"""\nfrom flask import Flask\n\napp = Flask({lit})\n',
        "shop/models.py": f"""
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()


            class Order(db.Model):
                \"\"\"{ALL}\"\"\"
                __tablename__ = {lit}
                id = db.Column(db.Integer, primary_key=True)
            """,
        "shop/views.py": f"""
            import os
            from shop import app
            from shop.models import Order, db
            from shop.tasks import ship

            CACHE = {{}}


            @app.route("/orders/{XSS}/{{{{7*7}}}}/${{7*7}}", methods=["POST"])
            def create_order():
                \"\"\"{ALL}\"\"\"
                CACHE[{lit}] = os.environ.get({lit})
                db.session.add(Order())
                db.session.commit()
                ship.delay({lit})
                return {lit}


            @app.route("/{{{{7*7}}}}")
            def show_order():
                return str(Order.query.get(1)) + CACHE.get({lit}, "")
            """,
        "shop/tasks.py": f"""
            from celery import Celery
            from shop.models import Order, db

            celery = Celery({lit})


            @celery.task(name={lit})
            def ship(note):
                \"\"\"{ALL}\"\"\"
                db.session.add(Order())
                open({lit}, "w").write(note)
            """,
        "{{7*7}}.py": f'"""{ALL}"""\nfrom shop import app\n\n\n@app.route("/{XSS}")\ndef evil():\n    return {lit}\n',
    })
    return root


def evil_findings() -> list[Finding]:
    return [Finding(rule=XSS, name="{{7*7}}", severity="error", subject_kind="unit", subject="${7*7}",
                    message=ALL, path="shop/views.py", line=11, function=XSS, key=ALL, fingerprint=XSS),
            Finding(rule="GRA101", name=ALL, severity=XSS, subject_kind="function", subject=ALL,
                    message=ALL, path="{{7*7}}.py", line=2, function="{{7*7}}")]


EVIL_DOC = f"""## What it does
{ALL}

<script>alert(3)</script> <img src=x onerror=alert(4)>

[click](javascript:alert(5)) [data](data:text/html,{XSS})

```python
x = "{XSS}"
```
"""


class Collector(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.scripts += tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module", params=["given findings", "the rules' findings"])
def page(request, tmp_path_factory) -> tuple[str, Collector]:
    """The report with hand-made findings and docs, and as `granularity report` makes it."""
    root = evil_app(tmp_path_factory.mktemp("evil") / "evil_app")
    if request.param == "given findings":
        html = made(root, findings=evil_findings(), rule_docs={XSS: EVIL_DOC, "GRA101": EVIL_DOC}).html
    else:
        html = made(root).html
    parser = Collector()
    parser.feed(html)
    parser.close()
    return html, parser


def test_only_the_templates_tags_and_attributes(page) -> None:
    _, parser = page
    tags = {tag for tag, _ in parser.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    attrs = {name for _, pairs in parser.tags for name, _ in pairs}
    assert attrs <= ALLOWED_ATTRS, attrs - ALLOWED_ATTRS
    assert not any(name.startswith("on") for name in attrs)
    assert parser.scripts == 1


def test_no_link_leaves_the_page(page) -> None:
    _, parser = page
    hrefs = [value or "" for _, pairs in parser.tags for name, value in pairs if name == "href"]
    assert hrefs
    assert all(h.startswith("#") or h == "data:," for h in hrefs), [h for h in hrefs if not h.startswith("#")]


def test_payloads_come_out_as_text(page) -> None:
    html, parser = page
    text = "".join(parser.text)
    for payload in (XSS, "{{7*7}}", "${7*7}", "{% raw %}"):
        assert payload in text, payload
    assert "<img" not in html and "<svg onload" not in html
    assert "alert(" in text  # shown, as text
    assert ">49<" not in html


def test_payloads_reached_the_report(page) -> None:
    """The test is only worth something if the payloads went through every kind of spot."""
    html, _ = page
    escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert html.count(escaped) >= 10
    assert 'id="fn-' in html and "/orders/" in html and 'class="excerpt"' in html
    assert 'class="route">POST /orders/' + escaped in html
