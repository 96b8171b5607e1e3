"""The granularity band and the user's constraints on a plan.

Defaults, and why (docs/partition.md has the long form):

* `min_own_sloc = 30`: a function that adds fewer lines of its own than this exists only
  to be deployed; it pays a cold start and a deployment for almost no code (nano-function).
* `max_entry_points = 12`: past a dozen routes a function is a router; a change to any
  of them redeploys all of them (mini-monolith).
* `max_reach_sloc = 4000`: the code one function deploys; beyond this one team can no
  longer own it and every cold start loads it all.
* `max_tables_written = 5`: a function that writes many tables needs the union of their
  permissions and couples their schemas.
* `max_import_mb = 150`: third-party packages the function's code needs, the main part of
  a Python cold start; Lambda allows 250 MB unzipped in all.
* `mixed_triggers = "reason"`: HTTP together with queue/schedule/CLI triggers in one
  function is allowed only where the plan can name a reason (shared tables or code);
  "allow" and "forbid" are the other values.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Band:
    """Bounds on the size of a candidate function."""

    min_own_sloc: int = 30
    max_entry_points: int = 12
    max_reach_sloc: int = 4000
    max_tables_written: int = 5
    max_import_mb: float = 150.0
    mixed_triggers: str = "reason"


@dataclass(frozen=True, slots=True)
class Constraints:
    """What the user fixes about the plan. Patterns are fnmatch globs over qualified names."""

    #: Groups of patterns whose entry points must share a function.
    keep_together: tuple[tuple[str, ...], ...] = ()
    #: Groups of patterns whose entry points must not share a function.
    keep_apart: tuple[tuple[str, ...], ...] = ()
    #: Function name → module patterns whose entry points it must hold.
    pin: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Patterns of entry points that stay in the monolith (not extracted).
    monolith: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanSettings:
    band: Band = field(default_factory=Band)
    constraints: Constraints = field(default_factory=Constraints)
    #: Seed of the Louvain baseline.
    seed: int = 42

    def as_dict(self) -> dict[str, object]:
        b = self.band
        return {
            "min_own_sloc": b.min_own_sloc, "max_entry_points": b.max_entry_points,
            "max_reach_sloc": b.max_reach_sloc, "max_tables_written": b.max_tables_written,
            "max_import_mb": b.max_import_mb, "mixed_triggers": b.mixed_triggers,
        }
