"""Configuration mistakes end the check before any analysis with exit 2 and a message that
names the key, the bad value and what is allowed; several mistakes are reported at once."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from granularity.cli import app

from evaluate.helpers import write_app

APP = {"app/__init__.py": "", "app/web.py": '''
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
'''}
BAD_RULE = '''
id = "GRA150"
name = "bad-condition"
subject = "function"
severity = "warning"
summary = "A rule whose condition calls a method."
condition = "name.upper() == 'X'"
message = "{name}"

[docs]
what = "x"
why = "x"
example = "x"
instead = "x"
'''


def run(tmp_path, config: str, *args: str, files: dict | None = None):
    root = write_app(tmp_path / "app_root", {**APP, "granularity.toml": config, **(files or {})})
    return CliRunner().invoke(app, ["check", str(root), "--no-cache", "-j", "1", *args])


@pytest.mark.parametrize("config, expected", [
    ("[rules]\nbogus = 1\n", ["rules.bogus: unknown key"]),
    ("colour = 1\n", ["colour: unknown key"]),
    ('[rules.GRA101]\nmin_own_sloc = "ten"\n', ['rules.GRA101.min_own_sloc = "ten"', "expected a int"]),
    ('[rules.GRA101]\nmin-own-sloc = 1.5\n', ["rules.GRA101.min-own-sloc = 1.5"]),
    ('[rules.GRA101]\nthreshold = 3\n', ["rules.GRA101.threshold: unknown key", "min_own_sloc"]),
    ('[rules.GRA101]\nseverity = "fatal"\n', ['rules.GRA101.severity = "fatal"', '"error"']),
    ('[rules]\nselect = ["GRA999"]\n', ['rules.select: unknown rule id "GRA999"']),
    ('[rules]\nfail-on = "sometimes"\n', ['rules.fail-on = "sometimes"']),
    ('[rules.GRA998]\nseverity = "info"\n', ["rules.GRA998: unknown rule id"]),
    ('[functions]\norders = 3\n', ["functions.orders = 3", "globs"]),
    ('[per-path."legacy/*"]\nseverity = { GRA101 = "fatal" }\n', ['per-path."legacy/*".severity.GRA101 = "fatal"']),
    ('[per-path."legacy/*"]\nignore = ["GRA777"]\n', ['per-path."legacy/*".ignore: unknown rule id "GRA777"']),
    ('[band]\nmax-entry-points = "many"\n', ['band.max-entry-points = "many"']),
])
def test_each_kind_of_mistake_exits_2_naming_the_key(tmp_path, config, expected) -> None:
    result = run(tmp_path, config)
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr + result.output


def test_a_bad_expression_in_a_user_rule_names_the_file_and_the_construct(tmp_path) -> None:
    result = run(tmp_path, '[rules]\npaths = ["ci-rules"]\n', files={"ci-rules/GRA150.toml": BAD_RULE})
    assert result.exit_code == 2
    assert "ci-rules/GRA150.toml: condition" in result.stderr
    assert "a call is not allowed" in result.stderr


def test_every_mistake_is_reported_at_once(tmp_path) -> None:
    config = '[rules]\nbogus = 1\nselect = ["GRA999"]\n[rules.GRA101]\nmin_own_sloc = "x"\n[functions]\nf = 1\n'
    result = run(tmp_path, config)
    assert result.exit_code == 2
    assert "4 problem(s)" in result.stderr
    for key in ("rules.bogus", "rules.select", "rules.GRA101.min_own_sloc", "functions.f"):
        assert key in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["--output", "pdf"], "unknown format 'pdf'"),
    (["--select", "GRA9"], "--select GRA9: unknown rule id"),
    (["--baseline", "missing.json"], "--baseline missing.json: cannot read"),
    (["--diff-base", "HEAD"], "--diff-base"),
])
def test_bad_command_lines_exit_2(tmp_path, args, expected) -> None:
    result = run(tmp_path, "", *args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr


def test_ids_of_user_rules_are_known_to_the_configuration(tmp_path) -> None:
    rule = BAD_RULE.replace("condition = \"name.upper() == 'X'\"", 'condition = "entry_points > 0"')
    result = run(tmp_path, '[rules]\npaths = ["ci-rules"]\nselect = ["GRA150"]\n[rules.GRA150]\nseverity = "error"\n',
                 files={"ci-rules/GRA150.toml": rule})
    assert result.exit_code == 1, result.stderr
    assert ": GRA150 " in result.output


def test_a_config_free_app_uses_the_defaults(tmp_path) -> None:
    result = run(tmp_path, "", "--exit-zero")
    assert result.exit_code == 0
    assert "checked through its proposed functions" in result.output
