"""`granularity compare`: the plan beside its baselines, one row each."""

from __future__ import annotations

import json

from granularity.partition.evaluate import COLUMNS

HEADERS = {"K": "K", "SM": "SM", "TurboMQ": "TurboMQ", "ICP": "ICP", "IFN": "IFN", "NED": "NED",
           "purity": "purity", "nano": "nano", "mini": "mini", "dup_lines": "dup lines", "MoJoFM": "MoJoFM"}
BETTER = {"SM": "higher", "TurboMQ": "higher", "ICP": "lower", "IFN": "lower", "NED": "lower",
          "purity": "higher", "nano": "lower", "mini": "lower", "dup_lines": "lower"}


def _cell(column: str, value: float) -> str:
    if column in ("K", "nano", "mini", "dup_lines"):
        return f"{value:,.0f}"
    if column == "MoJoFM":
        return f"{value:.1f}"
    return f"{value:.3f}"


def render(rows: dict[str, dict[str, float]]) -> str:
    # MoJoFM (percent) is there when an intended split was given (`compare --intended`).
    columns = [*COLUMNS, *(["MoJoFM"] if all("MoJoFM" in r for r in rows.values()) else [])]
    widths = {c: max(len(HEADERS[c]), *(len(_cell(c, r[c])) for r in rows.values())) for c in columns}
    name_width = max(len("strategy"), *(len(n) for n in rows))
    out = ["strategy".ljust(name_width) + "  " + "  ".join(HEADERS[c].rjust(widths[c]) for c in columns)]
    for name, row in rows.items():
        out.append(name.ljust(name_width) + "  " + "  ".join(_cell(c, row[c]).rjust(widths[c]) for c in columns))
    out.append("")
    out.append("higher is better: " + ", ".join(HEADERS[c] for c in columns if BETTER.get(c) == "higher")
               + "; lower is better: " + ", ".join(HEADERS[c] for c in columns if BETTER.get(c) == "lower"))
    return "\n".join(out) + "\n"


def render_json(rows: dict[str, dict[str, float]]) -> str:
    return json.dumps({"meta": {"format": "granularity-compare", "version": 1}, "rows": rows},
                      indent=2) + "\n"
