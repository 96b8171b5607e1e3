"""The algorithm: constrained average-linkage agglomeration of entry points, then a
refinement by single moves.

Objective: keep together what has affinity (docs/partition.md, affinity.py) and cut
where the cut is cheap, inside the band. The steps:

1. One function per entry point; pinned and keep-together groups merged first; entry
   points kept in the monolith, and those that start a server, left out.
2. Repeatedly merge the two functions with the highest *average* pairwise affinity, as
   long as it is at least THRESHOLD and the merged function stays inside the band and the
   constraints (a heap of candidate pairs, stale entries skipped).
3. A Lambda-lith's router left alone joins the function holding most routes of the domain
   (route module) it routes most.
4. Merge every nano-function (fewer own lines than the band's minimum) into the function
   it has most affinity with (on a tie, the one with fewest entry points), if the band
   allows; gather those that share nothing into one function.
5. Move single entry points to another function while that lowers the cut: synchronous
   calls between functions plus extra writers of tables, and leaves no new nano-function.

Deterministic: ties are broken by name everywhere.
"""

from __future__ import annotations

import fnmatch
import heapq
import math
from collections import defaultdict

from granularity.errors import ConfigError
from granularity.partition.affinity import Affinity
from granularity.partition.context import PlanContext
from granularity.partition.mixing import reason_between
from granularity.partition.settings import PlanSettings

#: Merge while the average affinity reaches this: e.g. a fully shared written table (2.0),
#: or the same blueprint and most of the code (0.75 + ≥0.25), or one calling the other (3.0).
THRESHOLD = 1.0


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _connected(groups: list[set[str]]) -> list[set[str]]:
    """Merge groups that overlap, until none do."""
    out: list[set[str]] = []
    for group in groups:
        group = set(group)
        for other in [o for o in out if o & group]:
            group |= other
            out.remove(other)
        out.append(group)
    return out


