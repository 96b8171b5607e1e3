"""The report in a real browser: headless Chromium (Debian's `chromium`) opens the report
of every sample app, and the page works as a reader would use it.

One Chromium per session, driven over the DevTools protocol through a pipe (cdp.py).
Skipped, with the reason, only when no Chromium is installed; .ci/run installs it.
Screenshots go to a temporary folder, or to $GRANULARITY_SCREENSHOTS when set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from granularity.model.findings import Finding
from report_html.cdp import Browser, find_chromium
from report_html.helpers import SAMPLE_APPS, made, sample_apps

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="session")
def browser():
    b = Browser(CHROMIUM)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("GRANULARITY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def page(browser):
    return browser.page(1280, 900)


def _open(page, tmp_path: Path, html: str, name: str = "report.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page.open(path)
    return path


COLUMN = """(() => {
  const table = document.getElementById(%s);
  const i = [...table.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === %s);
  return [...table.tBodies[0].rows].filter(r => !r.hidden).map(r => r.cells[i].textContent.trim());
})()"""
CLICK_HEADER = """(() => {
  const table = document.getElementById(%s);
  [...table.tHead.rows[0].cells].find(th => th.textContent.trim() === %s).querySelector('button').click();
})()"""


def column(page, table: str, title: str) -> list[str]:
    return page.eval(COLUMN % (json.dumps(table), json.dumps(title)))


def click_header(page, table: str, title: str) -> None:
    page.eval(CLICK_HEADER % (json.dumps(table), json.dumps(title)))


def click_at_box(page, index: int) -> str:
    """A real mouse click in the middle of a function's box; returns the box's href."""
    box = page.eval(f"""(() => {{
      const a = document.querySelectorAll('svg.plan a.box')[{index}];
      a.scrollIntoView({{block: 'center'}});
      const r = a.querySelector('rect').getBoundingClientRect();
      return {{href: a.getAttribute('href'), x: r.left + r.width / 2, y: r.top + r.height / 2}};
    }})()""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"], "button": "left",
                                               "clickCount": 1})
    return box["href"]


def _numbers(values: list[str]) -> list[float]:
    return [float(v.replace(",", "")) for v in values]


@pytest.mark.parametrize("app", sample_apps())
def test_sample_app_report_in_chromium(app: str, page, tmp_path: Path, shots: Path) -> None:
    result = made(SAMPLE_APPS / app)
    _open(page, tmp_path, result.html)
    assert page.errors() == []

    cards = page.eval("document.querySelectorAll('article.card.fn').length")
    assert cards == len(result.plan["functions"])
    assert page.eval("document.querySelectorAll('svg.plan a.box').length") == cards

    # every box leads to its card, and a click on one goes there
    dangling = page.eval("""[...document.querySelectorAll('svg.plan a.box')].filter(a => {
        const card = document.getElementById(a.getAttribute('href').slice(1));
        return !card || !card.matches('article.card.fn');
      }).length""")
    assert dangling == 0
    last = cards - 1
    href = click_at_box(page, last)
    assert page.eval("location.hash") == href
    top = page.eval(f"document.getElementById({json.dumps(href[1:])}).getBoundingClientRect().top")
    assert 0 <= top < 200

    # every excerpt's code lines stand beside their numbers (a leading blank line included)
    assert page.eval("""[...document.querySelectorAll('.excerpt')].filter(e =>
        e.querySelector('pre.code').textContent.split('\\n').length !==
        e.querySelector('pre.gutter').textContent.split('\\n').length).length""") == 0
    assert page.eval("document.querySelectorAll('.excerpt').length") > 0

    # from the keyboard: a box takes focus and highlights what it is joined to
    assert page.eval("""(() => { const a = document.querySelector('svg.plan a.box'); a.focus();
        return document.activeElement === a && a.tabIndex >= 0
          && a.closest('svg').classList.contains('focus'); })()""") is True

    # clicking a column's title re-orders the rows
    if cards > 1:
        click_header(page, "overview", "deployed lines")
        ascending = _numbers(column(page, "overview", "deployed lines"))
        assert ascending == sorted(ascending)
        first_up = column(page, "overview", "function")
        click_header(page, "overview", "deployed lines")
        descending = _numbers(column(page, "overview", "deployed lines"))
        assert descending == sorted(descending, reverse=True)
        if len(set(ascending)) > 1:
            assert column(page, "overview", "function") != first_up

    page.eval("window.scrollTo(0, 0)")
    shot = page.screenshot(shots / f"{app}.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.errors() == []


def _findings(functions: list[str]) -> list[Finding]:
    severities = ("info", "warning", "error")
    return [Finding(rule=f"GRA10{i % 3}", name=f"rule-{i % 3}", severity=severities[i % 3], subject_kind="function",
                    subject=functions[i % len(functions)], message=f"message {i}", path="shop/app.py", line=i + 1,
                    function=functions[i % len(functions)]) for i in range(7)]


def test_findings_table_sorts_and_filters(page, tmp_path: Path, shots: Path) -> None:
    base = made(SAMPLE_APPS / "shop_flask")
    functions = [fn["name"] for fn in base.plan["functions"]]
    result = made(SAMPLE_APPS / "shop_flask", findings=_findings(functions),
                  rule_docs={"GRA100": "## What it does\n\nChecks `x`.\n"})
    _open(page, tmp_path, result.html, "findings.html")
    assert page.errors() == []
    assert len(column(page, "findings-table", "severity")) == 7

    click_header(page, "findings-table", "rule")
    assert column(page, "findings-table", "rule")[0].startswith("GRA100")
    click_header(page, "findings-table", "rule")
    assert column(page, "findings-table", "rule")[0].startswith("GRA102")

    page.eval("""(() => { const s = document.querySelector('form.filters select[name=severity]');
                 s.value = 'error'; s.dispatchEvent(new Event('change', {bubbles: true})); })()""")
    assert set(column(page, "findings-table", "severity")) == {"error"}
    assert page.eval("document.querySelector('form.filters output').textContent") == "2 of 7 shown"

    # a rule link opens its documentation
    page.eval("document.querySelector('#findings-table a[href^=\"#rule-gra100\"]').click()")
    assert page.eval("document.querySelector(location.hash + ' details').open") is True
    page.eval("document.getElementById('findings').scrollIntoView()")
    page.screenshot(shots / "findings.png")
    assert page.errors() == []


def test_dark_mode_changes_the_colours(page, tmp_path: Path, shots: Path) -> None:
    _open(page, tmp_path, made(SAMPLE_APPS / "orders_lambda").html, "dark.html")
    light = page.eval("getComputedStyle(document.body).backgroundColor")
    page.color_scheme("dark")
    try:
        dark = page.eval("getComputedStyle(document.body).backgroundColor")
        page.eval("document.getElementById('picture').scrollIntoView()")
        page.screenshot(shots / "orders_lambda-dark.png")
    finally:
        page.color_scheme("light")
    assert light != dark
    assert page.errors() == []
