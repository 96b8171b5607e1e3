"""Suppression comments: on the def line, above it, above its decorators, for a whole
file; unused ones and ones without a reason become findings themselves."""

from __future__ import annotations

from .helpers import check_path, found, line_of, write_app

WEB = '''
from flask import Flask

app = Flask(__name__)


@app.route("/one")
def tiny1():  # granularity: ignore[GRA101] small on purpose
    return "1"


# granularity: ignore[GRA101] - a stub until the payments team moves it
@app.route("/two")
def tiny2():
    return "2"


@app.route("/three")
def tiny3():  # granularity: ignore[GRA102] the wrong rule
    return "3"


@app.route("/four")
def tiny4():
    return "4"


@app.route("/five")
def tiny5():  # granularity: ignore[GRA999] no such rule
    # granularity: ignore[GRA101] not on a def line
    return "5"


@app.route("/six")
def tiny6():  # granularity: ignore[GRA101]
    return "6"
'''
OTHER = '''
# granularity: ignore-file[GRA101] generated code
from app.web import app


@app.route("/seven")
def tiny7():
    return "7"
'''
CONFIG = '''
[functions]
f1 = ["app.web.tiny1"]
f2 = ["app.web.tiny2"]
f3 = ["app.web.tiny3"]
f4 = ["app.web.tiny4"]
f5 = ["app.web.tiny5"]
f6 = ["app.web.tiny6"]
f7 = ["app.other.tiny7"]
'''


def _app(tmp_path):
    return write_app(tmp_path / "app_root", {"app/__init__.py": "", "app/web.py": WEB, "app/other.py": OTHER,
                                             "granularity.toml": CONFIG})


def test_suppressions_silence_their_unit_only_and_stale_ones_are_reported(tmp_path) -> None:
    root = _app(tmp_path)
    result = check_path(root, select=("GRA101", "GRA102", "GRA190", "GRA191"))
    web = "app/web.py"
    assert found(result, "GRA101") == {
        ("GRA101", "f3", line_of(root, web, "def tiny3")),
        ("GRA101", "f4", line_of(root, web, "def tiny4")),
        ("GRA101", "f5", line_of(root, web, "def tiny5")),
    }
    assert found(result, "GRA190") == {
        ("GRA190", "app.web.tiny3", line_of(root, web, "def tiny3")),
        ("GRA190", "app.web.tiny5", line_of(root, web, "def tiny5")),
        ("GRA190", f"{web}:{line_of(root, web, 'not on a def line')}", line_of(root, web, "not on a def line")),
    }
    messages = {f.line: f.message for f in result.findings if f.rule == "GRA190"}
    assert "no GRA102 finding on this unit" in messages[line_of(root, web, "def tiny3")]
    assert "no rule GRA999" in messages[line_of(root, web, "def tiny5")]
    assert "not on a def or class line" in messages[line_of(root, web, "not on a def line")]
    assert found(result, "GRA191") == set()
    assert result.suppressed == 4


def test_require_reasons_reports_suppressions_without_one(tmp_path) -> None:
    root = _app(tmp_path)
    result = check_path(root, select=("GRA101", "GRA191"), require_reasons=True)
    assert found(result, "GRA191") == {("GRA191", "app.web.tiny6", line_of(root, "app/web.py", "def tiny6"))}
    assert next(f for f in result.findings if f.rule == "GRA191").severity == "error"


def test_unused_suppressions_of_rules_not_selected_are_left_alone(tmp_path) -> None:
    root = _app(tmp_path)
    result = check_path(root, select=("GRA101", "GRA190"))
    assert ("GRA190", "app.web.tiny3", line_of(root, "app/web.py", "def tiny3")) not in found(result)