class Agglomeration:
    """Groups of atoms, merged under the band; `run()` returns them by key."""

    def __init__(self, ctx: PlanContext, affinity: Affinity, settings: PlanSettings) -> None:
        self.ctx = ctx
        self.aff = affinity
        self.settings = settings
        self.band = settings.band
        self.members: dict[str, list[str]] = {a: [a] for a in sorted(ctx.atoms)}
        self.fixed_names: dict[str, str] = {}
        self.excluded: list[str] = []
        #: Entry points left out because they start a server (`PlanContext.servers`).
        self.servers: list[str] = []
        #: The function that gathers nano-functions sharing nothing with any other, if any.
        self.gathered: str | None = None
        #: key → neighbour key → summed affinity between their atoms.
        self.links: dict[str, dict[str, float]] = defaultdict(dict)
        #: How many functions deploy each unit, while `_refine` moves entry points (None: stale).
        self._counts: dict[str, int] | None = None
        #: Band figures of a set of atoms: the same parts are weighed again at every
        #: candidate merge, and a union of reaches costs as much as its size.
        self._figure_cache: dict[frozenset[str], tuple[int, int, int, float]] = {}

    # -- constraints ----------------------------------------------------------------------

    def _pre_merge(self) -> None:
        c = self.settings.constraints
        self._check_constraints()
        for a in [a for a in list(self.members) if _matches(a, c.monolith)]:
            self.members.pop(a)
            self.excluded.append(a)
        # A server runs until stopped: no function can hold it, unless the user groups it.
        for a in sorted(self.ctx.servers):
            grouped = any(_matches(a, g) for g in c.keep_together) or any(
                _matches(a, g) or _matches(self.ctx.atoms[a].module, g) for _, g in c.pin)
            if a in self.members and not grouped:
                self.members.pop(a)
                self.servers.append(a)
        for name, patterns in c.pin:
            pinned = [a for a in sorted(self.members)
                      if _matches(self.ctx.atoms[a].module, patterns) or _matches(a, patterns)]
            if pinned:
                self.fixed_names[self._merge_all(pinned)] = name
        for group in c.keep_together:
            # a pinned function keeps its key, and so its name
            keys = sorted({self._key_of(a) for a in self.ctx.atoms if _matches(a, group)} - {None},
                          key=lambda k: (k not in self.fixed_names, k))
            if len(keys) > 1:
                self._merge_all(keys)

    def _check_constraints(self) -> None:
        """Constraints that match no entry point, or that no plan can honour together, are
        configuration errors: the plan would silently ignore one of them."""
        c = self.settings.constraints
        atoms = sorted(self.ctx.atoms)
        kept = [a for a in atoms if not _matches(a, c.monolith)]
        errors: list[str] = []

        def unmatched(where: str, patterns: tuple[str, ...], names: list[str]) -> None:
            for p in patterns:
                if not any(fnmatch.fnmatchcase(n, p) for n in names):
                    errors.append(f"{where}: {p!r} matches no entry point")

        unmatched("plan.monolith", c.monolith, atoms)
        pin_of: dict[str, str] = {}
        for name, patterns in c.pin:
            unmatched(f"plan.pin.{name}", patterns,
                      sorted({self.ctx.atoms[a].module for a in atoms} | set(atoms)))
            for a in kept:
                if _matches(self.ctx.atoms[a].module, patterns) or _matches(a, patterns):
                    if a in pin_of:
                        errors.append(f"plan.pin: {a} is pinned to both {pin_of[a]!r} and {name!r}")
                    else:
                        pin_of[a] = name
        together: list[set[str]] = []
        for i, group in enumerate(c.keep_together):
            unmatched(f"plan.keep-together[{i}]", group, atoms)
            members = {a for a in kept if _matches(a, group)}
            pins = sorted({pin_of[a] for a in members if a in pin_of})
            if len(pins) > 1:
                errors.append(f"plan.keep-together[{i}] joins entry points pinned to different functions: "
                              + ", ".join(repr(p) for p in pins))
            together.append(members)
        for i, group in enumerate(c.keep_apart):
            unmatched(f"plan.keep-apart[{i}]", group, atoms)
            apart = {a for a in kept if _matches(a, group)}
            # Groups that must share a function: keep-together groups (joined when they
            # overlap) and pins.
            joined = [set(m) for m in together if m]
            for name in sorted(set(pin_of.values())):
                joined.append({a for a, n in pin_of.items() if n == name})
            for bound in _connected(joined):
                clash = sorted(bound & apart)
                if len(clash) > 1:
                    errors.append(f"plan.keep-apart[{i}]: {clash[0]} and {clash[1]} must also share a "
                                  "function (keep-together or pin)")
        if errors:
            raise ConfigError(f"{len(errors)} problem(s) with the plan's constraints:\n  " + "\n  ".join(errors))

    def _key_of(self, atom: str) -> str | None:
        for key, members in self.members.items():
            if atom in members:
                return key
        return None

    def _merge_all(self, keys: list[str]) -> str:
        for other in keys[1:]:
            if other in self.members and other != keys[0]:
                self.members[keys[0]].extend(self.members.pop(other))
        self.members[keys[0]].sort()
        return keys[0]

    def _apart(self, x: list[str], y: list[str]) -> bool:
        return any(any(_matches(a, g) for a in x) and any(_matches(a, g) for a in y)
                   for g in self.settings.constraints.keep_apart)

    # -- the band -------------------------------------------------------------------------

    def _figures(self, atoms: list[str]) -> tuple[int, int, int, float]:
        key = frozenset(atoms)
        found = self._figure_cache.get(key)
        if found is None:
            found = self._figure_cache[key] = self._measure(atoms)
        return found

    def _measure(self, atoms: list[str]) -> tuple[int, int, int, float]:
        reach = set().union(*(self.ctx.atoms[a].reach for a in atoms))
        tables = {r for a in atoms for r in self.ctx.atoms[a].writes if r.startswith("table:")}
        packages = set().union(*(self.ctx.atoms[a].needs for a in atoms))
        return (len(atoms), self.ctx.reach_sloc(reach), len(tables),
                math.fsum(self.aff.sizes_mb.get(p, 0.0) for p in packages))

    def fits(self, atoms: list[str], parts: tuple[list[str], ...] = ()) -> bool:
        """Inside the band. A limit that a part already breaks only blocks the merge if
        the merged function is worse on it than that part (torch imported by every module
        of an app must not keep every entry point apart). But a part inside the limits on
        deployed code or package MB is never pushed past them: that would make light entry
        points load a heavy one's packages and code at every cold start. (Tables are
        different: such a merge writes no table that the part breaking the limit does not
        write already.)"""
        band = self.band
        limits = (band.max_entry_points, band.max_reach_sloc, band.max_tables_written, band.max_import_mb)
        merged = self._figures(atoms)
        figures = [self._figures(p) for p in parts]
        for i, (value, limit) in enumerate(zip(merged, limits)):
            if value <= limit:
                continue
            if i == 0 or not figures or value > max(f[i] for f in figures):
                return False  # entry points have no exemption; nor does a merge that is worse
            if i != 2 and any(f[i] <= limit for f in figures):
                return False  # a part inside the code or MB limit would be pushed past it
        return True

    def _mix_allowed(self, x: list[str], y: list[str]) -> bool:
        def kinds(group: list[str]) -> tuple[bool, bool]:
            return (any("http" in self.ctx.atoms[a].kinds for a in group),
                    any(self.ctx.atoms[a].kinds - {"http"} for a in group))
        http_x, other_x = kinds(x)
        http_y, other_y = kinds(y)
        mixes = (http_x or http_y) and (other_x or other_y) and not (http_x and other_x) \
            and not (http_y and other_y)
        if not mixes or self.band.mixed_triggers == "allow":
            return True
        if self.band.mixed_triggers == "forbid":
            return False
        return reason_between(self.ctx, x, y)

    def can_merge(self, x: str, y: str) -> bool:
        mx, my = self.members[x], self.members[y]
        if x in self.fixed_names and y in self.fixed_names:
            return False
        return not self._apart(mx, my) and self._mix_allowed(mx, my) and self.fits(mx + my, (mx, my))

    # -- agglomeration ----------------------------------------------------------------------

    def run(self) -> dict[str, list[str]]:
        self._pre_merge()
        self._build_links()
        self._agglomerate()
        self._seat_routers()
        self._absorb_nanos()
        self._refine()
        if self.gathered not in self.members or self.gathered in self.fixed_names:
            self.gathered = None
        return {k: sorted(v) for k, v in sorted(self.members.items())}

    def _build_links(self) -> None:
        where = {a: k for k, ms in self.members.items() for a in ms}
        for (a, b), value in sorted(self.aff.pairs.items()):
            ka, kb = where.get(a), where.get(b)
            if ka is None or kb is None or ka == kb:
                continue
            self.links[ka][kb] = self.links[ka].get(kb, 0.0) + value
            self.links[kb][ka] = self.links[kb].get(ka, 0.0) + value

    def average(self, x: str, y: str) -> float:
        return self.links[x].get(y, 0.0) / (len(self.members[x]) * len(self.members[y]))

    def _push(self, heap: list, x: str, y: str) -> None:
        a, b = (x, y) if x < y else (y, x)
        heapq.heappush(heap, (-self.average(a, b), a, b, len(self.members[a]), len(self.members[b])))

    def _agglomerate(self) -> None:
        heap: list = []
        for x in sorted(self.links):
            for y in sorted(self.links[x]):
                if x < y:
                    self._push(heap, x, y)
        while heap:
            neg, x, y, nx, ny = heapq.heappop(heap)
            if -neg < THRESHOLD:
                break
            if x not in self.members or y not in self.members or \
                    (len(self.members[x]), len(self.members[y])) != (nx, ny):
                continue  # stale: one side has changed since this entry was pushed
            if not self.can_merge(x, y):
                continue
            keep = self._merge(x, y)
            for z in sorted(self.links[keep]):
                self._push(heap, keep, z)

    def _merge(self, x: str, y: str) -> str:
        keep, drop = (x, y) if x < y else (y, x)
        if drop in self.fixed_names:
            keep, drop = drop, keep
        self.members[keep].extend(self.members.pop(drop))
        self.members[keep].sort()
        for z, value in self.links.pop(drop, {}).items():
            self.links[z].pop(drop, None)
            if z != keep:
                self.links[keep][z] = self.links[keep].get(z, 0.0) + value
                self.links[z][keep] = self.links[z].get(keep, 0.0) + value
        self.links[keep].pop(keep, None)
        self.links[keep].pop(drop, None)
        return keep

    # -- routers ------------------------------------------------------------------------------

    def _seat_routers(self) -> None:
        """A Lambda-lith's router left alone joins a function that holds handlers it routes.

        Once the plan has split its dispatch table, the router serves only the routes of
        the function it sits in, and imports only their modules. It keeps the domain it
        routes most: the function holding most handlers of the route module with most
        entries in its table, then the function holding most of its handlers, then by name.
        Alone it would be a proxy whose every request is a synchronous hop into another
        function; with them, the routes it still serves stay in process."""
        for router, handlers in sorted(self.ctx.routed.items()):
            key = self._key_of(router)
            if key is None or self.members[key] != [router]:
                continue
            where = self._where()
            by_module: dict[str, int] = defaultdict(int)
            for h in handlers:
                by_module[self.ctx.atoms[h].module] += 1
            domain = sorted(by_module, key=lambda m: (-by_module[m], m))[0] if by_module else ""
            held: dict[str, int] = defaultdict(int)
            held_domain: dict[str, int] = defaultdict(int)
            for h in handlers:
                if h in where:
                    held[where[h]] += 1
                    held_domain[where[h]] += self.ctx.atoms[h].module == domain
            for target in sorted(held, key=lambda k: (-held_domain[k], -held[k], k)):
                if self.can_merge(key, target):
                    self._merge(key, target)
                    break

    # -- nano-functions ----------------------------------------------------------------------

    def _reach_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for members in self.members.values():
            for u in set().union(*(self.ctx.atoms[a].reach for a in members)):
                counts[u] += 1
        return counts

    def own_sloc(self, key: str, counts: dict[str, int]) -> int:
        reach = set().union(*(self.ctx.atoms[a].reach for a in self.members[key]))
        return self.ctx.reach_sloc(u for u in reach if counts[u] <= 1)

    def _is_nano(self, key: str, counts: dict[str, int]) -> bool:
        return key not in self.fixed_names and self.own_sloc(key, counts) < self.band.min_own_sloc

    def _absorb_nanos(self) -> None:
        changed = True
        while changed and len(self.members) > 1:
            changed = False
            counts = self._reach_counts()
            for key in sorted(self.members):
                if not self._is_nano(key, counts):
                    continue
                # Equally close functions: the one with fewest entry points (a tie says
                # nothing about where it belongs; the smaller function is further from the
                # band's limits and redeploys fewer routes), then by name.
                options = sorted((-round(self.average(key, z), 9), len(self.members[z]), z)
                                 for z in self.links[key])
                target = next((z for _, _, z in options if self.can_merge(key, z)), None)
                if target is not None:
                    self._merge(key, target)
                    changed = True
                    break
        self._gather_leftovers()

    def _gather_leftovers(self) -> None:
        """Nano-functions that share nothing with any other function (a health check, a
        debug task, a script) are gathered into one: deployed alone, each would pay a
        deployable and a cold start for a few lines."""
        counts = self._reach_counts()
        leftovers = [k for k in sorted(self.members) if self._is_nano(k, counts)]
        merged = leftovers[0] if leftovers else None
        for other in leftovers[1:]:
            if self.fits(self.members[merged] + self.members[other], (self.members[merged], self.members[other])) and \
                    not self._apart(self.members[merged], self.members[other]):
                merged = self._merge(merged, other)
                self.gathered = merged

    # -- refinement ---------------------------------------------------------------------------

    def _refine(self, passes: int = 4) -> None:
        """Move single entry points between functions while that lowers the cut, keeps the
        band and the constraints, and leaves no function below the band's minimum."""
        atoms = self.ctx.atoms
        placed = self._where()
        calls: dict[str, set[str]] = defaultdict(set)
        for a, atom in atoms.items():
            for b in (atom.reach | atom.invokes | atom.fires) & atoms.keys():
                if b != a and a in placed and b in placed:
                    calls[a].add(b)
                    calls[b].add(a)
        tables = {a: {r for r in atom.writes if r.startswith("table:")} for a, atom in atoms.items()}
        # Pinned entry points, and those a keep-together group holds, stay where they are.
        pinned = {a for k in self.fixed_names for a in self.members.get(k, [])}
        pinned |= {a for group in self.settings.constraints.keep_together
                   for a in placed if _matches(a, group)}
        self._counts = None
        for _ in range(passes):
            where = self._where()
            writers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for a, k in where.items():
                for t in tables[a]:
                    writers[t][k] += 1
            moved = False
            for atom in sorted(where):
                if atom in pinned:
                    continue
                source = where[atom]
                best = None
                for target in sorted(self.members):
                    if target == source:
                        continue
                    delta = self._delta(atom, source, target, where, calls[atom], tables[atom], writers)
                    if delta < 0 and (best is None or delta < best[0]) and \
                            self._move_allowed(atom, source, target):
                        best = (delta, target)
                if best is not None:
                    self._move(atom, source, best[1], where, tables[atom], writers)
                    moved = True
            if not moved:
                break

    def _where(self) -> dict[str, str]:
        return {a: k for k, ms in self.members.items() for a in ms}

    @staticmethod
    def _delta(atom, source, target, where, neighbours, tables, writers) -> int:
        calls = sum((where[n] != target) - (where[n] != source) for n in neighbours)
        extra = 0
        for t in tables:
            extra -= 1 if writers[t][source] == 1 else 0
            extra += 1 if writers[t][target] == 0 else 0
        return calls + extra

    def _move_allowed(self, atom: str, source: str, target: str) -> bool:
        rest = [a for a in self.members[source] if a != atom]
        if self._apart([atom], self.members[target]) or not self._mix_allowed([atom], self.members[target]):
            return False
        if not self.fits(self.members[target] + [atom], (self.members[target], [atom])):
            return False
        if rest and self._leaves_nano(atom, source, target):
            return False
        return sum(self.aff.get(atom, b) for b in self.members[target]) > 0

    def _leaves_nano(self, atom: str, source: str, target: str) -> bool:
        """True when moving the atom would leave its source function with fewer own lines
        than the band's minimum (lines no other function deploys: the nano-function test)."""
        if self._counts is None:
            self._counts = self._reach_counts()
        counts = self._counts
        if self._is_nano(source, counts):
            return False
        if source in self.fixed_names:
            return False
        # After the move, a unit the rest of the source reaches is deployed once more when
        # the moved atom reaches it and the target did not: the source keeps it as its own
        # only if nothing else deploys it.
        reach = self.ctx.atoms
        rest = set().union(*(reach[a].reach for a in self.members[source] if a != atom))
        before = set().union(*(reach[a].reach for a in self.members[target]))
        gained = reach[atom].reach - before
        own = self.ctx.reach_sloc(u for u in rest if counts[u] + (u in gained) <= 1)
        return own < self.band.min_own_sloc

    def _move(self, atom, source, target, where, tables, writers) -> None:
        self._counts = None
        self.members[source].remove(atom)
        self.members[target].append(atom)
        self.members[target].sort()
        if not self.members[source]:
            del self.members[source]
        where[atom] = target
        for t in tables:
            writers[t][source] -= 1
            writers[t][target] += 1
