"""The gate on a git repository: a baseline holds the old findings back, a new mini-monolith
fails the check alone, a fixed baselined finding is reported as fixed, and `--diff-base`
reports the function whose code (or whose callee's code) changed and not the others."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from granularity.cli import app

from evaluate.helpers import write_app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WEB = '''
from flask import Flask

app = Flask(__name__)


@app.route("/tiny")
def tiny():
    return "tiny"


@app.route("/small")
def small():
    return helper()


def helper():
    return "small"


@app.route("/orders")
def orders():
    return "orders"
'''
MORE_ROUTES = '''

@app.route("/orders/a")
def orders_a():
    return "a"


@app.route("/orders/b")
def orders_b():
    return "b"
'''
CONFIG = '''
[rules]
select = ["GRA101", "GRA102"]
fail-on = "warning"

[rules.GRA101]
min_own_sloc = 5

[rules.GRA102]
max_entry_points = 2

[functions]
tiny = ["app.web.tiny"]
small = ["app.web.small"]
orders = ["app.web.orders*"]
'''


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(root), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def reported(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: GRA", line)]


def check(*args: str):
    return CliRunner().invoke(app, ["check", ".", "--no-cache", "-j", "1", *args])


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    root = write_app(tmp_path / "repo", {"app/__init__.py": "", "app/web.py": WEB, "granularity.toml": CONFIG,
                                         ".gitignore": "*.json\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    monkeypatch.chdir(root)
    return root


def test_baseline_holds_old_findings_back_and_only_the_new_one_fails(repo) -> None:
    assert check().exit_code == 1
    written = CliRunner().invoke(app, ["baseline", ".", "--no-cache", "-j", "1", "-o", "baseline.json"])
    assert written.exit_code == 0
    assert {e["rule"] for e in json.loads((repo / "baseline.json").read_text())["findings"]} == {"GRA101"}

    clean = check("--baseline", "baseline.json")
    assert clean.exit_code == 0, clean.output
    assert "3 held back by the baseline, 0 baseline entries now fixed" in clean.output

    (repo / "app/web.py").write_text(WEB + MORE_ROUTES)
    git(repo, "commit", "-q", "-am", "orders grows")
    grown = check("--baseline", "baseline.json")
    assert grown.exit_code == 1
    lines = reported(grown.output)
    assert len(lines) == 1 and ": GRA102 `orders` holds 3 entry points" in lines[0]
    assert "fixed: GRA101 orders" in grown.output  # growing made it big enough to stop being a nano-function


def test_a_fixed_baselined_finding_is_reported_as_fixed(repo) -> None:
    CliRunner().invoke(app, ["baseline", ".", "--no-cache", "-j", "1", "-o", "baseline.json"])
    text = WEB.replace('def tiny():\n    return "tiny"', 'def tiny():\n    a = "t"\n    b = "in"\n    c = "y"\n    return a + b + c')
    (repo / "app/web.py").write_text(text)
    git(repo, "commit", "-q", "-am", "tiny does more")
    result = check("--baseline", "baseline.json", "-o", "json:out.json")
    assert result.exit_code == 0
    data = json.loads((repo / "out.json").read_text())
    assert data["summary"]["baseline"] == {"used": True, "held_back": 2, "fixed": 1}
    assert [f["subject"] for f in data["fixed"]] == ["tiny"]
    assert "fixed: GRA101 tiny" in result.output


def test_diff_base_reports_the_changed_function_and_not_the_untouched_ones(repo) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    text = WEB.replace('def helper():\n    return "small"', 'def helper():\n    return "small!"')
    (repo / "app/web.py").write_text(text)
    git(repo, "commit", "-q", "-am", "helper changes")
    everything = check()
    assert {"`tiny`", "`small`"} <= {w for line in everything.output.splitlines() for w in line.split()}
    changed = check("--diff-base", base)
    lines = reported(changed.output)
    assert len(lines) == 1 and "GRA101 `small`" in lines[0], changed.output
    assert f"only code changed since {base}" in changed.output
    untouched = check("--diff-base", "HEAD")
    assert reported(untouched.output) == []
    assert untouched.exit_code == 0
