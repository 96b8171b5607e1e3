"""The `granularity` command. Thin: options in, one pipeline call, output out; errors are
mapped to exit codes here and nowhere else."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer

from granularity import __version__
from granularity.errors import ExitCode, GranularityError

app = typer.Typer(
    name="granularity",
    help="Where the function boundaries of a serverless Python app should be. Static: never runs your code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class GraphFormat(str, Enum):
    summary = "summary"
    json = "json"
    callgraph = "callgraph"
    graphml = "graphml"
    dot = "dot"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"granularity {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """granularity: static analysis for FaaS function boundaries."""


def _run(action: Callable[[], int | None]) -> None:
    """Run a command body; a GranularityError becomes one line on stderr and its exit code."""
    try:
        code = action() or 0
    except GranularityError as err:
        typer.echo(f"granularity: error: {err}", err=True)
        raise typer.Exit(int(err.exit_code))
    except KeyboardInterrupt:
        typer.echo("granularity: interrupted", err=True)
        raise typer.Exit(130)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as err:  # a bug of ours: say so plainly, traceback only on request
        if os.environ.get("GRANULARITY_DEBUG"):
            raise
        typer.echo(f"granularity: internal error: {type(err).__name__}: {err} "
                   "(set GRANULARITY_DEBUG=1 for a traceback)", err=True)
        raise typer.Exit(int(ExitCode.INTERNAL))
    raise typer.Exit(int(code))


def _write(text: str, output: Optional[Path]) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise GranularityError(f"cannot write {output}: {err.strerror or err}") from err


PathArg = typer.Argument(..., help="The app: a folder (or one .py file).", show_default=False)
JobsOpt = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes for extraction (0 = one per core).")
NoCacheOpt = typer.Option(False, "--no-cache", help="Neither read nor write .granularity_cache/.")
CacheDirOpt = typer.Option(None, "--cache-dir", help="Cache folder (default: PATH/.granularity_cache).")
TimeoutOpt = typer.Option(60.0, "--timeout", min=0.0, help="Seconds one file may take before it is skipped.")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")


def _graph_options(jobs: int, no_cache: bool, cache_dir: Optional[Path], timeout: float, settings=None):
    from granularity.pipeline import GraphOptions

    extra = {}
    if settings is not None:
        extra = dict(roots=settings.source_roots, excludes=settings.exclude, settings_digest=settings.digest())
        jobs = jobs or settings.jobs
    return GraphOptions(jobs=jobs, use_cache=not no_cache, cache_dir=cache_dir, timeout=timeout, **extra)


@app.command()
def graph(
    path: Path = PathArg,
    format: GraphFormat = typer.Option(GraphFormat.summary, "--format", "-f", help="Output format."),
    output: Optional[Path] = OutputOpt,
    jobs: int = JobsOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    timeout: float = TimeoutOpt,
) -> None:
    """Build the app's call and data-dependency graph and print it (summary, json, callgraph, graphml, dot)."""

    def action() -> int:
        import importlib

        from granularity.config import load_settings
        from granularity.pipeline import build

        analysis = build(path, _graph_options(jobs, no_cache, cache_dir, timeout, load_settings(path)))
        module, function = {  # imported on demand: networkx only for graphml and dot
            GraphFormat.summary: ("summary", "render"), GraphFormat.json: ("graph_json", "render"),
            GraphFormat.callgraph: ("callgraph", "render"), GraphFormat.graphml: ("graphviz", "render_graphml"),
            GraphFormat.dot: ("graphviz", "render_dot"),
        }[format]
        renderer = getattr(importlib.import_module(f"granularity.report.{module}"), function)
        _write(renderer(analysis.graph), output)
        return 0

    _run(action)


class PlanFormat(str, Enum):
    text = "text"
    json = "json"


def _partitioner(path: Path, jobs: int, no_cache: bool, cache_dir: Optional[Path], timeout: float):
    from granularity.config import load_settings
    from granularity.partition.propose import Partitioner
    from granularity.pipeline import build

    settings = load_settings(path)
    analysis = build(path, _graph_options(jobs, no_cache, cache_dir, timeout, settings))
    return Partitioner(analysis.graph, settings.plan, analysis.root if analysis.root.is_dir() else None)


def _scores(partitioner, plans) -> dict[str, dict[str, float]]:
    from granularity.partition.evaluate import score

    return {p.strategy: {k: round(v, 4) for k, v in score(p, partitioner.ctx, partitioner.settings.band).items()}
            for p in plans}


@app.command()
def plan(
    path: Path = PathArg,
    format: PlanFormat = typer.Option(PlanFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = OutputOpt,
    html: Optional[Path] = typer.Option(None, "--html", help="Also write the HTML report to this file."),
    jobs: int = JobsOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    timeout: float = TimeoutOpt,
) -> None:
    """Propose FaaS function boundaries: candidate functions, shared layers, state, boundaries, order."""

    def action() -> int:
        from granularity.report import plan_json, plan_text

        partitioner = _partitioner(path, jobs, no_cache, cache_dir, timeout)
        proposal = partitioner.propose()
        if format == PlanFormat.json:
            _write(plan_json.render(proposal, _scores(partitioner, [proposal])), output)
        else:
            _write(plan_text.render(proposal), output)
        if html is not None:
            _write_html(partitioner, path, html)
        return 0

    _run(action)


@app.command()
def compare(
    path: Path = PathArg,
    format: PlanFormat = typer.Option(PlanFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = OutputOpt,
    intended: Optional[Path] = typer.Option(None, "--intended", help="An intended_split.toml to score MoJoFM against."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write the HTML report to this file."),
    jobs: int = JobsOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    timeout: float = TimeoutOpt,
) -> None:
    """Score the plan beside the baselines (per entry point, per module, monolith, Louvain) on one graph."""

    def action() -> int:
        from granularity.partition.evaluate import mojofm_against, read_intended
        from granularity.report import compare_text

        partitioner = _partitioner(path, jobs, no_cache, cache_dir, timeout)
        plans = [partitioner.propose(), *partitioner.baselines()]
        rows = _scores(partitioner, plans)
        if intended is not None:
            split = read_intended(intended)
            for p in plans:
                rows[p.strategy]["MoJoFM"] = round(mojofm_against(p, split), 2)
        render = compare_text.render_json if format == PlanFormat.json else compare_text.render
        _write(render(rows), output)
        if html is not None:
            _write_html(partitioner, path, html)
        return 0

    _run(action)


def _write_html(partitioner, path: Path, html: Path) -> None:
    from granularity import cli_report

    _write(cli_report.report_html(partitioner, path, cli_report._prepare(path)), html)


from granularity import cli_report; cli_report.register(app)  # noqa: E402,E702
from granularity import cli_gate; cli_gate.register(app)  # noqa: E402,E702


def main() -> None:
    app()


if __name__ == "__main__":
    main()
