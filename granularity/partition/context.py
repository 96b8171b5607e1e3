"""What the partitioner knows about each entry point ("atom"), computed once from the graph:
what it reaches, which tables it reads and writes, which packages it loads, where it lives."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, replace
from functools import cached_property

from granularity.model import facts as f
from granularity.model.graph import CALL, INVOKE, REFERENCES, ProgramGraph, Trigger
from granularity.partition.packages import with_dependencies

#: Module name parts that say how code is wired, not what it is about.
GENERIC_PARTS = frozenset({
    "views", "view", "api", "apis", "routes", "route", "routers", "router", "handlers", "handler",
    "endpoints", "urls", "controllers", "resources", "app", "main", "tasks", "jobs", "commands",
    "management", "cli", "signals", "receivers", "webhooks", "lambda_function", "function",
    "functions", "src", "__main__", "wsgi", "asgi", "blueprints", "blueprint", "web", "plugin",
})


#: Distinct functions one call site must reach to count as a dispatch table.
ROUTING_MIN = 4

@dataclass(frozen=True)
class Atom:
    """One entry-point unit and what it brings with it."""

    unit: str
    triggers: tuple[Trigger, ...]
    kinds: frozenset[str]
    reach: frozenset[str]
    #: Entry units it calls synchronously over the network (Lambda invoke).
    invokes: frozenset[str]
    #: Resources written and read through the reach.
    writes: frozenset[str]
    reads: frozenset[str]
    #: Third-party packages loaded, as the code is written: the import closure of the
    #: modules it reaches (what its cold start loads if deployed as it is).
    packages: frozenset[str]
    module: str
    #: The structural group (blueprint, router, Django app, module) it belongs to.
    group: str
    #: Model-signal receivers it runs in process by writing their sender's table (Django
    #: sends `post_save` inside `save()`); filled in once every atom is known.
    fires: frozenset[str] = frozenset()
    #: Third-party packages its code needs: the import closure followed only through the
    #: imports that the module body or the code it reaches uses (`needed_packages`).
    needs: frozenset[str] = frozenset()


def group_of(module: str) -> str:
    """`shop.orders.views` → `shop.orders`; `articles.management.commands.x` → `articles`;
    but `ckan.cli.jobs` and `ckan.views.api` stay themselves: stripping every generic
    part would leave the top-level package, which holds every domain of the app."""
    parts = module.split(".")
    if "management" in parts[1:] and parts[parts.index("management") + 1: parts.index("management") + 2] == ["commands"]:
        return ".".join(parts[: parts.index("management")])
    kept = list(parts)
    while len(kept) > 1 and kept[-1] in GENERIC_PARTS:
        kept.pop()
    if len(kept) == 1 and len(parts) > 2:
        return module
    return ".".join(kept)


class PlanContext:
    """Indexes over the graph that every plan and baseline is derived from."""

    def __init__(self, graph: ProgramGraph) -> None:
        self.graph = graph
        self.sloc = {q: i.unit.own_sloc for q, i in graph.units.items()}
        self.complexity = {q: i.unit.complexity for q, i in graph.units.items()}
        self.writes_by_unit: dict[str, set[str]] = defaultdict(set)
        self.reads_by_unit: dict[str, set[str]] = defaultdict(set)
        #: Tables each unit writes in a way that sends Django's model signals (not a bulk `update()`).
        self.signalled_by_unit: dict[str, set[str]] = defaultdict(set)
        for a in graph.accesses:
            (self.writes_by_unit if a.mode == "write" else self.reads_by_unit)[a.unit].add(a.resource)
            if a.mode == "write" and a.via != f.DJANGO_BULK and a.resource.startswith("table:"):
                self.signalled_by_unit[a.unit].add(a.resource)
        self.packages_by_scope: dict[str, set[str]] = defaultdict(set)
        #: scope → (package, the functions that use it (empty: loaded with the scope), conditional).
        self._package_users: dict[str, set[tuple[str, tuple[str, ...], bool]]] = defaultdict(set)
        for imp in graph.imports:
            if not imp.type_checking:
                self.packages_by_scope[imp.unit].add(imp.package)
                self._package_users[imp.unit].add((imp.package, imp.users, imp.conditional))
        self.sync_calls = [(e.caller, e.callee, e.line) for e in graph.calls
                           if e.kind == CALL and e.callee in graph.units and e.caller in graph.units]
        #: Call edges that hand a function over (a callback, a decorator) rather than call it.
        self.references = frozenset((e.caller, e.callee, e.line) for e in graph.calls if e.via in REFERENCES)
        #: Synchronous remote calls (Lambda invoke): unit → invoked entry units.
        self.invokes: dict[str, set[str]] = defaultdict(set)
        for e in graph.calls:
            if e.kind == INVOKE:
                self.invokes[e.caller].add(e.callee)
        self._rerouted: frozenset[tuple[str, str, int]] | None = None
        self.atoms = self._atoms()
        self.servers = self._servers()

    def _servers(self) -> dict[str, f.Marker]:
        """Entry points that start a server and run until it stops (a `server` marker in a
        function they reach, or in their own `__main__` block): no FaaS function, which
        ends within 15 minutes, can hold them. The first such call, by place."""
        found: dict[str, list[f.Marker]] = defaultdict(list)
        for m in self.graph.markers:
            if m.kind == "server":
                found[m.scope].append(m)
        if not found:
            return {}
        out = {}
        for name, atom in self.atoms.items():
            hits = [m for u in atom.reach if u in found and u in self.graph.units
                    and (u == name or self.graph.units[u].unit.kind != f.MODULE) for m in found[u]]
            if hits:
                out[name] = min(hits, key=lambda m: (self.graph.units[m.scope].path, m.line, m.detail))
        return out

    def _routes(self) -> dict[str, list[Trigger]]:
        """Handlers routed by a Lambda-lith through a dispatch table, as entry points of their own.

        A call site that resolves to ROUTING_MIN or more app functions is a dispatch table
        (`ROUTES[key](event)`); when a declared Lambda handler reaches one, each handler in
        the table is something API Gateway could route to directly."""
        sites: dict[tuple[str, int], set[str]] = defaultdict(set)
        for caller, callee, line in self.sync_calls:
            if self.graph.units[callee].unit.kind in (f.FUNCTION, f.LAMBDA):
                sites[(caller, line)].add(callee)
        self.routing_sites = {k: v for k, v in sites.items() if len(v) >= ROUTING_MIN}
        routes: dict[str, list[Trigger]] = defaultdict(list)
        for t in self.graph.entry_points:
            if t.framework != "aws-lambda" or t.kind not in ("http", "faas"):
                continue
            reach = set(self.graph.reach.get(t.unit, ()))
            for (caller, _), callees in sorted(self.routing_sites.items()):
                if caller in reach:
                    for callee in sorted(callees):
                        routes[callee].append(Trigger(callee, "http", "aws-lambda-route",
                                                      (("router", t.unit),), t.path, t.line))
        return routes

    def _reach_from(self, unit: str, skip_sites: bool) -> frozenset[str]:
        succ: dict[str, set[str]] = self._succ
        seen = {unit}
        stack = [unit]
        while stack:
            current = stack.pop()
            for nxt, line in succ.get(current, ()):
                if skip_sites and (current, line) in self.routing_sites:
                    continue
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)

    def _atoms(self) -> dict[str, Atom]:
        by_unit: dict[str, list[Trigger]] = defaultdict(list)
        for t in self.graph.entry_points:
            by_unit[t.unit].append(t)
        self._succ: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for caller, callee, line in self.sync_calls:
            self._succ[caller].add((callee, line))
        routes = self._routes()
        routers = {t.detail("router") for ts in routes.values() for t in ts}
        #: Lambda-lith handler → the handlers it routes through its dispatch table.
        self.routed: dict[str, tuple[str, ...]] = {
            r: tuple(sorted(c for c, ts in routes.items() if any(t.detail("router") == r for t in ts)))
            for r in sorted(routers)}
        for callee, triggers in routes.items():
            if callee not in by_unit:
                by_unit[callee].extend(triggers)
        atoms = {}
        for unit in sorted(by_unit):
            if unit in routers or unit in routes:
                reach = self._reach_from(unit, skip_sites=True)
            else:
                reach = frozenset(self.graph.reach.get(unit, (unit,)))
            module = self.graph.units[unit].module if unit in self.graph.units else unit
            invoked = frozenset(v for u in reach for v in self.invokes.get(u, ()))
            # A router's table is split by the plan: each routed module comes with its
            # handlers, not with the router.
            skip = {self.graph.units[h].module for h in self.routed.get(unit, ()) if h in self.graph.units}
            atoms[unit] = Atom(
                unit=unit,
                invokes=invoked,
                triggers=tuple(by_unit[unit]),
                kinds=frozenset(t.kind for t in by_unit[unit]),
                reach=reach,
                writes=frozenset(r for u in reach for r in self.writes_by_unit.get(u, ())),
                reads=frozenset(r for u in reach for r in self.reads_by_unit.get(u, ())),
                packages=frozenset(self.import_closure(reach, skip)),
                needs=frozenset(self.needed_packages(reach, skip)),
                module=module,
                group=group_of(module),
            )
        return self._with_fires(atoms)

    def _with_fires(self, atoms: dict[str, Atom]) -> dict[str, Atom]:
        """Each atom's `fires`: the model-signal receivers whose sender table (trigger detail
        `table`) it writes by `save()`, `create()` or `delete()`; a bulk `update()` sends
        no signal. Saves and deletes are not told apart: a save also counts for a
        `post_delete` receiver (an over-approximation). And the receivers of a signal that
        code it reaches sends by a call (`signal` markers: `login()` sends `user_logged_in`)."""
        receivers: dict[str, set[str]] = defaultdict(set)
        by_signal: dict[str, set[str]] = defaultdict(set)
        for name, atom in atoms.items():
            for t in atom.triggers:
                if t.detail("table"):
                    receivers[t.detail("table")].add(name)
                elif t.kind == "event" and t.framework == "django" and t.detail("event"):
                    by_signal[t.detail("event")].add(name)
        sends: dict[str, set[str]] = defaultdict(set)
        for m in self.graph.markers:
            if m.kind == "signal" and m.detail in by_signal:
                sends[m.scope].add(m.detail)
        if not receivers and not sends:
            return atoms
        out = {}
        for name, atom in atoms.items():
            tables = {r for u in atom.reach for r in self.signalled_by_unit.get(u, ())}
            fired = {r for table in tables & receivers.keys() for r in receivers[table]}
            fired |= {r for u in atom.reach for s in sends.get(u, ()) for r in by_signal[s]}
            fired.discard(name)
            out[name] = replace(atom, fires=frozenset(fired)) if fired else atom
        return out

    def import_closure(self, units: frozenset[str] | set[str],
                       skip: set[str] | frozenset[str] = frozenset()) -> set[str]:
        """Third-party packages loaded when these units' modules are imported and they run;
        modules in `skip` are not followed."""
        modules = {self.graph.units[u].module for u in units if u in self.graph.units}
        seen: set[str] = set()
        stack = sorted(modules - set(skip))
        while stack:
            module = stack.pop()
            if module in seen or module in skip:
                continue
            seen.add(module)
            stack.extend(self.graph.module_imports.get(module, ()))
        packages: set[str] = set()
        for scope in seen | set(units):
            packages |= self.packages_by_scope.get(scope, set())
        return with_dependencies(packages)

    def needed_packages(self, units: frozenset[str] | set[str],
                        skip: set[str] | frozenset[str] = frozenset()) -> set[str]:
        """Third-party packages the code of these units needs once it is deployed on its own:
        the modules holding that code, what their module bodies import, and what the
        functions among these units import. Left behind: an import that only other
        functions of a module use (`import numpy` used by the report code of a CLI module),
        with the app module it would load, and a third-party import inside `if`/`try` at
        module level (an optional dependency or a platform probe: the code runs without
        it). Modules in `skip` are not followed."""
        reached = units if isinstance(units, (set, frozenset)) else set(units)
        return self._needed_from(self._needed_modules(reached, skip), reached)

    def _needed_from(self, seen: set[str], reached: set[str] | frozenset[str]) -> set[str]:
        packages: set[str] = set()
        for module in seen:
            for package, users, conditional in self._package_users.get(module, ()):
                if not conditional and (not users or not reached.isdisjoint(users)):
                    packages.add(package)
        for unit in reached:
            if unit not in seen:
                packages.update(p for p, _, _ in self._package_users.get(unit, ()))
        return with_dependencies(packages)

    def _needed_modules(self, reached: set[str] | frozenset[str], skip) -> set[str]:
        owned_by = self.graph.module_import_users
        seen: set[str] = set()
        stack = sorted({self.graph.units[u].module for u in reached if u in self.graph.units} - set(skip))
        while stack:
            module = stack.pop()
            if module in seen or module in skip:
                continue
            seen.add(module)
            owned = owned_by.get(module, {})
            for imported in self.graph.module_imports.get(module, ()):
                users = owned.get(imported)
                if users is None or not reached.isdisjoint(users):
                    stack.append(imported)
        return seen

    def left_behind(self, units: set[str] | frozenset[str],
                    skip: set[str] | frozenset[str] = frozenset()) -> dict[str, tuple[str, str, str]]:
        """Packages the code as written loads for these units and their code does not need
        (see `needed_packages`) → how each comes in: (importing module, app module it
        imports, "") for the first step out of the modules the code needs, or (module,
        package, "conditional" or "unused") for a needed module's own import, inside
        `if`/`try` or used only by code these units do not run."""
        reached = units if isinstance(units, (set, frozenset)) else set(units)
        needed = self._needed_modules(reached, skip)
        needs = self._needed_from(needed, reached)
        parent: dict[str, str] = {}
        queue = deque(sorted(needed))
        seen = set(needed)
        while queue:
            module = queue.popleft()
            for imported in self.graph.module_imports.get(module, ()):
                if imported not in seen and imported not in skip:
                    seen.add(imported)
                    parent[imported] = module
                    queue.append(imported)
        out: dict[str, tuple[str, str, str]] = {}
        for module in sorted(seen):
            for package, _, conditional in sorted(self._package_users.get(module, ())):
                if package in needs or package in out:
                    continue
                step = module
                while step in parent and parent[step] not in needed:
                    step = parent[step]
                if step in parent:
                    out[package] = (parent[step], step, "")
                else:
                    out[package] = (module, package, "conditional" if conditional else "unused")
        return out

    def rerouted_calls(self) -> frozenset[tuple[str, str, int]]:
        """Call edges of a Lambda-lith's dispatch table to the handlers it routes: the plan
        splits the table, so these become API Gateway routes, not remote calls."""
        if self._rerouted is None:
            handlers = {h for hs in self.routed.values() for h in hs}
            self._rerouted = frozenset((c, e, line) for c, e, line in self.sync_calls
                                       if e in handlers and (c, line) in self.routing_sites)
        return self._rerouted

    def reach_sloc(self, units) -> int:
        return sum(self.sloc.get(u, 0) for u in units)

    @cached_property
    def app_package(self) -> str:
        """The top-level package holding more than half of the entry points: the app itself
        (`ckan` beside its `ckanext` plugins), which names and groups nothing; "" if none."""
        tops: dict[str, int] = defaultdict(int)
        for atom in self.atoms.values():
            tops[atom.group.split(".")[0]] += 1
        if not tops:
            return ""
        top, held = sorted(tops.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return top if 2 * held > len(self.atoms) else ""

    @cached_property
    def common_units(self) -> frozenset[str]:
        """Units reached by so many entry points that they say nothing about which belong
        together: more than a quarter of the entry points (at least 4, at most 40)."""
        counts: dict[str, int] = defaultdict(int)
        for atom in self.atoms.values():
            for unit in atom.reach:
                counts[unit] += 1
        limit = max(4, min(len(self.atoms) // 4, 40))
        return frozenset(u for u, n in counts.items() if n > limit)

    @cached_property
    def own_tables(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """Per entry point, the tables (written, read) that its reach touches outside the
        common units: a table that code most entry points run touches (an auth dependency
        reading `users`, a request hook stamping `last_seen`) says nothing about which
        belong together, the same way that code does not."""
        common = self.common_units
        out = {}
        for name, atom in self.atoms.items():
            units = [u for u in atom.reach if u not in common or u == atom.unit]
            writes = frozenset(r for u in units for r in self.writes_by_unit.get(u, ()) if r.startswith("table:"))
            reads = frozenset(r for u in units for r in self.reads_by_unit.get(u, ()) if r.startswith("table:"))
            out[name] = (writes, reads - writes)
        return out

    @cached_property
    def waits(self) -> dict[str, frozenset[str]]:
        """Entry points each entry point waits on: those whose entry unit it reaches by a
        synchronous call, invokes synchronously or runs as a model-signal receiver, and,
        transitively, those they wait on."""
        names = set(self.atoms)
        direct = {a: (atom.reach | atom.invokes | atom.fires) & names - {a} for a, atom in self.atoms.items()}
        out: dict[str, frozenset[str]] = {}
        for a in sorted(direct):
            seen: set[str] = set()
            stack = sorted(direct[a])
            while stack:
                b = stack.pop()
                if b not in seen and b != a:
                    seen.add(b)
                    stack.extend(sorted(direct[b]))
            out[a] = frozenset(seen)
        return out

