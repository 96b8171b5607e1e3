"""Bad input gets a clear message and the right exit code, never a traceback; one bad file
never stops the analysis of the rest."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from granularity.cli import app

runner = CliRunner()


def _app(tmp_path):
    pkg = tmp_path / "app" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "ok.py").write_text("def ok():\n    return helper()\n\ndef helper():\n    return 1\n")
    (pkg / "syntax.py").write_text("def f(:\n    pass\n")
    (pkg / "py2.py").write_text('print "hello"\n')
    (pkg / "nul.py").write_bytes(b"x = 1\x00\n")
    (pkg / "latin.py").write_bytes(b"# -*- coding: ascii -*-\nname = '\xe9'\n")
    return tmp_path / "app"


def test_bad_files_are_listed_with_reasons_and_the_rest_is_analysed(tmp_path) -> None:
    result = runner.invoke(app, ["graph", str(_app(tmp_path)), "-f", "json", "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    reasons = {d["path"]: d["code"] for d in data["diagnostics"]}
    assert reasons == {"pkg/syntax.py": "syntax", "pkg/py2.py": "syntax", "pkg/nul.py": "binary",
                       "pkg/latin.py": "encoding"}
    assert "Python 2" in next(d["message"] for d in data["diagnostics"] if d["path"] == "pkg/py2.py")
    names = {u["name"] for u in data["units"]}
    assert {"pkg.ok", "pkg.ok.ok", "pkg.ok.helper"} <= names
    assert {"caller": "pkg.ok.ok", "callee": "pkg.ok.helper"}.items() <= next(
        c for c in data["calls"] if c["caller"] == "pkg.ok.ok").items()


def test_summary_names_each_file_not_analysed(tmp_path) -> None:
    result = runner.invoke(app, ["graph", str(_app(tmp_path)), "--no-cache", "-j", "1"])
    assert result.exit_code == 0
    assert "pkg/syntax.py: syntax error" in result.stdout
    assert "pkg/nul.py: file contains NUL bytes" in result.stdout


def test_missing_path_is_a_one_line_error_with_exit_2(tmp_path) -> None:
    result = runner.invoke(app, ["graph", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_folder_without_python_is_exit_2(tmp_path) -> None:
    (tmp_path / "README.md").write_text("nothing here")
    result = runner.invoke(app, ["plan", str(tmp_path)])
    assert result.exit_code == 2
    assert "no Python files" in result.output


def test_app_without_entry_points_says_so(tmp_path) -> None:
    (tmp_path / "lib.py").write_text("def f():\n    return 1\n")
    result = runner.invoke(app, ["plan", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0
    assert "no entry points found" in result.stdout


def test_configuration_mistakes_are_reported_at_once_with_exit_2(tmp_path) -> None:
    (tmp_path / "lib.py").write_text("def f():\n    return 1\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.granularity]\njobs = -1\ncolour = "red"\n[tool.granularity.band]\nmax-entry-points = "many"\n')
    result = runner.invoke(app, ["plan", str(tmp_path)])
    assert result.exit_code == 2
    for key in ("jobs = -1", "colour", "band.max-entry-points"):
        assert key in result.output
