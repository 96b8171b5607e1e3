"""The `granularity report` command: the HTML report of an app in one self-contained file.

Kept apart from cli.py so that the command can grow without touching the others; it
reuses cli.py's helpers for running, writing and building the partitioner.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Optional

import typer

from granularity.model.findings import Finding
from granularity.model.plan import Plan

if TYPE_CHECKING:
    from granularity.evaluate.gate import Prepared


def _prepare(path: Path) -> Prepared | None:
    """The rules engine's rules, checked against the settings before any analysis (a
    configuration mistake stops here, as it does for `check`); None without the engine."""
    try:
        from granularity.config import load_settings
        from granularity.evaluate.gate import CheckOptions, prepare
    except ImportError:
        return None
    return prepare(load_settings(path), CheckOptions(subjects="plan"))


def _checked(partitioner, prepared: Prepared | None, root: Path) -> tuple[Plan, tuple[Finding, ...], dict[str, str] | None]:
    """The proposed plan with the rules' findings on it and the active rules' docs."""
    if prepared is None:
        return partitioner.propose(), (), None
    from granularity.evaluate.gate import CheckOptions, run
    from granularity.report.rules_text import rule_docs

    result = run(partitioner, prepared, CheckOptions(subjects="plan"), root)
    docs = {active.rule.id: rule_docs(active.rule) for active in prepared.active}
    return result.plan, tuple(result.findings), docs


def _make_command(cli: ModuleType) -> Callable[..., None]:
    """The command, with cli.py's options and helpers (imported late: cli.py imports this module)."""

    def report(
        path: Path = cli.PathArg,
        output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
        jobs: int = cli.JobsOpt,
        no_cache: bool = cli.NoCacheOpt,
        cache_dir: Optional[Path] = cli.CacheDirOpt,
        timeout: float = cli.TimeoutOpt,
    ) -> None:
        """Write the HTML report: the plan as a picture, a card per function, findings, source excerpts."""

        def action() -> int:
            prepared = _prepare(path)
            partitioner = cli._partitioner(path, jobs, no_cache, cache_dir, timeout)
            cli._write(report_html(partitioner, path, prepared), output)
            return 0

        cli._run(action)

    return report


def report_html(partitioner, path: Path, prepared: Prepared | None = None, date: str | None = None) -> str:
    """The report of the app at `path`, with the rules' findings when they were prepared."""
    from granularity.report.html import read_from, render_report

    root = path.resolve()
    folder = root if root.is_dir() else root.parent
    proposal, findings, docs = _checked(partitioner, prepared, folder)
    return render_report(partitioner, proposal, findings=findings, rule_docs=docs, read_source=read_from(folder),
                         date=date)


def register(app: typer.Typer) -> None:
    """Add the `report` command to the `granularity` app."""
    from granularity import cli

    app.command(name="report")(_make_command(cli))
