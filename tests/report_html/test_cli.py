"""`granularity report PATH -o FILE`, and `plan --html`, through the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from granularity.cli import app
from report_html.helpers import SAMPLE_APPS

runner = CliRunner()


def test_report_command_writes_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "report.html"
    result = runner.invoke(app, ["report", str(SAMPLE_APPS / "ledger_cli"), "-o", str(out), "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert 'class="excerpt"' in html and "<h1>ledger_cli</h1>" in html
    # self-contained: nothing is fetched from anywhere
    assert "http://" not in html.split("<main", 1)[0] and "<link rel=\"stylesheet\"" not in html
    assert "src=" not in html


def test_report_command_usage_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.html")])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output
    no_output = runner.invoke(app, ["report", str(SAMPLE_APPS / "ledger_cli")])
    assert no_output.exit_code == 2


def test_plan_html_option_still_renders(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = runner.invoke(app, ["plan", str(SAMPLE_APPS / "ledger_cli"), "--html", str(out), "--no-cache",
                                 "-j", "1", "-o", str(tmp_path / "plan.txt")])
    assert result.exit_code == 0, result.output
    assert "<h1>ledger_cli</h1>" in out.read_text(encoding="utf-8")
