"""The algorithm: constrained average-linkage agglomeration of entry points.

Objective (maximised): the summed affinity of pairs of entry points that share a function
(docs/partition.md), subject to the band. Greedy agglomeration climbs it: start with one
function per entry point (pinned and keep-together groups pre-merged), repeatedly merge
the two functions with the highest *average* pairwise affinity, as long as that average
is at least THRESHOLD and the merged function stays inside the band and the user's
constraints. Then every function still below the band's minimum size (a nano-function)
is merged into the neighbour it has most affinity with, if the band allows.

Deterministic: every choice is made on sorted keys, ties broken by name.
"""

from __future__ import annotations

import fnmatch

from granularity.partition.affinity import Affinity
from granularity.partition.context import PlanContext
from granularity.partition.settings import PlanSettings

#: Merge while the average affinity reaches this: e.g. a fully shared written table (2.0),
#: or the same blueprint and most of the code (0.75 + ≥0.25), or one calling the other (3.0).
THRESHOLD = 1.0


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


class Agglomeration:
    """Groups of atoms, merged under the band; `groups()` is the result."""

    def __init__(self, ctx: PlanContext, affinity: Affinity, settings: PlanSettings) -> None:
        self.ctx = ctx
        self.aff = affinity
        self.settings = settings
        self.band = settings.band
        self.members: dict[str, list[str]] = {a: [a] for a in sorted(ctx.atoms)}
        self.fixed_names: dict[str, str] = {}
        self.excluded: list[str] = []

    # -- constraints ----------------------------------------------------------------------

    def _pre_merge(self) -> None:
        c = self.settings.constraints
        monolith = [a for a in list(self.members) if _matches(a, c.monolith)]
        for a in monolith:
            self.members.pop(a, None)
        self.excluded = monolith
        for name, patterns in c.pin:
            pinned = [a for a in sorted(self.members)
                      if _matches(self.ctx.atoms[a].module, patterns) or _matches(a, patterns)]
            if pinned:
                key = self._merge_all(pinned)
                self.fixed_names[key] = name
        for group in c.keep_together:
            together = [a for a in sorted(self.ctx.atoms) if _matches(a, group)]
            keys = sorted({self._key_of(a) for a in together if self._key_of(a)})
            if len(keys) > 1:
                self._merge_all(keys)

    def _key_of(self, atom: str) -> str | None:
        for key, members in self.members.items():
            if atom in members:
                return key
        return None

    def _merge_all(self, keys: list[str]) -> str:
        first = keys[0]
        for other in keys[1:]:
            if other in self.members and other != first:
                self.members[first].extend(self.members.pop(other))
        self.members[first].sort()
        return first

    def _apart(self, x: list[str], y: list[str]) -> bool:
        for group in self.settings.constraints.keep_apart:
            in_x = any(_matches(a, group) for a in x)
            in_y = any(_matches(a, group) for a in y)
            if in_x and in_y:
                return True
        return False

    # -- the band -------------------------------------------------------------------------

    def fits(self, atoms: list[str]) -> bool:
        band = self.band
        if len(atoms) > band.max_entry_points:
            return False
        reach = set().union(*(self.ctx.atoms[a].reach for a in atoms))
        if self.ctx.reach_sloc(reach) > band.max_reach_sloc:
            return False
        tables = {r for a in atoms for r in self.ctx.atoms[a].writes if r.startswith("table:")}
        if len(tables) > band.max_tables_written:
            return False
        packages = set().union(*(self.ctx.atoms[a].packages for a in atoms))
        if sum(self.aff.sizes_mb.get(p, 0.0) for p in packages) > band.max_import_mb:
            return False
        return True

    def _mix_allowed(self, x: list[str], y: list[str]) -> bool:
        http_x = any("http" in self.ctx.atoms[a].kinds for a in x)
        http_y = any("http" in self.ctx.atoms[a].kinds for a in y)
        other_x = any(self.ctx.atoms[a].kinds - {"http"} for a in x)
        other_y = any(self.ctx.atoms[a].kinds - {"http"} for a in y)
        mixes = (http_x or http_y) and (other_x or other_y) and not (http_x and other_x) \
            and not (http_y and other_y)
        if not mixes or self.band.mixed_triggers == "allow":
            return True
        if self.band.mixed_triggers == "forbid":
            return False
        return any(self.aff.reason(a, b).get("data", 0) > 0 or self.aff.reason(a, b).get("code", 0) > 0
                   or self.aff.reason(a, b).get("call", 0) > 0 for a in x for b in y)

    def can_merge(self, x: str, y: str) -> bool:
        mx, my = self.members[x], self.members[y]
        if x in self.fixed_names and y in self.fixed_names:
            return False
        return (not self._apart(mx, my) and self._mix_allowed(mx, my) and self.fits(mx + my))

    # -- the algorithm ----------------------------------------------------------------------

    def average(self, x: str, y: str) -> float:
        mx, my = self.members[x], self.members[y]
        total = sum(self.aff.get(a, b) for a in mx for b in my)
        return total / (len(mx) * len(my))

    def run(self) -> dict[str, list[str]]:
        self._pre_merge()
        blocked: set[tuple[str, str]] = set()
        while True:
            best = self._best_pair(blocked, THRESHOLD)
            if best is None:
                break
            x, y = best
            if self.can_merge(x, y):
                self._merge(x, y)
            else:
                blocked.add((x, y))
        self._absorb_nanos()
        self._refine()
        return {k: sorted(v) for k, v in sorted(self.members.items())}

    # -- refinement ---------------------------------------------------------------------------

    def _cut_cost(self, where: dict[str, str]) -> tuple[int, int]:
        """(synchronous calls between entry points in different functions, extra writers of
        tables: for each table, the functions writing it minus one)."""
        calls = sum(1 for a, b in self._atom_calls if where[a] != where[b])
        writers: dict[str, set[str]] = {}
        for a, tables in self._atom_tables.items():
            for t in tables:
                writers.setdefault(t, set()).add(where[a])
        return calls, sum(len(w) - 1 for w in writers.values())

    def _refine(self, passes: int = 4) -> None:
        """Move single entry points between functions while that lowers the cut (crossing
        synchronous calls plus extra table writers), keeps the band and the constraints,
        and does not leave a nano-function behind. First improvement, sorted order."""
        atoms = self.ctx.atoms
        self._atom_calls = sorted((a, b) for a in atoms for b in (atoms[a].reach | atoms[a].invokes)
                                  if b in atoms and b != a)
        self._atom_tables = {a: {r for r in atom.writes if r.startswith("table:")} for a, atom in atoms.items()}
        pinned = {a for k in self.fixed_names for a in self.members.get(k, [])}
        for _ in range(passes):
            where = {a: k for k, ms in self.members.items() for a in ms}
            cost = sum(self._cut_cost(where))
            moved = False
            for atom in sorted(where):
                if atom in pinned or atom not in where:
                    continue
                source = where[atom]
                for target in sorted(self.members):
                    if target == source or not self._move_allowed(atom, source, target):
                        continue
                    where[atom] = target
                    new_cost = sum(self._cut_cost(where))
                    if new_cost < cost:
                        self._move(atom, source, target)
                        cost, moved = new_cost, True
                        break
                    where[atom] = source
                where = {a: k for k, ms in self.members.items() for a in ms}
            if not moved:
                break

    def _move_allowed(self, atom: str, source: str, target: str) -> bool:
        rest = [a for a in self.members[source] if a != atom]
        joined = self.members[target] + [atom]
        if self._apart([atom], self.members[target]) or not self._mix_allowed([atom], self.members[target]):
            return False
        if not self.fits(joined):
            return False
        if rest:
            mine = set().union(*(self.ctx.atoms[a].reach for a in rest))
            if self.ctx.reach_sloc(mine) < self.band.min_own_sloc:
                return False
        return self.average_with(atom, target) > 0

    def average_with(self, atom: str, key: str) -> float:
        members = self.members[key]
        return sum(self.aff.get(atom, b) for b in members) / len(members)

    def _move(self, atom: str, source: str, target: str) -> None:
        self.members[source].remove(atom)
        self.members[target].append(atom)
        self.members[target].sort()
        if not self.members[source]:
            del self.members[source]

    def _neighbours(self) -> dict[tuple[str, str], float]:
        where = {a: k for k, ms in self.members.items() for a in ms}
        sums: dict[tuple[str, str], float] = {}
        for (a, b), value in self.aff.pairs.items():
            ka, kb = where.get(a), where.get(b)
            if ka is None or kb is None or ka == kb:
                continue
            key = (ka, kb) if ka < kb else (kb, ka)
            sums[key] = sums.get(key, 0.0) + value
        return sums

    def _best_pair(self, blocked: set[tuple[str, str]], threshold: float) -> tuple[str, str] | None:
        best, best_value = None, threshold
        for (x, y), total in sorted(self._neighbours().items()):
            if (x, y) in blocked:
                continue
            value = total / (len(self.members[x]) * len(self.members[y]))
            if value > best_value or (best is None and value >= best_value):
                best, best_value = (x, y), value
        return best

    def _merge(self, x: str, y: str) -> None:
        keep, drop = (x, y) if x < y else (y, x)
        if drop in self.fixed_names:
            keep, drop = drop, keep
        self.members[keep].extend(self.members.pop(drop))
        self.members[keep].sort()

    def own_sloc(self, key: str) -> int:
        mine = set().union(*(self.ctx.atoms[a].reach for a in self.members[key]))
        others = set().union(*(self.ctx.atoms[a].reach for k, ms in self.members.items() if k != key for a in ms)) \
            if len(self.members) > 1 else set()
        return self.ctx.reach_sloc(mine - others)

    def _is_nano(self, key: str) -> bool:
        return key not in self.fixed_names and self.own_sloc(key) < self.band.min_own_sloc

    def _gather_leftovers(self) -> None:
        """Nano-functions that share nothing with any other function (a health check, a
        debug task, a script) are gathered into one function: deployed alone, each would
        pay a deployable and a cold start for a few lines."""
        leftovers = [k for k in sorted(self.members) if self._is_nano(k)]
        if len(leftovers) < 2:
            return
        merged = leftovers[0]
        for other in leftovers[1:]:
            if self.fits(self.members[merged] + self.members[other]) and \
                    not self._apart(self.members[merged], self.members[other]):
                self._merge(merged, other)
                merged = min(merged, other)

    def _absorb_nanos(self) -> None:
        self._absorb_into_neighbours()
        self._gather_leftovers()

    def _absorb_into_neighbours(self) -> None:
        changed = True
        while changed:
            changed = False
            for key in sorted(self.members):
                if key not in self.members or key in self.fixed_names or len(self.members) < 2:
                    continue
                if self.own_sloc(key) >= self.band.min_own_sloc:
                    continue
                target = self._best_home(key)
                if target is not None:
                    self._merge(key, target)
                    changed = True
                    break

    def _best_home(self, key: str) -> str | None:
        sums = self._neighbours()
        options = []
        for (x, y), total in sums.items():
            if key in (x, y):
                other = y if x == key else x
                options.append((-(total / (len(self.members[x]) * len(self.members[y]))), other))
        for _, other in sorted(options):
            if self.can_merge(key, other):
                return other
        return None
