"""The program graph: every unit, resource and package of the app, and the edges between them.

Built by the link stage from all files' facts. Plain frozen data; `link.graph.to_networkx`
gives the networkx view the later stages compute on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from granularity.model.facts import Diagnostic, Marker, Suppression, Unit, fast_pickle

#: Bump when the graph's JSON form changes (see docs/graph-json.md).
GRAPH_FORMAT = 1

#: Call-edge kinds.
CALL = "call"
DISPATCH = "dispatch"
INVOKE = "invoke"
#: Call-edge origins that hand a reference over rather than call it
#: (`add_url_rule(view_func=f)`, `@app.route`): the code is deployed with the caller, but
#: the edge never becomes a remote call when the plan cuts between them.
REFERENCES = frozenset({"callback", "decorator"})


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit with where it lives."""

    unit: Unit
    #: The module's dotted name.
    module: str
    #: File path relative to the analysed root (POSIX separators).
    path: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """A resolved entry point: a unit and what triggers it."""

    unit: str
    kind: str
    framework: str
    #: Sorted (key, value) pairs: methods, path, name, queue, schedule, command, event, handler...
    details: tuple[tuple[str, str], ...]
    path: str = ""
    line: int = 0

    def detail(self, key: str) -> str:
        return dict(self.details).get(key, "")


@dataclass(frozen=True, slots=True)
class CallEdge:
    """unit → unit."""

    caller: str
    callee: str
    #: CALL (synchronous, in process), DISPATCH (asynchronous), INVOKE (synchronous remote call).
    kind: str
    line: int
    #: How the call was seen: "call", "decorator", "callback", "property", "with", "constructor"...
    via: str = "call"


@dataclass(frozen=True, slots=True)
class AccessEdge:
    """unit → resource."""

    unit: str
    #: Resource id `KIND:NAME` (docs/model.md).
    resource: str
    mode: str
    line: int
    via: str = ""


@dataclass(frozen=True, slots=True)
class ImportEdge:
    """unit → third-party distribution."""

    unit: str
    #: Distribution name (best effort from the import name).
    package: str
    #: The module as imported.
    module: str
    line: int
    #: True for an import under `if TYPE_CHECKING:` (never loaded at run time).
    type_checking: bool = False
    #: For a module-level import that only functions use: those functions (sorted); empty
    #: when the module body uses it or no use is seen (it loads with the module).
    users: tuple[str, ...] = ()
    #: Inside `if`/`try` at module level (an optional dependency, a platform probe; not a
    #: `try` whose every handler raises), or in a function: not run whenever its module is
    #: imported.
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A call site the resolver could not follow, and why."""

    caller: str
    target: str
    line: int
    #: "dynamic" (not a name), "unknown-name", "unknown-attribute", "untyped-value", "external".
    reason: str


@dataclass(frozen=True, slots=True)
class ProgramGraph:
    """Everything the later stages need to know about the app."""

    #: The analysed root as given (for display only).
    root: str
    units: dict[str, UnitInfo]
    entry_points: tuple[Trigger, ...]
    calls: tuple[CallEdge, ...]
    accesses: tuple[AccessEdge, ...]
    imports: tuple[ImportEdge, ...]
    unresolved: tuple[Unresolved, ...]
    #: Counts of call sites: resolved into the app, external (library, builtin), unresolved.
    call_sites: dict[str, int] = field(default_factory=dict)
    #: Per-file line counts, by path.
    files: dict[str, int] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    #: Reach of each entry-point unit over synchronous calls (sorted qualified names, itself included).
    reach: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: App modules each module imports when it is imported (module level, not TYPE_CHECKING).
    module_imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Of those, the ones only some functions of the importing module use: module →
    #: imported module → those functions. What a function extracted from the module needs.
    module_import_users: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Code patterns rules care about (sleep, subprocess, event routing...), sorted.
    markers: tuple[Marker, ...] = ()
    #: `# granularity: ignore[...]` comments of every file, sorted by path and line.
    suppressions: tuple[Suppression, ...] = ()


for _cls in (UnitInfo, Trigger, CallEdge, AccessEdge, ImportEdge, Unresolved, ProgramGraph):
    fast_pickle(_cls)
