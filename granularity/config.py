"""Settings from `[tool.granularity]` in pyproject.toml, or from granularity.toml.

Every option is a declared field with a type and a default. The whole file is validated
before any analysis, and every mistake is reported at once, each with its key, the bad
value and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from granularity.errors import ConfigError
from granularity.partition.settings import Band, Constraints, PlanSettings


@dataclass(frozen=True)
class Option:
    """One declared option: how to check it, its default, what it means."""

    check: Callable[[Any], bool]
    allowed: str
    default: Any
    help: str


def _str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _groups(v: Any) -> bool:
    return isinstance(v, list) and all(_str_list(g) and g for g in v)


def _int(lo: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= lo


def _num(lo: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= lo


TOP: dict[str, Option] = {
    "source-roots": Option(_str_list, "a list of folder paths", [], "extra source roots, relative to the app"),
    "exclude": Option(_str_list, "a list of glob patterns", [], "files and folders to leave out"),
    "jobs": Option(_int(0), "an integer >= 0", 0, "worker processes (0 = one per core)"),
}
BAND: dict[str, Option] = {
    "min-own-sloc": Option(_int(0), "an integer >= 0", Band().min_own_sloc, "below: a nano-function"),
    "max-entry-points": Option(_int(1), "an integer >= 1", Band().max_entry_points, "above: a mini-monolith"),
    "max-reach-sloc": Option(_int(1), "an integer >= 1", Band().max_reach_sloc, "lines one function may deploy"),
    "max-tables-written": Option(_int(0), "an integer >= 0", Band().max_tables_written, "tables one function may write"),
    "max-import-mb": Option(_num(0), "a number >= 0", Band().max_import_mb, "MB of packages one function may load"),
    "mixed-triggers": Option(lambda v: v in ("allow", "reason", "forbid"), '"allow", "reason" or "forbid"',
                             Band().mixed_triggers, "HTTP with other triggers in one function"),
}
PLAN: dict[str, Option] = {
    "keep-together": Option(_groups, "a list of lists of patterns", [], "entry points that must share a function"),
    "keep-apart": Option(_groups, "a list of lists of patterns", [], "entry points that must not share a function"),
    "pin": Option(lambda v: isinstance(v, dict) and all(_str_list(x) for x in v.values()),
                  "a table of function name = [module patterns]", {}, "modules fixed to a named function"),
    "monolith": Option(_str_list, "a list of patterns", [], "entry points that stay in the monolith"),
    "seed": Option(_int(0), "an integer >= 0", 42, "seed of the Louvain baseline"),
}
#: Sections validated elsewhere (the rule engine), accepted here as tables.
OTHER_SECTIONS = ("rules", "functions", "per-path")


@dataclass(frozen=True)
class Settings:
    """Everything configurable, validated."""

    source_roots: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int = 0
    plan: PlanSettings = field(default_factory=PlanSettings)
    #: Raw tables of sections other modules validate (rules, declared functions, per-path overrides).
    sections: dict[str, Any] = field(default_factory=dict)
    #: Where the settings came from ("" for defaults).
    source: str = ""

    def digest(self) -> str:
        """Digest of the settings that change extraction (part of every cache key)."""
        data = {"roots": self.source_roots, "exclude": self.exclude}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def find_config(path: Path) -> tuple[Path, dict] | None:
    """granularity.toml, else pyproject.toml with a [tool.granularity] table, in the app's folder."""
    base = path if path.is_dir() else path.parent
    for name in ("granularity.toml", "pyproject.toml"):
        candidate = base / name
        if not candidate.is_file():
            continue
        try:
            with open(candidate, "rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{candidate}: not valid TOML: {err}") from err
        except OSError as err:
            raise ConfigError(f"{candidate}: cannot read: {err.strerror or err}") from err
        if name == "pyproject.toml":
            table = data.get("tool", {}).get("granularity")
            if table is None:
                continue
            return candidate, table
        return candidate, data.get("tool", {}).get("granularity", data)
    return None


def _check(table: Any, spec: dict[str, Option], prefix: str, errors: list[str]) -> dict[str, Any]:
    out = {k.replace("-", "_"): v.default for k, v in spec.items()}
    if not isinstance(table, dict):
        errors.append(f"{prefix or 'tool.granularity'}: expected a table, got {json.dumps(table, default=str)}")
        return out
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        option = spec.get(key)
        if option is None:
            continue
        if not option.check(value):
            errors.append(f"{name} = {json.dumps(value, default=str)}: expected {option.allowed}")
        else:
            out[key.replace("-", "_")] = value
    return out


def parse_settings(table: dict, source: str = "") -> Settings:
    """Validate a `[tool.granularity]` table. Raises ConfigError listing every problem."""
    errors: list[str] = []
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.granularity] must be a table")
    known = set(TOP) | {"band", "plan", *OTHER_SECTIONS}
    for key in sorted(table):
        if key not in known:
            errors.append(f"{key}: unknown key; allowed: {', '.join(sorted(known))}")
    top = _check(table, TOP, "", errors)
    band = _check(table.get("band", {}), BAND, "band", errors)
    plan = _check(table.get("plan", {}), PLAN, "plan", errors)
    for section, spec in (("band", BAND), ("plan", PLAN)):
        body = table.get(section, {})
        if isinstance(body, dict):
            for key in sorted(body):
                if key not in spec:
                    errors.append(f"{section}.{key}: unknown key; allowed: {', '.join(sorted(spec))}")
    sections = {k: table[k] for k in OTHER_SECTIONS if k in table}
    from granularity.evaluate_config import validate_sections

    errors.extend(validate_sections(sections))
    if errors:
        where = f"{source}: " if source else ""
        raise ConfigError(f"{where}{len(errors)} problem(s) in the configuration:\n  " + "\n  ".join(errors))
    return Settings(
        source_roots=tuple(top["source_roots"]), exclude=tuple(top["exclude"]), jobs=top["jobs"],
        plan=PlanSettings(
            band=Band(**band),
            constraints=Constraints(
                keep_together=tuple(tuple(g) for g in plan["keep_together"]),
                keep_apart=tuple(tuple(g) for g in plan["keep_apart"]),
                pin=tuple((name, tuple(p)) for name, p in sorted(plan["pin"].items())),
                monolith=tuple(plan["monolith"]),
            ),
            seed=plan["seed"],
        ),
        sections=sections,
        source=source,
    )


def load_settings(path: Path) -> Settings:
    """Settings for the app at `path` (defaults when it has no configuration)."""
    found = find_config(Path(path)) if Path(path).exists() else None
    if found is None:
        return Settings()
    source, table = found
    return parse_settings(table, str(source))
