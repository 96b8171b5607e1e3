"""Print a built view with the package's jinja2 templates into one self-contained page.

Autoescape is on for every template. The stylesheet, the script and pygments' colours
are read from package data and inlined, so the page needs no network and no other file:
it works from file:// and as a mail attachment.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from granularity.report.html.source import DARK_STYLE, LIGHT_STYLE, style_css
from granularity.report.html.view import ReportView


def breakable(name: str) -> Markup:
    """A dotted name or a path, escaped, that may wrap after each dot or slash
    (`pkg.<wbr>mod.<wbr>func`); escaped text holds no dot or slash inside an entity."""
    return Markup(_BREAK.sub(r"\1<wbr>", str(escape(name))))


_BREAK = re.compile(r"([./])")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("granularity.report.html", "templates"),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["breakable"] = breakable
    return env


def _static(name: str) -> str:
    return resources.files("granularity.report.html").joinpath("static", name).read_text(encoding="utf-8")


def _inline(text: str, closing: str) -> Markup:
    """Our own asset as markup; it must not close the element it is inlined into."""
    if closing in text.lower():
        raise ValueError(f"an inlined asset contains {closing!r}")
    return Markup(text)


@lru_cache(maxsize=1)
def assets() -> dict[str, Markup]:
    css = _static("report.css")
    code = (f"{style_css(LIGHT_STYLE)}\n@media (prefers-color-scheme: dark) {{\n"
            f"{style_css(DARK_STYLE)}\n}}\n@media print {{\n{style_css(LIGHT_STYLE)}\n}}\n")
    return {"css": _inline(css + "\n" + code, "</style"), "js": _inline(_static("report.js"), "</script")}


def render_view(view: ReportView) -> str:
    """The page's HTML."""
    return environment().get_template("report.html.j2").render(view=view, assets=assets())
