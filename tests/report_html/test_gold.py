"""Gold-file tests: the whole HTML report of two sample apps, compared with tests/gold/.

Regenerate after an intended change (see tests/gold/README.md):

    GRANULARITY_REGEN_GOLD=1 .venv/bin/pytest tests/report_html
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys

import pytest

from granularity import __version__
from report_html.helpers import GOLD, ROOT, SAMPLE_APPS, made, scrub

GOLD_APPS = ("shop_flask", "orders_lambda")


@pytest.mark.parametrize("app", GOLD_APPS)
def test_report_matches_gold(app: str) -> None:
    root = SAMPLE_APPS / app
    actual = scrub(made(root).html, root.resolve(), __version__)
    gold = GOLD / f"{app}.html"
    if os.environ.get("GRANULARITY_REGEN_GOLD"):
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(actual, encoding="utf-8")
    assert gold.is_file(), f"no gold file {gold}; make it with GRANULARITY_REGEN_GOLD=1"
    expected = gold.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "gold", "actual", lineterm="", n=2)
        pytest.fail(f"{app}: the report differs from {gold.relative_to(ROOT)} "
                    "(GRANULARITY_REGEN_GOLD=1 to accept):\n" + "\n".join(list(diff)[:80]))


def test_scrub_leaves_nothing_machine_specific() -> None:
    root = SAMPLE_APPS / "shop_flask"
    text = scrub(made(root).html, root.resolve(), __version__)
    assert str(root.resolve()) not in text
    assert "2000-01-02" not in text
    assert "<time>DATE</time>" in text


def _report_bytes(tmp_path, seed: str, jobs: str) -> str:
    out = tmp_path / f"report-{seed}-{jobs}.html"
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "946771200"}
    subprocess.run([sys.executable, "-m", "granularity.cli", "report", str(SAMPLE_APPS / "shop_flask"),
                    "-o", str(out), "--no-cache", "--jobs", jobs], check=True, env=env, cwd=ROOT,
                   capture_output=True, timeout=300)
    return out.read_text(encoding="utf-8")


def test_report_is_byte_identical_across_runs_and_hash_seeds(tmp_path) -> None:
    first = _report_bytes(tmp_path, "0", "1")
    second = _report_bytes(tmp_path, "4242", "2")
    assert "<time>2000-01-02</time>" in first
    assert first == second
