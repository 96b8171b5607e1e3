"""The evaluate stage wired together: rules and options in, a `CheckResult` out.

`prepare` loads the rule pack and the user's rule folders and checks the options against
them before any analysis; `run` takes the analysed app, picks its subjects (declared
functions when the app declares any, else the proposed plan's), evaluates the rules, and
applies per-path overrides, suppressions, the baseline and diff mode, in that order.
No terminal I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from granularity.config import Settings
from granularity.errors import ConfigError
from granularity.evaluate import baseline as baseline_mod
from granularity.evaluate import diff as diff_mod
from granularity.evaluate import suppress
from granularity.evaluate.declared import declared_groups
from granularity.evaluate.engine import ActiveRule, apply_overrides, evaluate, select, sort_findings
from granularity.evaluate.options import RuleOptions, parse, validate
from granularity.evaluate.rules import Rule, builtin_folder, load_rules
from granularity.evaluate.subjects import BUILDERS, Index, Subject
from granularity.model.findings import SEVERITIES, Finding
from granularity.model.plan import Plan
from granularity.partition.propose import Partitioner


@dataclass(frozen=True)
class CheckOptions:
    """What the command line adds to the configuration."""

    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    require_reasons: bool | None = None
    baseline: Path | None = None
    diff_base: str | None = None
    #: "auto", "plan" or "declared".
    subjects: str = "auto"


@dataclass(frozen=True)
class Prepared:
    """Rules, options and baseline, all checked before the analysis starts."""

    rules: list[Rule]
    options: RuleOptions
    active: list[ActiveRule]
    fail_on: str
    require_reasons: bool
    baseline: list[baseline_mod.Entry] | None


@dataclass
class CheckResult:
    """What a check found and what the gate decides."""

    #: The findings reported: after overrides, suppressions, diff mode and baseline.
    findings: list[Finding]
    active: list[ActiveRule]
    mode: str
    fail_on: str
    plan: Plan
    partitioner: Partitioner
    held_back: int = 0
    fixed: list[baseline_mod.Entry] = field(default_factory=list)
    baseline_used: bool = False
    suppressed: int = 0
    diff_base: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        level = SEVERITIES.index(self.fail_on)
        return any(SEVERITIES.index(f.severity) >= level for f in self.findings)


def prepare(settings: Settings, options: CheckOptions) -> Prepared:
    """Load every rule and check every option against them; ConfigError lists all problems."""
    rule_options = parse(settings.sections)
    base = Path(settings.source).parent if settings.source else Path.cwd()
    folders = [builtin_folder()] + [(base / p) for p in rule_options.paths]
    labels = {builtin_folder(): "rules"} | {(base / p): f"rules.paths: {p}" for p in rule_options.paths}
    rules = load_rules(folders, labels)
    errors = validate(settings.sections, rules)
    known = {r.id for r in rules}
    for flag, values in (("--select", options.select), ("--ignore", options.ignore)):
        errors += [f"{flag} {v}: unknown rule id; known: {', '.join(sorted(known))}" for v in values
                   if v.upper() != "ALL" and not any(r.startswith(v.upper()) for r in known)]
    if errors:
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(f"{where}{len(errors)} problem(s) in the configuration:\n  " + "\n  ".join(errors))
    active = select(rules, rule_options, settings.plan.band, options.select, options.ignore)
    entries = baseline_mod.read(options.baseline) if options.baseline is not None else None
    require = rule_options.require_reasons if options.require_reasons is None else options.require_reasons
    return Prepared(rules, rule_options, active, options.fail_on or rule_options.fail_on, require, entries)


def _subjects(partitioner: Partitioner, prepared: Prepared, mode_wanted: str) -> tuple[str, Plan, list[str]]:
    graph = partitioner.ctx.graph
    groups, notes = declared_groups(graph, prepared.options.functions, partitioner.ctx.atoms)
    if mode_wanted == "declared" and not groups:
        raise ConfigError("--subjects declared: the app declares no functions (no SAM template, serverless.yml, "
                          "Chalice app or [tool.granularity.functions])")
    if groups and mode_wanted != "plan":
        return "declared", partitioner.deriver.plan("declared", groups, partitioner.affinity), notes
    return "plan", partitioner.propose(), []


def run(partitioner: Partitioner, prepared: Prepared, options: CheckOptions, root: Path) -> CheckResult:
    """Evaluate the rules on the analysed app and decide the gate."""
    mode, plan, notes = _subjects(partitioner, prepared, options.subjects)
    index = Index(partitioner.ctx.graph, partitioner.ctx, plan, mode, partitioner.measured)
    kinds = {ar.rule.subject for ar in prepared.active if ar.rule.condition is not None}
    subjects: dict[str, list[Subject]] = {k: BUILDERS[k](index) for k in sorted(kinds)}
    overrides = prepared.options.per_path
    raw = apply_overrides(evaluate(prepared.active, subjects), overrides)
    known = {r.id for r in prepared.rules}
    kept, meta = suppress.apply(raw, index.graph, prepared.active, prepared.require_reasons, known)
    findings = sort_findings(kept + apply_overrides(meta, overrides))
    result = CheckResult(findings, prepared.active, mode, prepared.fail_on, plan, partitioner,
                         suppressed=len(raw) - len(kept), notes=notes)
    if prepared.baseline is not None:
        comparison = baseline_mod.compare(result.findings, prepared.baseline)
        result.findings, result.held_back, result.fixed = comparison.new, comparison.held_back, comparison.fixed
        result.baseline_used = True
    if options.diff_base:
        lines = diff_mod.changed_lines(root, options.diff_base)
        changed = diff_mod.changed_units(index.graph, lines)
        subjects = {k: BUILDERS[k](index) for k in ("unit", "function", "boundary", "app")} | subjects
        result.findings = diff_mod.filter_findings(result.findings, subjects, changed, lines, index.graph)
        result.diff_base = options.diff_base
    return result
