"""The HTML report: one self-contained page that shows a plan at a glance and lets a
reader drill down from the picture to a function's card to the source lines.

`render_report` is the one entry point: it gathers what the page is made from, builds
the view as plain data (`build.py`), and prints it with the templates (`render.py`).
It reads the analysed app's files only through the `read_source` function it is given,
as text; nothing of the app is imported or run.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Mapping, Sequence

from granularity import __version__
from granularity.model.findings import Finding
from granularity.model.plan import Plan
from granularity.report.html.build import ReportInput, build_view
from granularity.report.html.render import render_view
from granularity.report.html.source import SourceReader, read_from

__all__ = ["render_report", "read_from", "report_date", "compare_scores"]


def report_date() -> str:
    """Today's date, or the one `SOURCE_DATE_EPOCH` fixes (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


def compare_scores(partitioner, plans: Sequence[Plan]) -> dict[str, dict[str, float]]:
    """Each plan's compare columns (`partition.evaluate.score`), rounded as `compare` prints them."""
    from granularity.partition.evaluate import score

    band = partitioner.settings.band
    return {p.strategy: {k: round(v, 4) for k, v in score(p, partitioner.ctx, band).items()} for p in plans}


def render_report(
    partitioner,
    proposal: Plan,
    *,
    findings: Sequence[Finding] = (),
    rule_docs: Mapping[str, str] | None = None,
    read_source: SourceReader | None = None,
    baselines: Sequence[Plan] | None = None,
    scores: Mapping[str, Mapping[str, float]] | None = None,
    date: str | None = None,
) -> str:
    """The HTML report of `proposal`, made by `partitioner` (`partition.propose.Partitioner`).

    findings: what the rules found, shown as given. rule_docs: rule id → markdown (or plain
    text); a first line `# GRA101 nano-function` names the rule and is not repeated.
    read_source: relative path → file text, for the source excerpts (none without it).
    baselines / scores: the plans to compare with and their scores; computed when absent.
    date: the date printed in the header (default: `report_date()`).
    """
    if scores is None:
        plans = [proposal, *(partitioner.baselines() if baselines is None else baselines)]
        scores = compare_scores(partitioner, plans)
    data = ReportInput(
        plan=proposal, graph=partitioner.ctx.graph, band=partitioner.settings.band, scores=scores,
        findings=tuple(findings), rule_docs=rule_docs, read_source=read_source,
        date=date or report_date(), version=__version__,
    )
    return render_view(build_view(data))
