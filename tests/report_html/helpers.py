"""Reports of the sample apps, made once per session the way `granularity report` makes
them (settings from the app's config, no cache, one process), with a fixed date."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from granularity import cli_report
from granularity.config import load_settings
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build
from granularity.report import plan_json
from granularity.report.html import read_from, render_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_APPS = ROOT / "sample_apps"
GOLD = ROOT / "tests" / "gold" / "report_html"
DATE = "2000-01-02"


@dataclass(frozen=True)
class Made:
    """A sample app's partitioner, plan, plan JSON and report."""

    root: Path
    partitioner: Partitioner
    proposal: object
    plan: dict
    html: str


_MADE: dict[Path, Made] = {}


def partitioner_for(root: Path) -> Partitioner:
    settings = load_settings(root)
    analysis = build(root, GraphOptions(jobs=1, use_cache=False, roots=settings.source_roots,
                                        excludes=settings.exclude, settings_digest=settings.digest()))
    return Partitioner(analysis.graph, settings.plan, analysis.root)


def made(root: Path, **options) -> Made:
    """The report of the app at `root` as `granularity report` makes it, rules' findings
    included (memoised); with options, rendered directly with them and no rules run."""
    root = root.resolve()
    if options or root not in _MADE:
        prepared = cli_report._prepare(root)
        partitioner = partitioner_for(root)
        if options:
            proposal = partitioner.propose()
            html = render_report(partitioner, proposal, read_source=read_from(root), date=DATE, **options)
        else:
            html = cli_report.report_html(partitioner, root, prepared, date=DATE)
            proposal = partitioner.propose()
        result = Made(root, partitioner, proposal, json.loads(plan_json.render(proposal)), html)
        if options:
            return result
        _MADE[root] = result
    return _MADE[root]


def sample_apps() -> list[str]:
    return sorted(p.name for p in SAMPLE_APPS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


_STYLE = re.compile(r"(<style>\n).*?(\n</style>)", re.S)
_SCRIPT = re.compile(r"(<script>\n).*?(\n</script>)", re.S)


def scrub(html: str, root: Path, version: str) -> str:
    """The report without what legitimately changes between machines and releases: the date,
    the tool's version, absolute paths, and the inlined stylesheet and script (tested in the
    browser instead)."""
    html = html.replace(str(root), "ROOT").replace(DATE, "DATE")
    html = re.sub(rf"granularity {re.escape(version)}\b", "granularity VERSION", html)
    html = _STYLE.sub(r"\1/* stylesheet */\2", html)
    return _SCRIPT.sub(r"\1/* script */\2", html)
