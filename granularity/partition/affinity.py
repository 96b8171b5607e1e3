"""How strongly two entry points belong in one function.

affinity(a, b) = 3.0·call + 2.0·data + 1.0·code + 0.75·group, then ×0.75 when one is
triggered over HTTP and the other is not, minus a penalty for forcing heavy packages on
an entry point that does not need them:

* call (0 or 1): one waits on the other: it reaches the other's entry unit by a
  synchronous call or invokes it synchronously over the network (Lambda `invoke`),
  directly or down a chain of such calls (a → b → c keeps a waiting, and billed, while c
  runs), or saves a row of a Django model whose `post_save`/`post_delete` receiver the
  other is (Django runs receivers inside `save()`; a bulk `update()` sends no signal), or
  calls `login()`/`logout()` whose `user_logged_in`/`user_logged_out` receiver it is;
  split apart, every hop is a remote call (latency, a cold start, double billing).
* data (0..1): weighted Jaccard of the tables they touch (a write weighs 2, a read 1);
  functions that write the same table cannot evolve its schema apart. Leaves out what
  only the common units touch (code most entry points reach, see code below).
* code (0..1): lines of code both reach, over the smaller of their reached lines, leaving
  out code that most entry points reach (that is a shared layer for everyone).
* group (0 or 1): same blueprint, router, Django app or module, the developers' own cut;
  except a group that holds more than half of all entry points (every command of a CLI
  in one module): that is no cut at all; nor are the modules directly in a top-level
  package that encloses other groups (`shop/__init__.py`, `shop/tasks.py`, `shop/commands.py`
  beside `shop.orders` and `shop.cart`): they are the wiring around the domains (the app
  factory, jobs and commands for every domain), and sharing them says nothing about which
  domain an entry point is in.
* heavy imports: 0.5·min(1, ΔMB/100) where ΔMB is the size of packages one needs and
  the other does not, counting only packages of 30 MB or more.

Pairs are found through inverted indexes (unit → atoms, table → atoms, group → atoms),
so the work is proportional to the pairs that share something, not to n².
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from granularity.partition.context import Atom, PlanContext

W_CALL, W_DATA, W_CODE, W_GROUP = 3.0, 2.0, 1.0, 0.75
KIND_FACTOR = 0.75
HEAVY_MB = 30.0


def _pairs_by(index: dict[str, list[str]]):
    for members in index.values():
        yield from combinations(sorted(members), 2)


class Affinity:
    """Affinities of every pair of atoms that share anything; 0 for all other pairs."""

    def __init__(self, ctx: PlanContext, sizes_mb: dict[str, float]) -> None:
        self.ctx = ctx
        self.sizes_mb = sizes_mb
        self.common = ctx.common_units
        self.pairs: dict[tuple[str, str], float] = {}
        self.terms: dict[tuple[str, str], dict[str, float]] = {}
        self._compute()

    def _own(self, atom: Atom) -> set[str]:
        return {u for u in atom.reach if u not in self.common and u != atom.unit
                and self.ctx.graph.units.get(u) and self.ctx.graph.units[u].unit.kind != "module"}

    def _compute(self) -> None:
        atoms = self.ctx.atoms
        own = {a: self._own(atom) for a, atom in atoms.items()}
        by_unit: dict[str, list[str]] = defaultdict(list)
        by_table: dict[str, list[str]] = defaultdict(list)
        by_group: dict[str, list[str]] = defaultdict(list)
        sizes: dict[str, int] = defaultdict(int)
        for atom in atoms.values():
            sizes[atom.group] += 1
        self.group_share = {g: n / len(atoms) for g, n in sizes.items()}
        #: The group that says which entry points belong together, per atom: none for a
        #: group holding more than half of them, nor for a module directly in a top-level
        #: package that encloses other groups (`shop/tasks.py`, `shop/__init__.py` beside
        #: `shop.orders`, `shop.cart`...): those modules are the wiring around the domains.
        enclosing = {g for g in sizes if "." not in g and any(o.startswith(g + ".") for o in sizes)}
        self.domain = {
            name: atom.group if self.group_share[atom.group] <= 0.5 and not (
                atom.group in enclosing and atom.module.count(".") <= 1) else None
            for name, atom in atoms.items()}
        for name, atom in atoms.items():
            for unit in own[name]:
                by_unit[unit].append(name)
            for table in sorted(self.ctx.own_tables[name][0] | self.ctx.own_tables[name][1]):
                by_table[table].append(name)
            by_group[atom.group].append(name)
        self._own_sloc = {a: self.ctx.reach_sloc(own[a]) for a in atoms}
        self._touch = {a: _touches(*self.ctx.own_tables[a]) for a in atoms}
        self._heavy = {a: frozenset(p for p in atom.needs if self.sizes_mb.get(p, 0.0) >= HEAVY_MB)
                       for a, atom in atoms.items()}
        candidates = set(_pairs_by(by_unit)) | set(_pairs_by(by_table)) | set(_pairs_by(by_group))
        self.waits = self.ctx.waits
        for a, others in self.waits.items():
            for b in others:
                candidates.add(tuple(sorted((a, b))))
        for a, b in sorted(candidates):
            terms = self._terms(atoms[a], atoms[b], own[a], own[b])
            value = self._combine(atoms[a], atoms[b], terms)
            self.terms[(a, b)] = terms
            if value > 0:
                self.pairs[(a, b)] = value

    def _terms(self, a: Atom, b: Atom, own_a: set[str], own_b: set[str]) -> dict[str, float]:
        call = 1.0 if b.unit in self.waits[a.unit] or a.unit in self.waits[b.unit] else 0.0
        data = _weighted_jaccard(self._touch[a.unit], self._touch[b.unit])
        both = own_a & own_b
        shared = self.ctx.reach_sloc(both) if both else 0
        smaller = min(self._own_sloc[a.unit], self._own_sloc[b.unit])
        code = shared / smaller if smaller else 0.0
        group = 1.0 if self.domain[a.unit] is not None and self.domain[a.unit] == self.domain[b.unit] else 0.0
        heavy = self._heavy_gap(a, b)
        return {"call": call, "data": data, "code": code, "group": group, "heavy_mb": heavy}

    def _heavy_gap(self, a: Atom, b: Atom) -> float:
        gap = self._heavy[a.unit] ^ self._heavy[b.unit]
        return math.fsum(self.sizes_mb[p] for p in gap) if gap else 0.0

    @staticmethod
    def _combine(a: Atom, b: Atom, t: dict[str, float]) -> float:
        value = W_CALL * t["call"] + W_DATA * t["data"] + W_CODE * t["code"] + W_GROUP * t["group"]
        if ("http" in a.kinds) != ("http" in b.kinds):
            value *= KIND_FACTOR
        return value - 0.5 * min(1.0, t["heavy_mb"] / 100.0)

    def get(self, a: str, b: str) -> float:
        return self.pairs.get((a, b) if a < b else (b, a), 0.0)

    def reason(self, a: str, b: str) -> dict[str, float]:
        return self.terms.get((a, b) if a < b else (b, a), {})


def _touches(writes: frozenset[str], reads: frozenset[str]) -> dict[str, float]:
    out = {r: 1.0 for r in reads}
    out.update({r: 2.0 for r in writes})
    return out


def _weighted_jaccard(x: dict[str, float], y: dict[str, float]) -> float:
    keys = x.keys() | y.keys()
    top = math.fsum(min(x.get(k, 0.0), y.get(k, 0.0)) for k in keys)
    bottom = math.fsum(max(x.get(k, 0.0), y.get(k, 0.0)) for k in keys)
    return top / bottom if bottom else 0.0
