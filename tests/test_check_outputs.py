"""`check` output formats: text lines, versioned JSON, SARIF 2.1.0 valid against the official
schema, GitHub annotations, GitLab code quality; several from one run; byte-identical
across hash seeds; fingerprints that do not move with line numbers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
from conftest import SAMPLE_APPS
from typer.testing import CliRunner

from granularity.cli import app

from evaluate.helpers import write_app

SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"
ORDERS = SAMPLE_APPS / "orders_lambda"


def _outputs(tmp_path: Path, monkeypatch) -> tuple[object, dict[str, str]]:
    monkeypatch.chdir(ORDERS)
    files = {fmt: tmp_path / f"out.{fmt}" for fmt in ("json", "sarif", "github", "gitlab")}
    args = ["check", ".", "--no-cache", "-j", "1", "--fail-on", "warning", "-o", "text"]
    for fmt, path in files.items():
        args += ["-o", f"{fmt}:{path}"]
    result = CliRunner().invoke(app, args)
    return result, {fmt: path.read_text(encoding="utf-8") for fmt, path in files.items()}


def test_several_outputs_from_one_run(tmp_path, monkeypatch) -> None:
    result, out = _outputs(tmp_path, monkeypatch)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "src/pipeline/validate.py:22:1: GRA108 `ValidateOrderFunction` waits on `PriceOrderFunction`" in result.output
    assert all(re.match(r"^[\w/.]+:\d+:\d+: GRA1\d\d ", line) for line in lines[:-1])
    assert "fails at --fail-on warning" in lines[-1]
    data = json.loads(out["json"])
    assert data["format"] == 1 and data["mode"] == "declared" and data["failed"] is True
    assert len(data["findings"]) == len(lines) - 1
    first = data["findings"][0]
    assert set(first) >= {"rule", "severity", "subject", "path", "line", "column", "fingerprint", "figures", "message"}
    gitlab = json.loads(out["gitlab"])
    assert {g["fingerprint"] for g in gitlab} == {f["fingerprint"] for f in data["findings"]}
    assert all(g["location"]["path"].startswith("src/") and g["severity"] == "minor" for g in gitlab)
    assert out["github"].splitlines()[0].startswith("::warning file=src/api/app.py,line=39,col=1,title=GRA102 ")


def test_sarif_validates_against_the_official_schema(tmp_path, monkeypatch) -> None:
    _, out = _outputs(tmp_path, monkeypatch)
    sarif = json.loads(out["sarif"])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and "GRA101" in ids
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "://" not in uri
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert list(result["partialFingerprints"]) == ["granularity/v1"]


def _run(seed: str, jobs: str, cwd: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "granularity.cli", "check", str(ORDERS), "--no-cache", "--jobs", jobs,
                    "--exit-zero", "-o", f"json:{out}.json", "-o", f"sarif:{out}.sarif"],
                   capture_output=True, env=env, cwd=cwd, check=True)


def test_json_and_sarif_are_byte_identical_across_hash_seeds(tmp_path) -> None:
    _run("0", "1", tmp_path, tmp_path / "a")
    _run("12345", "2", tmp_path, tmp_path / "b")
    for ext in ("json", "sarif"):
        first, second = (tmp_path / f"a.{ext}").read_bytes(), (tmp_path / f"b.{ext}").read_bytes()
        assert first == second and len(first) > 1000


def test_fingerprints_do_not_move_with_line_numbers(tmp_path, monkeypatch) -> None:
    web = '''
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
'''
    root = write_app(tmp_path / "app_root", {"app/__init__.py": "", "app/web.py": web})
    monkeypatch.chdir(root)

    def check() -> dict:
        CliRunner().invoke(app, ["check", ".", "--no-cache", "-j", "1", "--exit-zero", "-o", "json:out.json"])
        return {(f["rule"], f["fingerprint"]): f["line"] for f in json.loads(Path("out.json").read_text())["findings"]}

    before = check()
    (root / "app/web.py").write_text("# a comment\n\n\n" + (root / "app/web.py").read_text())
    after = check()
    assert before and set(before) == set(after)
    assert all(after[k] == before[k] + 3 for k in before)


def test_html_report_carries_the_findings(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(ORDERS)
    target = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["check", ".", "--no-cache", "-j", "1", "--select", "GRA108",
                                      "-o", f"json:{tmp_path / 'o.json'}", "--html", str(target)])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.count("GRA108") >= 3 and "sync-invoke" in page
