"""From groups of entry points to a full plan: which units each function holds, the shared
layers it bundles, what crosses its boundaries, the state it must move out of memory,
the order to extract in, and a rationale naming the concrete edges. Used for the plan and
for every baseline, so that they are measured the same way."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from granularity.model.plan import (
    CandidateFunction, CrossingCall, KeptOut, MigrationStep, Plan, SharedLayer, SharedTable, StateItem,
)
from granularity.partition.context import PlanContext
from granularity.partition.naming import layer_name
from granularity.partition.packages import package_use
from granularity.partition.settings import PlanSettings

#: A shared layer this large, bundled into this many functions, is flagged.
LAYER_WARN_SLOC = 300
LAYER_WARN_USERS = 3
#: Packages (MB) that the code as written loads and a proposed function does not use,
#: from which its rationale says where they come in.
LEFT_BEHIND_MB = 10.0


class Deriver:
    """Builds a `Plan` from named groups of entry-point units."""

    def __init__(self, ctx: PlanContext, settings: PlanSettings, measured: dict[str, float]) -> None:
        self.ctx = ctx
        self.settings = settings
        self.measured = measured

    def plan(self, strategy: str, groups: dict[str, list[str]], affinity=None,
             excluded: list[str] | None = None, gathered: str | None = None,
             servers: list[str] | None = None) -> Plan:
        """`gathered`: the function that gathers entry points too small to deploy alone;
        `excluded`: entry points kept in the monolith; `servers`: those left out because
        they start a server."""
        ctx = self.ctx
        self._strategy = strategy
        reach = {name: set().union(*(ctx.atoms[a].reach for a in atoms)) for name, atoms in groups.items()}
        entry_home = {a: name for name, atoms in groups.items() for a in atoms}
        users: dict[str, set[str]] = defaultdict(set)
        for name, units in reach.items():
            for u in units:
                users[u].add(name)
        own = {name: {u for u in units if users[u] == {name} or entry_home.get(u) == name}
               for name, units in reach.items()}
        shared = sorted(u for u, names in users.items() if len(names) > 1 and u not in entry_home)
        home = self._home(own, shared, users)
        layers = self._layers(shared, users)
        layer_of = {u: layer.name for layer in layers for u in layer.units}
        crossing = self._crossing(home, entry_home)
        table_writers = self._table_writers(reach)
        shared_tables = tuple(SharedTable(t, tuple(sorted(w))) for t, w in sorted(table_writers.items())
                              if len(w) > 1)
        state = self._state(reach)
        from granularity.partition.explain import bundled_cuts

        duplicated = bundled_cuts(ctx, layers, len(groups), self.settings.band.min_own_sloc) \
            if strategy in ("plan", "declared") else {}
        functions = tuple(sorted(
            (self._function(name, groups[name], reach[name], own[name], layer_of, crossing,
                            shared_tables, affinity, entry_home, name == gathered,
                            duplicated.get(name, ())) for name in groups),
            key=lambda fn: fn.name))
        migration = self._migration(functions, crossing, shared_tables, state)
        objective = self._objective(groups, affinity, crossing, shared_tables, layers)
        return Plan(
            app=ctx.graph.root, strategy=strategy, functions=functions, layers=layers, state=state,
            crossing_calls=crossing, shared_tables=shared_tables, migration=migration,
            home=dict(sorted(home.items())), assignment=dict(sorted(entry_home.items())),
            objective=objective, settings=self.settings.as_dict() | {"kept_in_monolith": sorted(excluded or [])},
            kept_out=self._kept_out(excluded or [], servers or []),
        )

    def _kept_out(self, excluded: list[str], servers: list[str]) -> tuple[KeptOut, ...]:
        out = [KeptOut(a, "monolith", "kept in the monolith by plan.monolith") for a in excluded]
        for a in servers:
            m = self.ctx.servers[a]
            where = f"{self.ctx.graph.units[m.scope].path}:{m.line}"
            out.append(KeptOut(a, "server", f"calls `{m.detail}` ({where}): it serves until stopped, and a FaaS "
                                            "function ends within 15 minutes: keep it a long-running process"))
        return tuple(sorted(out, key=lambda k: k.entry_point))

    # -- units ----------------------------------------------------------------------------

    def _home(self, own: dict[str, set[str]], shared: list[str], users: dict[str, set[str]]) -> dict[str, str]:
        home = {u: name for name, units in own.items() for u in units}
        callers: dict[str, Counter] = defaultdict(Counter)
        for caller, callee, _ in self.ctx.sync_calls:
            if caller in home:
                callers[callee][home[caller]] += 1
        for u in shared:
            counts = callers.get(u)
            if counts:
                home[u] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            else:
                home[u] = sorted(users[u])[0]
        return home

    def _layers(self, shared: list[str], users: dict[str, set[str]]) -> tuple[SharedLayer, ...]:
        by_users: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for u in shared:
            by_users[tuple(sorted(users[u]))].append(u)
        layers = []
        names = Counter()
        for who, units in sorted(by_users.items(), key=lambda kv: (kv[1][0], kv[0])):
            name = layer_name(units, self.ctx)
            names[name] += 1
            if names[name] > 1:
                name = f"{name}#{names[name]}"
            sloc = self.ctx.reach_sloc(units)
            warning = ""
            if sloc >= LAYER_WARN_SLOC and len(who) >= LAYER_WARN_USERS:
                warning = (f"bundled into {len(who)} functions it duplicates {sloc * (len(who) - 1):,} lines; "
                           "a function of its own, or a package, would deploy it once")
            layers.append(SharedLayer(name, tuple(sorted(units)), sloc, who, warning))
        return tuple(sorted(layers, key=lambda l: l.name))

    def _crossing(self, home: dict[str, str], entry_home: dict[str, str]) -> tuple[CrossingCall, ...]:
        out = set()
        rerouted = self.ctx.rerouted_calls()
        references = self.ctx.references
        for caller, callee, line in self.ctx.sync_calls:
            if (caller, callee, line) in rerouted:
                continue  # a Lambda-lith's dispatch: the split moves the route to API Gateway
            if (caller, callee, line) in references:
                continue  # handing a view to a router (`add_url_rule(view_func=f)`) is no call
            if callee in entry_home and caller in home and home[caller] != entry_home[callee]:
                out.add(CrossingCall(caller, callee, home[caller], entry_home[callee], line))
        return tuple(sorted(out, key=lambda c: (c.caller_function, c.caller, c.callee, c.line)))

    def _table_writers(self, reach: dict[str, set[str]]) -> dict[str, set[str]]:
        writers: dict[str, set[str]] = defaultdict(set)
        for name, units in reach.items():
            for u in units:
                for r in self.ctx.writes_by_unit.get(u, ()):
                    if r.startswith("table:"):
                        writers[r].add(name)
        return writers

    # -- state ----------------------------------------------------------------------------

    def _state(self, reach: dict[str, set[str]]) -> tuple[StateItem, ...]:
        writers: dict[str, set[str]] = defaultdict(set)
        readers: dict[str, set[str]] = defaultdict(set)
        for unit, resources in self.ctx.writes_by_unit.items():
            for r in resources:
                if r.startswith("global:"):
                    writers[r].add(unit)
        for unit, resources in self.ctx.reads_by_unit.items():
            for r in resources:
                if r in writers:
                    readers[r].add(unit)
        out = []
        deployed = set().union(*reach.values()) if reach else set()
        for resource in sorted(writers):
            # Written only where no entry point reaches (a registry filled by decorators
            # while modules are imported): every instance builds the same one when it
            # starts, so there is nothing to move out of memory.
            if not writers[resource] & deployed:
                continue
            involved = writers[resource] | readers[resource]
            functions = tuple(sorted(n for n, units in reach.items() if units & involved))
            if not functions:
                continue
            replacement, reason = _replacement(resource)
            out.append(StateItem(resource, tuple(sorted(writers[resource])), tuple(sorted(readers[resource])),
                                 functions, replacement, reason))
        return tuple(out)

    # -- functions ----------------------------------------------------------------------------

    def _function(self, name, atoms, reach, own, layer_of, crossing, shared_tables, affinity,
                  entry_home, gathered: bool, duplicated: tuple[str, ...] = ()) -> CandidateFunction:
        ctx = self.ctx
        triggers = tuple(sorted((t.unit, t.kind, t.details) for a in atoms for t in ctx.atoms[a].triggers))
        writes = sorted({r for u in reach for r in ctx.writes_by_unit.get(u, ())})
        reads = sorted({r for u in reach for r in ctx.reads_by_unit.get(u, ())} - set(writes))
        # A declared function is deployed as written: the union of its entry points' import
        # closures. A proposed one needs what its code uses (a router's leaves out the
        # route modules the plan gives to other functions).
        if self._strategy == "declared":
            closure = set().union(*(ctx.atoms[a].packages for a in atoms))
        else:
            closure = set().union(*(ctx.atoms[a].needs for a in atoms))
        packages = sorted((package_use(p, self.measured) for p in closure),
                          key=lambda p: (-p.size_mb, p.name))
        layers = tuple(sorted({layer_of[u] for u in reach if u in layer_of}))
        fn = CandidateFunction(
            name=name, entry_points=tuple(sorted(atoms)), triggers=triggers, units=tuple(sorted(reach)),
            own_units=tuple(sorted(own)), layers=layers, reads=tuple(reads), writes=tuple(writes),
            packages=tuple(packages), reach_sloc=ctx.reach_sloc(reach), own_sloc=ctx.reach_sloc(own),
            complexity=sum(ctx.complexity.get(u, 0) for u in own),
            import_mb=round(math.fsum(p.size_mb for p in packages), 1),
            rationale=(), notes=(),
        )
        from granularity.partition.explain import notes_for, rationale_for

        notes = notes_for(fn, self.settings.band, ctx)
        if self._strategy == "plan":
            notes = tuple(self._why_unavoidable(note, atoms, affinity) for note in notes)
        rationale = rationale_for(fn, ctx, affinity, crossing, shared_tables, entry_home, gathered) + duplicated
        if self._strategy != "declared":
            rationale += self._left_behind(atoms, reach, closure)
        return CandidateFunction(**{**_fields(fn), "rationale": rationale, "notes": notes})

    def _left_behind(self, atoms, reach, needs) -> tuple[str, ...]:
        """A line when the code as written loads LEFT_BEHIND_MB or more of packages that the
        function's code does not use, naming the imports that bring the heaviest in."""
        written = set().union(*(self.ctx.atoms[a].packages for a in atoms)) - needs
        if not written:
            return ()
        uses = sorted((package_use(p, self.measured) for p in written), key=lambda p: (-p.size_mb, p.name))
        total = math.fsum(p.size_mb for p in uses)
        if total < LEFT_BEHIND_MB:
            return ()
        via = self.ctx.left_behind(reach)
        shown = [p for p in uses if p.name in via][:3]
        if not shown:
            return ()
        steps = []
        for p in shown:
            importer, imported, how = via[p.name]
            if how == "conditional":
                steps.append(f"{p.name} ({p.size_mb:,.0f} MB), imported under `if`/`try` in `{importer}`")
            elif how == "unused":
                steps.append(f"{p.name} ({p.size_mb:,.0f} MB), imported by `{importer}` for code this "
                             "function does not run")
            else:
                steps.append(f"{p.name} ({p.size_mb:,.0f} MB) through `{importer}` importing `{imported}`")
        return (f"As written, its modules also load {total:,.0f} MB of packages its code does not need: "
                + "; ".join(steps) + ". Deploy it with a handler module of its own, and move such "
                "imports into the code that uses them.",)

    def _why_unavoidable(self, note: str, atoms: list[str], affinity) -> str:
        """The partitioner merges a nano-function into any function it shares something
        with when the band allows; one that is left says why it could not be."""
        band = self.settings.band
        if note.startswith("mini-monolith: imports"):
            alone = [a for a in atoms if math.fsum(package_use(p, self.measured).size_mb
                                             for p in self.ctx.atoms[a].needs) > band.max_import_mb]
            if len(alone) == len(atoms):
                return note + ("; unavoidable by cutting: the code each of its entry points runs needs that "
                               "much; import the heavy packages lazily, in the code paths that use them")
            return note
        if note.startswith("mini-monolith: writes"):
            alone = [a for a in atoms
                     if len([r for r in self.ctx.atoms[a].writes if r.startswith("table:")]) > band.max_tables_written]
            if alone:
                return note + f"; unavoidable by cutting: `{alone[0]}` alone writes that many tables"
            return note
        if note.startswith("mini-monolith: reaches"):
            alone = [a for a in atoms if self.ctx.reach_sloc(self.ctx.atoms[a].reach) > band.max_reach_sloc]
            if alone:
                return note + f"; unavoidable by cutting: `{alone[0]}` alone reaches that much code"
            return note
        if not note.startswith("nano"):
            return note
        others = [a for a in self.ctx.atoms if a not in atoms]
        if affinity is None or not any(affinity.get(a, b) > 0 for a in atoms for b in others):
            return note + "; unavoidable: it shares no code, table or call with any other function"
        return note + "; unavoidable: every function it shares code or data with is at the band's limits"

    # -- order and objective --------------------------------------------------------------------

    def _migration(self, functions, crossing, shared_tables, state) -> tuple[MigrationStep, ...]:
        scored = []
        for fn in functions:
            calls = sum(1 for c in crossing if fn.name in (c.caller_function, c.callee_function))
            tables = sum(1 for t in shared_tables if fn.name in t.writers)
            stateful = sum(1 for s in state if fn.name in s.functions)
            reason = (f"{calls} synchronous call(s) across its boundary, writes {tables} table(s) other "
                      f"functions write, touches {stateful} in-memory state item(s), {fn.reach_sloc:,} lines")
            scored.append(((tables, calls, stateful, fn.reach_sloc, fn.name), fn.name, reason))
        return tuple(MigrationStep(name, reason) for _, name, reason in sorted(scored))

    def _objective(self, groups, affinity, crossing, shared_tables, layers) -> dict[str, float]:
        cohesion = 0.0
        if affinity is not None:
            for atoms in groups.values():
                cohesion += sum(affinity.get(a, b) for i, a in enumerate(atoms) for b in atoms[i + 1:])
        duplicated = sum(l.sloc * (len(l.users) - 1) for l in layers)
        return {
            "cohesion": round(cohesion, 4),
            "crossing_calls": float(len(crossing)),
            "shared_tables": float(len(shared_tables)),
            "duplicated_lines": float(duplicated),
        }


def _fields(fn: CandidateFunction) -> dict:
    return {k: getattr(fn, k) for k in fn.__dataclass_fields__}


def _replacement(resource: str) -> tuple[str, str]:
    name = resource.lower()
    if any(w in name for w in ("cache", "memo", "lru", "_seen", "token")):
        return "key-value cache (Redis, Memcached, DynamoDB with TTL)", \
            "each instance would keep its own copy; entries written in one are missed by the others"
    if any(w in name for w in ("count", "stat", "metric", "total", "timing")):
        return "database or metrics service (atomic counters)", \
            "counts kept in memory are split across instances and lost when an instance stops"
    if any(w in name for w in ("file", "path", "upload", "blob")):
        return "object storage (S3)", "instances do not share a file system"
    return "database or key-value store", \
        "instances are many and short-lived; what one writes in memory the next does not see"
