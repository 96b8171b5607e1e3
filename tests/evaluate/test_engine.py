"""Severities, per-path overrides, the failure level, user rules over the app, and the
small pure pieces of baseline and diff mode."""

from __future__ import annotations

from granularity.evaluate.baseline import Entry, compare
from granularity.evaluate.diff import parse_diff
from granularity.evaluate.engine import path_matches
from granularity.model.findings import Finding

from .helpers import check_path, found, write_app

WEB = '''
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
'''
LEGACY = '''
from app.web import app


@app.route("/old")
def old():
    return "old"
'''
FUNCTIONS = '[functions]\nindex = ["app.web.index"]\nold = ["app.legacy.old"]\n'


def _app(tmp_path, config: str, extra: dict | None = None):
    files = {"app/__init__.py": "", "app/web.py": WEB, "app/legacy.py": LEGACY, "granularity.toml": config}
    return write_app(tmp_path / "app_root", {**files, **(extra or {})})


def test_per_path_tables_ignore_rules_and_change_severities(tmp_path) -> None:
    config = FUNCTIONS + '[rules.GRA101]\nseverity = "error"\n[per-path."app/legacy.py"]\nseverity = { GRA101 = "info" }\n'
    result = check_path(_app(tmp_path, config), select=("GRA101",))
    assert {(f.subject, f.severity) for f in result.findings} == {("index", "error"), ("old", "info")}
    assert result.failed
    ignored = check_path(_app(tmp_path, FUNCTIONS + '[per-path."app/legacy*"]\nignore = ["GRA1"]\n'), select=("GRA101",))
    assert {f.subject for f in ignored.findings} == {"index"}


def test_fail_on_decides_the_gate(tmp_path) -> None:
    root = _app(tmp_path, FUNCTIONS)
    assert not check_path(root, select=("GRA101",)).failed
    assert check_path(root, select=("GRA101",), fail_on="warning").failed
    assert not check_path(root, select=("GRA102",), fail_on="info").failed


def test_a_user_rule_over_the_app(tmp_path) -> None:
    rule = '''
id = "GRA150"
name = "too-many-functions"
subject = "app"
severity = "error"
summary = "An app split into too many functions."
condition = "functions > max_functions and mode == 'declared'"
message = "{name} has {functions} functions (> {max_functions})"

[parameters.max_functions]
default = 1
description = "Functions allowed."

[docs]
what = "x"
why = "x"
example = "x"
instead = "x"
'''
    root = _app(tmp_path, FUNCTIONS + '[rules]\npaths = ["my-rules"]\n', {"my-rules/GRA150.toml": rule})
    result = check_path(root, select=("GRA150",))
    assert found(result) == {("GRA150", "app_root", 1)}
    assert result.findings[0].message == "app_root has 2 functions (> 1)"
    assert result.findings[0].path == "app/__init__.py"


def test_path_globs() -> None:
    assert path_matches("legacy/a/b.py", "legacy/**")
    assert path_matches("legacy/a/b.py", "legacy")
    assert path_matches("legacy/a/b.py", "legacy/")
    assert path_matches("src/x_test.py", "*_test.py")
    assert not path_matches("legacy2/a.py", "legacy")


def test_diff_hunks_become_changed_lines() -> None:
    diff = """diff --git a/a.py b/a.py
--- a/a.py
+++ b/a.py
@@ -3,0 +4,2 @@ def f():
+    x = 1
+    y = 2
@@ -10 +12 @@ def g():
-    return 1
+    return 2
@@ -20,3 +22,0 @@ def h():
--- a/gone.py
+++ /dev/null
@@ -1,2 +0,0 @@
"""
    assert parse_diff(diff) == {"a.py": {4, 5, 12, 22, 23}}


def _finding(rule: str, subject: str, line: int) -> Finding:
    from granularity.evaluate.engine import fingerprint

    return Finding(rule, "r", "warning", "function", subject, "m", "a.py", line,
                   fingerprint=fingerprint(rule, "function", subject, ""))


def test_baseline_matching_ignores_lines_and_counts_duplicates() -> None:
    old = [_finding("GRA101", "a", 1), _finding("GRA101", "b", 2)]
    entries = [Entry(f.rule, f.subject, f.key, f.fingerprint) for f in old]
    now = [_finding("GRA101", "a", 40), _finding("GRA102", "a", 40)]
    result = compare(now, entries)
    assert [(f.rule, f.subject) for f in result.new] == [("GRA102", "a")]
    assert result.held_back == 1
    assert [e.subject for e in result.fixed] == ["b"]
