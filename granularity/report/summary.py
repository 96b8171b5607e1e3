"""The short human summary of a program graph (the default output of `granularity graph`)."""

from __future__ import annotations

from collections import Counter

from granularity import __version__
from granularity.model import facts as f
from granularity.model.graph import ProgramGraph


def _counts(counter: Counter) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def summary_lines(graph: ProgramGraph) -> list[str]:
    kinds = Counter(i.unit.kind for i in graph.units.values())
    sloc = sum(i.unit.sloc for i in graph.units.values() if i.unit.kind == f.MODULE)
    failed = [d for d in graph.diagnostics if d.code != "skipped"]
    failed_paths = {d.path for d in failed}
    analysed = len([p for p in graph.files if p not in failed_paths])
    sites = graph.call_sites
    total = sum(sites.values())
    resources = Counter(a.resource.partition(":")[0] for a in {x.resource: x for x in graph.accesses}.values())
    lines = [
        f"granularity {__version__}: {graph.root}",
        f"  files         {analysed:,} analysed, {len(failed_paths):,} not analysed",
        f"  lines         {sum(graph.files.values()):,} ({sloc:,} of code)",
        f"  units         {len(graph.units):,} ({_counts(kinds)})",
        f"  entry points  {len(graph.entry_points):,} ({_counts(Counter(t.kind for t in graph.entry_points))})",
        f"  resources     {sum(resources.values()):,} ({_counts(resources)})",
        f"  packages      {len({i.package for i in graph.imports}):,} third-party",
        f"  call sites    {total:,}: {_pct(sites.get('app', 0), total)} into the app, "
        f"{_pct(sites.get('external', 0), total)} library or builtin, "
        f"{_pct(sites.get('unresolved', 0), total)} unresolved",
    ]
    if failed:
        lines.append(f"  not analysed ({len(failed)}):")
        lines.extend(f"    {d.path}: {d.message}" for d in failed)
    skipped = [d for d in graph.diagnostics if d.code == "skipped"]
    if skipped:
        lines.append(f"  skipped ({len(skipped)}):")
        lines.extend(f"    {d.path}: {d.message}" for d in skipped)
    return lines


def render(graph: ProgramGraph) -> str:
    return "\n".join(summary_lines(graph)) + "\n"
