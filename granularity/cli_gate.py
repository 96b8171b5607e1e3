"""The gate's commands: `check`, `baseline`, `rules` and `explain`. Thin like the rest of the
CLI: options in, one call into `evaluate.gate`, renderers out; `cli._run` maps errors to
exit codes (0 clean, 1 findings at or above --fail-on, 2 usage or configuration)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from granularity.errors import UsageError

if TYPE_CHECKING:
    from granularity.evaluate.gate import CheckOptions, CheckResult, Prepared
    from granularity.report.findings_view import FindingsView

FORMATS = ("text", "json", "sarif", "github", "gitlab")
# The same options as the other commands (granularity/cli.py), declared here so that this
# module imports without importing cli.py, which registers it.
PathArg = typer.Argument(..., help="The app: a folder (or one .py file).", show_default=False)
JobsOpt = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes for extraction (0 = one per core).")
NoCacheOpt = typer.Option(False, "--no-cache", help="Neither read nor write .granularity_cache/.")
CacheDirOpt = typer.Option(None, "--cache-dir", help="Cache folder (default: PATH/.granularity_cache).")
TimeoutOpt = typer.Option(60.0, "--timeout", min=0.0, help="Seconds one file may take before it is skipped.")


def _run(action: Callable[[], int | None]) -> None:
    from granularity.cli import _run as run

    run(action)


def _write(text: str, output: Optional[Path]) -> None:
    from granularity.cli import _write as write

    write(text, output)


class FailOn(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class SubjectsMode(str, Enum):
    auto = "auto"
    plan = "plan"
    declared = "declared"


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def parse_output(spec: str) -> tuple[str, Optional[Path]]:
    """`sarif:out.sarif` → ("sarif", Path("out.sarif")); `text` → ("text", None) for stdout."""
    fmt, sep, target = spec.partition(":")
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"--output {spec!r}: unknown format {fmt!r}; allowed: {', '.join(FORMATS)} "
                         "(optionally followed by :FILE)")
    if sep and not target.strip():
        raise UsageError(f"--output {spec!r}: no file after the colon")
    return fmt, (Path(target) if sep and target.strip() != "-" else None)


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip().upper() for item in values for v in item.split(",") if v.strip())


def _prefix(root: Path) -> str:
    folder = root if root.is_dir() else root.parent
    rel = os.path.relpath(folder, Path.cwd())
    if rel == ".":
        return ""
    return (rel if not rel.startswith("..") else str(folder)).replace(os.sep, "/") + "/"


def _analyse(path: Path, options: CheckOptions, jobs: int, no_cache: bool, cache_dir: Optional[Path],
             timeout: float) -> tuple[CheckResult, Path]:
    """Settings, rules and baseline checked first; then the analysis and the check."""
    from granularity.cli import _graph_options
    from granularity.config import load_settings
    from granularity.evaluate.gate import prepare, run
    from granularity.partition.propose import Partitioner
    from granularity.pipeline import build

    settings = load_settings(path)
    prepared = prepare(settings, options)
    analysis = build(path, _graph_options(jobs, no_cache, cache_dir, timeout, settings))
    root = analysis.root
    partitioner = Partitioner(analysis.graph, settings.plan, root if root.is_dir() else None)
    return run(partitioner, prepared, options, root), root


def _view(result: CheckResult, root: Path) -> FindingsView:
    from granularity.report.findings_view import FindingsView
    from granularity.report.rules_text import rule_docs

    rules = tuple((a.rule.id, a.rule.name, a.severity, a.rule.summary, rule_docs(a.rule)) for a in result.active)
    return FindingsView(
        app=result.plan.app or root.name, mode=result.mode, findings=tuple(result.findings), prefix=_prefix(root),
        fail_on=result.fail_on, failed=result.failed, suppressed=result.suppressed, held_back=result.held_back,
        fixed=tuple((e.rule, e.subject, e.key, e.fingerprint) for e in result.fixed),
        baseline_used=result.baseline_used, diff_base=result.diff_base or "", notes=tuple(result.notes), rules=rules,
    )


def _render(fmt: str, view: FindingsView) -> str:
    from granularity.report import findings_json, findings_text, github, gitlab, sarif

    renderers = {"text": findings_text.render, "json": findings_json.render, "sarif": sarif.render,
                 "github": github.render, "gitlab": gitlab.render}
    return renderers[fmt](view)


def _write_html(result: CheckResult, html: Path) -> None:
    try:
        from granularity.report.html import render_report
    except ImportError as err:
        raise UsageError(f"--html: the HTML report is not available in this installation ({err})") from None
    from granularity.report.rules_text import rule_docs

    docs = {a.rule.id: rule_docs(a.rule) for a in result.active}
    _write(render_report(result.partitioner, result.plan, findings=result.findings, rule_docs=docs), html)


def check(
    path: Path = PathArg,
    output: list[str] = typer.Option(["text"], "--output", "-o", metavar="FORMAT[:FILE]",
                                     help=f"Output format ({', '.join(FORMATS)}), to stdout or to FILE. Repeatable."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that fails (default: error)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings fail the check."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Fail only on findings this baseline lacks."),
    diff_base: Optional[str] = typer.Option(None, "--diff-base", metavar="REF",
                                            help="Only findings whose subject holds code changed since this git ref."),
    require_reasons: Optional[bool] = typer.Option(None, "--require-reasons/--no-require-reasons",
                                                   help="Report suppression comments without a reason."),
    select: list[str] = typer.Option([], "--select", help="Rule ids or prefixes to run (comma-separated)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Rule ids or prefixes not to run (comma-separated)."),
    subjects: SubjectsMode = typer.Option(SubjectsMode.auto, "--subjects",
                                          help="Check declared functions, the proposed plan, or whichever applies."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write the HTML report with the findings."),
    jobs: int = JobsOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    timeout: float = TimeoutOpt,
) -> None:
    """Check the app against the rules: exit 0 when clean, 1 on findings at or above --fail-on, 2 on errors."""

    def action() -> int:
        from granularity.evaluate.gate import CheckOptions

        outputs = [parse_output(spec) for spec in output]
        options = CheckOptions(fail_on=fail_on.value if fail_on else None, select=_split(select),
                               ignore=_split(ignore), require_reasons=require_reasons, baseline=baseline,
                               diff_base=diff_base, subjects=subjects.value)
        result, root = _analyse(path, options, jobs, no_cache, cache_dir, timeout)
        view = _view(result, root)
        for fmt, target in outputs:
            _write(_render(fmt, view), target)
        if not any(fmt == "text" and target is None for fmt, target in outputs):
            from granularity.report.findings_text import footer

            typer.echo(footer(view), err=True)
        if html is not None:
            _write_html(result, html)
        return 0 if exit_zero or not result.failed else 1

    _run(action)


def baseline(
    path: Path = PathArg,
    output: Path = typer.Option(Path("granularity-baseline.json"), "--output", "-o", help="Baseline file to write."),
    subjects: SubjectsMode = typer.Option(SubjectsMode.auto, "--subjects", help="As for `check`."),
    jobs: int = JobsOpt,
    no_cache: bool = NoCacheOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    timeout: float = TimeoutOpt,
) -> None:
    """Write the app's current findings to a baseline file, for `check --baseline`."""

    def action() -> int:
        from granularity.evaluate import baseline as baseline_mod
        from granularity.evaluate.gate import CheckOptions

        result, _ = _analyse(path, CheckOptions(subjects=subjects.value), jobs, no_cache, cache_dir, timeout)
        _write(baseline_mod.render(result.findings), output)
        typer.echo(f"granularity: wrote {len(result.findings)} finding(s) to {output}", err=True)
        return 0

    _run(action)


