"""Loading rule files: the built-in pack, its documentation, user rule folders, the JSON
schema of the configuration, the generated docs, and the pack inside the wheel."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import jsonschema
import pytest

from granularity import config
from granularity.errors import ConfigError
from granularity.evaluate.metrics import metric_table
from granularity.evaluate.options import RULE_KEYS
from granularity.evaluate.rules import builtin_folder, builtin_rules, load_rules
from granularity.report.rules_text import render_metrics_markdown, render_rules_markdown, rule_docs

ROOT = Path(__file__).resolve().parents[2]
GOOD = '''
id = "GRA150"
name = "many-units"
subject = "app"
severity = "info"
summary = "An app with many units."
condition = "units > limit"
message = "{name} has {units:,} units (> {limit})"

[parameters.limit]
default = 1
description = "Units allowed."

[docs]
what = "x"
why = "x"
example = "x"
instead = "x"
'''


def test_the_built_in_pack_has_the_rules_the_issue_asks_for() -> None:
    names = {r.name for r in builtin_rules()}
    assert {"nano-function", "mini-monolith-entry-points", "mini-monolith-code", "mini-monolith-tables",
            "mini-monolith-imports", "mixed-triggers", "sync-call-chain", "sync-invoke", "in-memory-state",
            "shared-table-writes", "cold-start-heavy-dependency", "deployment-size", "slow-work-in-http",
            "event-routing", "handler-complexity", "unused-suppression", "suppression-without-reason"} <= names


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.id)
def test_every_rule_documents_itself_under_the_fixed_headings(rule) -> None:
    docs = rule_docs(rule)
    positions = [docs.index(f"## {h}") for h in ("What it does", "Why is this bad?", "Example", "Use instead", "Options")]
    assert positions == sorted(positions)
    assert all(text.strip() for _, text in rule.docs)
    assert (builtin_folder() / f"{rule.id}.toml").is_file()


def _folder(tmp_path: Path, text: str, name: str = "GRA150.toml") -> Path:
    folder = tmp_path / "extra"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_a_user_rule_folder_loads(tmp_path) -> None:
    rules = load_rules([builtin_folder(), _folder(tmp_path, GOOD)])
    assert "GRA150" in {r.id for r in rules}


@pytest.mark.parametrize("change, expected", [
    (('id = "GRA150"', 'id = "XYZ1"'), "id = 'XYZ1': expected an id like GRA101"),
    (('subject = "app"', 'subject = "module"'), "subject = 'module'"),
    (('severity = "info"', 'severity = "fatal"'), "severity = 'fatal'"),
    (("{units:,}", "{units.real}"), "unknown field {units.real}"),
    (("{units:,}", "{nonsense}"), "unknown field {nonsense}"),
    (("{name} has", "{name:d} has"), "{name:d}"),
    (('why = "x"\n', ""), 'docs.why: missing (the "Why is this bad?" section)'),
    (('condition = "units > limit"', 'condition = "units.__class__"'), "GRA150.toml: condition"),
    (('summary = "An app with many units."', 'summary = "x"\ncolour = "red"'), "colour: unknown key"),
])
def test_mistakes_in_rule_files_name_the_file_and_key(tmp_path, change, expected) -> None:
    with pytest.raises(ConfigError) as err:
        load_rules([_folder(tmp_path, GOOD.replace(*change))])
    assert "extra/GRA150.toml" in str(err.value)
    assert expected in str(err.value)


def test_duplicate_ids_are_refused(tmp_path) -> None:
    folder = _folder(tmp_path, GOOD.replace('id = "GRA150"', 'id = "GRA101"').replace("many-units", "other"))
    with pytest.raises(ConfigError, match="GRA101 is already defined"):
        load_rules([builtin_folder(), folder])


def test_the_metric_table_is_complete_and_typed() -> None:
    table = metric_table()
    assert {m.subject for m in table} == {"unit", "function", "boundary", "app"}
    assert all(m.type in ("int", "float", "bool", "str", "list") and m.description for m in table)


def test_generated_docs_are_current() -> None:
    assert (ROOT / "docs" / "metrics.md").read_text() == render_metrics_markdown(metric_table()), \
        "regenerate: granularity rules --metrics --format markdown > docs/metrics.md"
    assert (ROOT / "docs" / "rules.md").read_text() == render_rules_markdown(builtin_rules()), \
        "regenerate: granularity rules --format markdown > docs/rules.md"


SCHEMA = json.loads((ROOT / "granularity" / "schemas" / "config.schema.json").read_text())


def test_the_config_schema_knows_every_key_the_code_accepts() -> None:
    props = SCHEMA["properties"]
    assert set(props) == set(config.TOP) | {"band", "plan", *config.OTHER_SECTIONS}
    assert set(props["band"]["properties"]) == set(config.BAND)
    assert set(props["plan"]["properties"]) == set(config.PLAN)
    assert set(props["rules"]["properties"]) == set(RULE_KEYS)


@pytest.mark.parametrize("text, valid", [
    ('[rules]\nselect = ["GRA1"]\nfail-on = "warning"\n[rules.GRA101]\nmin_own_sloc = 10\nseverity = "error"\n'
     '[functions]\norders = ["shop.orders.*"]\n[per-path."legacy/**"]\nignore = ["GRA103"]\n'
     '[band]\nmax-entry-points = 8\n', True),
    ('[rules]\nbogus = 1\n', False),
    ('[rules.GRA101]\nseverity = "fatal"\n', False),
    ('[functions]\norders = 3\n', False),
    ('colour = 1\n', False),
])
def test_the_config_schema_agrees_with_the_validator(text, valid, tmp_path) -> None:
    table = tomllib.loads(text)
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(table))
    assert (not errors) is valid
    if valid:
        config.parse_settings(table)
    else:
        with pytest.raises(ConfigError):
            config.parse_settings(table)


def test_the_rule_pack_is_importable_as_package_data() -> None:
    assert importlib.util.find_spec("granularity.rulepack") is not None
    assert sorted(p.name for p in builtin_folder().glob("*.toml")) == sorted(
        p.name for p in (ROOT / "rules").glob("*.toml"))


def test_the_rule_pack_and_schema_ship_in_the_wheel(tmp_path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("granularity", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w",
                           str(tmp_path / "dist")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    names = zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl"))).namelist()
    rules = sorted(p.name for p in (ROOT / "rules").glob("*.toml"))
    packed = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("granularity/rulepack/") and n.endswith(".toml"))
    assert packed == rules
    assert "granularity/schemas/config.schema.json" in names
