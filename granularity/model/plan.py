"""A plan: the candidate functions proposed for an app, and everything a person needs to
act on it (shared layers, state to move out of memory, boundaries, extraction order)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Bump when the plan's JSON form changes (docs/plan-json.md).
PLAN_FORMAT = 2


@dataclass(frozen=True, slots=True)
class PackageUse:
    """A third-party distribution a function imports, with its deployment size."""

    name: str
    #: Unzipped size in MB.
    size_mb: float
    #: "installed" (measured from the distribution's RECORD) or "estimate" (docs/partition.md).
    source: str


@dataclass(frozen=True, slots=True)
class CandidateFunction:
    """One proposed FaaS function: entry points plus the code they reach."""

    name: str
    #: Entry-point units, sorted.
    entry_points: tuple[str, ...]
    #: (unit, kind, details) of every trigger, sorted.
    triggers: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    #: Units deployed with it: its own and those of the shared layers it bundles, sorted.
    units: tuple[str, ...]
    #: Units only this function reaches (its home units), sorted.
    own_units: tuple[str, ...]
    #: Names of the shared layers it bundles.
    layers: tuple[str, ...]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    packages: tuple[PackageUse, ...]
    #: Lines of code it deploys (own + bundled layers).
    reach_sloc: int
    #: Lines of code only it has.
    own_sloc: int
    #: Summed cyclomatic complexity of its own units.
    complexity: int
    #: Cold-start weight: MB of third-party packages in its import closure.
    import_mb: float
    #: Why it holds together and where it was cut, one sentence per item.
    rationale: tuple[str, ...]
    #: Band violations it could not avoid, with why ("nano-function: ...", "mini-monolith: ...").
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SharedLayer:
    """Code reached by several functions, bundled into each as a library."""

    name: str
    units: tuple[str, ...]
    sloc: int
    #: Functions that bundle it.
    users: tuple[str, ...]
    #: Why bundling it everywhere may be worse than a function of its own ("" when fine).
    warning: str = ""


@dataclass(frozen=True, slots=True)
class StateItem:
    """In-memory state that breaks when a function runs as many short-lived instances."""

    resource: str
    writers: tuple[str, ...]
    readers: tuple[str, ...]
    functions: tuple[str, ...]
    #: The kind of backing service that replaces it.
    replacement: str
    reason: str


@dataclass(frozen=True, slots=True)
class CrossingCall:
    """A synchronous call that the plan turns into a remote call."""

    caller: str
    callee: str
    caller_function: str
    callee_function: str
    line: int


@dataclass(frozen=True, slots=True)
class SharedTable:
    """A table written by more than one function."""

    table: str
    writers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MigrationStep:
    function: str
    reason: str


@dataclass(frozen=True, slots=True)
class KeptOut:
    """An entry point the plan leaves out of every function, and why."""

    entry_point: str
    #: "monolith" (the configuration's `plan.monolith`) or "server" (it starts a server).
    why: str
    #: Where and what, for a person.
    detail: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The proposal for one app. Deterministic for a given graph and settings."""

    app: str
    #: "plan", or the baseline's name ("per-entry-point", "per-module", "monolith", "louvain").
    strategy: str
    functions: tuple[CandidateFunction, ...]
    layers: tuple[SharedLayer, ...]
    state: tuple[StateItem, ...]
    crossing_calls: tuple[CrossingCall, ...]
    shared_tables: tuple[SharedTable, ...]
    migration: tuple[MigrationStep, ...]
    #: Every reached unit → the function that holds it (shared units: the one calling them most).
    home: dict[str, str] = field(default_factory=dict)
    #: Every entry-point unit → its function.
    assignment: dict[str, str] = field(default_factory=dict)
    #: The objective's value and its terms (docs/partition.md).
    objective: dict[str, float] = field(default_factory=dict)
    #: Settings digest, so that a reader knows what band the plan was made in.
    settings: dict[str, object] = field(default_factory=dict)
    #: Entry points left out of every function, by entry point.
    kept_out: tuple[KeptOut, ...] = ()