def _known_rules() -> Prepared:
    from granularity.config import load_settings
    from granularity.evaluate.gate import CheckOptions, prepare

    return prepare(load_settings(Path.cwd()), CheckOptions())


def rules(
    metrics: bool = typer.Option(False, "--metrics", help="List the metrics rules are written over instead."),
    format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the rules (built-in and from `rules.paths` of the configuration here), or the metrics."""

    def action() -> int:
        import json

        from granularity.evaluate.metrics import metric_table
        from granularity.report import rules_text

        if metrics:
            table = metric_table()
            if format == RulesFormat.json:
                text = json.dumps([{"subject": m.subject, "name": m.name, "type": m.type,
                                    "description": m.description} for m in table], indent=2) + "\n"
            else:
                text = (rules_text.render_metrics_markdown if format == RulesFormat.markdown
                        else rules_text.render_metrics)(table)
            sys.stdout.write(text)
            return 0
        prepared = _known_rules()
        if format == RulesFormat.markdown:
            sys.stdout.write(rules_text.render_rules_markdown(prepared.rules))
        elif format == RulesFormat.json:
            sys.stdout.write(json.dumps([{"id": r.id, "name": r.name, "subject": r.subject, "severity": r.severity,
                                          "summary": r.summary} for r in prepared.rules], indent=2) + "\n")
        else:
            sys.stdout.write(rules_text.render_rules(prepared.rules, {a.rule.id for a in prepared.active}))
        return 0

    _run(action)


def explain(rule: str = typer.Argument(..., help="A rule id (GRA101) or name (nano-function).")) -> None:
    """Print one rule's documentation."""

    def action() -> int:
        from granularity.report.rules_text import rule_docs

        known = _known_rules().rules
        found = next((r for r in known if rule.upper() == r.id or rule.lower() == r.name), None)
        if found is None:
            raise UsageError(f"no rule {rule!r}; known: {', '.join(r.id for r in known)}")
        sys.stdout.write(rule_docs(found))
        return 0

    _run(action)


def register(app: typer.Typer) -> None:
    """Add the gate's commands to the `granularity` command."""
    app.command()(check)
    app.command()(baseline)
    app.command()(rules)
    app.command()(explain)
