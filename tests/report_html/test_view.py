"""The view builders on their own: anchors, sentences, the picture's layout, findings and
rule docs, source excerpts. Plans and findings are made by hand here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from granularity.model.facts import Unit
from granularity.model.findings import Finding
from granularity.model.graph import CallEdge, ProgramGraph, UnitInfo
from granularity.model.plan import CandidateFunction, CrossingCall, Plan, SharedLayer, SharedTable
from granularity.report.html import findings as fv
from granularity.report.html.anchors import anchor, sentence
from granularity.report.html.geometry import exit_point, fit_label, num
from granularity.report.html.picture import build_picture, columns
from granularity.report.html.source import MAX_UNIT_LINES, Excerpts, highlight_lines, read_from


def test_anchors_are_valid_ids_and_tell_lookalikes_apart() -> None:
    names = ["a.b", "a-b", "A.B", "</script>", "{{7*7}}", "ä", ""]
    ids = [anchor("fn", n) for n in names]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"fn-[a-z0-9-]+", i) for i in ids)
    assert anchor("fn", "orders") == anchor("fn", "orders")


def test_sentence_marks_code_spans() -> None:
    assert sentence("Holds `a.b` and `c`.").parts == (("Holds ", False), ("a.b", True), (" and ", False),
                                                      ("c", True), (".", False))
    assert sentence("no code").parts == (("no code", False),)


def test_numbers_print_the_same_way_always() -> None:
    assert [num(v) for v in (0.0, -0.0, -0.04, 1.25, 3.0, 12.349)] == ["0", "0", "0", "1.2", "3", "12.3"]
    assert exit_point(0, 0, 10, 4, 100, 0) == (5, 0)
    assert fit_label("abcdefghij", 35, 7) == "abcd…"


def _unit(name: str, lines: int = 10) -> UnitInfo:
    return UnitInfo(Unit(name, "function", name.rsplit(".", 1)[0], 1, lines, lines, lines, 1), "m", "m.py")


def _function(name: str, sloc: int) -> CandidateFunction:
    entry = f"m.{name}"
    return CandidateFunction(name, (entry,), ((entry, "http", (("methods", "GET"), ("path", f"/{name}"))),),
                             (entry,), (entry,), (), (), (), (), sloc, sloc, 1, 0.0, (), ())


def synthetic(count: int) -> tuple[Plan, ProgramGraph]:
    """`count` functions of growing size; each calls the next; every third pair shares a table."""
    functions = tuple(_function(f"f{i:02d}", 20 + 37 * i) for i in range(count))
    crossing = tuple(CrossingCall(f"m.f{i:02d}", f"m.f{i + 1:02d}", f"f{i:02d}", f"f{i + 1:02d}", 3)
                     for i in range(count - 1))
    tables = tuple(SharedTable(f"table:t{i}", (f"f{i:02d}", f"f{i + 1:02d}")) for i in range(0, count - 1, 3))
    layers = (SharedLayer("m.common", ("m.common.x",), 40, tuple(fn.name for fn in functions[:3])),)
    plan = Plan("app", "plan", functions, layers, (), crossing, tables, (),
                home={f"m.{fn.name}": fn.name for fn in functions},
                assignment={f"m.{fn.name}": fn.name for fn in functions})
    graph = ProgramGraph("app", {f"m.{fn.name}": _unit(f"m.{fn.name}") for fn in functions}, (),
                         (CallEdge("m.f00", "m.f01", "dispatch", 4),) if count > 1 else (), (), (), ())
    return plan, graph


def _boxes(picture) -> list[tuple[float, float, float, float]]:
    return [(float(b.x), float(b.y), float(b.w), float(b.h)) for b in picture.boxes]


@pytest.mark.parametrize("count", [0, 1, 5, 60])
def test_picture_boxes_fit_and_never_overlap(count: int) -> None:
    plan, graph = synthetic(count)
    picture = build_picture(plan, graph)
    assert len(picture.boxes) == count
    x0, y0, w, h = map(float, picture.view_box.split())
    boxes = _boxes(picture)
    for x, y, bw, bh in boxes:
        assert x0 <= x and x + bw <= x0 + w and y0 <= y and y + bh <= y0 + h
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
    assert picture.width == round(w) and picture.width <= 2 * 16 + columns(count) * 184


def test_picture_sizes_arrows_and_shared_things() -> None:
    plan, graph = synthetic(5)
    picture = build_picture(plan, graph)
    kinds = [e.kind for e in picture.edges]
    assert kinds.count("sync") == 4 and kinds.count("async") == 1
    assert kinds.count("table") == 4 and kinds.count("layer") == 3
    assert {n.kind for n in picture.nodes} == {"table", "layer"}
    widths = [float(b.w) for b in picture.boxes]
    assert widths == sorted(widths)  # bigger functions, bigger boxes
    assert len({round(float(b.y) + float(b.h) / 2) for b in picture.boxes}) == 1  # five fit one row
    assert all(e.arrow for e in picture.edges if e.kind in ("sync", "async"))


def test_picture_is_the_same_every_time() -> None:
    plan, graph = synthetic(60)
    assert build_picture(plan, graph) == build_picture(plan, graph)


def _finding(rule: str, severity: str, function: str = "f01", line: int = 1) -> Finding:
    return Finding(rule, f"name-{rule}", severity, "function", function, f"{rule} says so", "m.py", line,
                   function=function)


def test_finding_rows_are_ordered_and_linked() -> None:
    found = [_finding("GRA2", "info"), _finding("GRA1", "error", "gone"), _finding("GRA3", "warning", line=4)]
    excerpts = Excerpts(lambda path: "x = 1\n" * 9 if path == "m.py" else None)
    rows = fv.finding_rows(found, {"f01"}, excerpts)
    assert [r.severity for r in rows] == ["error", "warning", "info"]
    assert rows[0].function.href == "" and rows[1].function.href.startswith("#fn-f01-")
    assert rows[1].source_href.startswith("#loc-") and rows[1].location == "m.py:4"
    marked = [n for e in excerpts.all() for n, _, mark in e.lines if mark]
    assert sorted(marked) == [1, 4]
    filters = fv.filters(rows)
    assert [c.value for c in filters.severities] == ["error", "warning", "info"]
    assert [c.value for c in filters.functions] == ["f01", "gone"]
    assert fv.severity_counts(found) == (("error", 1), ("warning", 1), ("info", 1))


def test_rule_docs_are_markdown_without_raw_html_or_unsafe_links() -> None:
    doc = "## What it does\n\nFinds `x`.\n\n<b>raw</b>\n\n[bad](javascript:alert(1)) [ok](https://example.org)\n"
    (rule,) = fv.rule_views([_finding("GRA1", "error")], {"GRA1": doc})
    html = str(rule.doc)
    assert "<h4>What it does</h4>" in html and "<code>x</code>" in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and 'href="javascript' not in html
    assert rule.count == 1 and rule.has_doc
    listed = fv.rule_views([], {"GRA9": "plain text", "GRA8": "# GRA8 some-name\n\nBody."})
    assert [(r.rule, r.name, r.count, r.has_doc) for r in listed] == [("GRA8", "some-name", 0, True),
                                                                      ("GRA9", "", 0, True)]
    assert "GRA8" not in str(listed[0].doc) and "Body." in str(listed[0].doc)


def test_highlighted_lines_match_the_source_lines() -> None:
    text = '\n\n"""doc\nstring"""\n\ndef f(a):  # <b>\n    return "</span>"\n'
    lines = highlight_lines("x.py", text)
    assert len(lines) == text.count("\n")
    for line in lines:
        assert line.count("<span") == line.count("</span>")
    assert "&lt;b&gt;" in lines[5] and "&lt;/span&gt;" in lines[6]


def test_excerpts_are_capped_and_counted() -> None:
    body = "def f():\n" + "    x = 1\n" * 99
    info = UnitInfo(Unit("m.f", "function", "m", 1, 100, 100, 100, 1), "m", "m.py")
    excerpts = Excerpts(lambda path: body)
    href = excerpts.unit(info)
    assert href == excerpts.unit(info)
    (excerpt,) = excerpts.all()
    assert len(excerpt.lines) == MAX_UNIT_LINES and excerpt.more == 100 - MAX_UNIT_LINES
    assert Excerpts(None).unit(info) == ""


def test_reader_stays_inside_the_app(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.py").write_text("x = 1\n")
    (tmp_path / "secret.py").write_text("password = 1\n")
    read = read_from(tmp_path / "app")
    assert read("a.py") == "x = 1\n"
    assert read("../secret.py") is None and read("missing.py") is None
