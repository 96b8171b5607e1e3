"""One-to-one matching of bank lines to book entries.

Candidate pairs are found through an amount index, split into independent groups with a
union-find, and each group is solved as an assignment problem (Hungarian algorithm) that
maximises the total score. Pure Python: statements have thousands of lines, not millions.
"""
from collections import defaultdict
from dataclasses import dataclass

from ..models import BankLine, Entry, Match
from .scoring import pair_score as score_pair

INFINITY = float("inf")


@dataclass(frozen=True)
class MatchParams:
    window_days: int = 4
    tolerance_cents: int = 0
    min_score: float = 0.55


class UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))
        self.rank = [0] * size

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1


def candidate_pairs(lines: list[BankLine], entries: list[Entry],
                    params: MatchParams) -> dict[tuple[int, int], float]:
    by_amount: dict[int, list[int]] = defaultdict(list)
    for j, entry in enumerate(entries):
        by_amount[entry.amount_cents].append(j)
    pairs = {}
    for i, line in enumerate(lines):
        for amount in range(line.amount_cents - params.tolerance_cents,
                            line.amount_cents + params.tolerance_cents + 1):
            for j in by_amount.get(amount, ()):
                score = score_pair(line, entries[j], params.window_days, params.tolerance_cents)
                if score >= params.min_score:
                    pairs[(i, j)] = score
    return pairs


def hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment for an n x m matrix with n <= m; returns the column of each row."""
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INFINITY] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], INFINITY, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


def _solve_group(rows: list[int], cols: list[int],
                 pairs: dict[tuple[int, int], float]) -> list[tuple[int, int, float]]:
    transpose = len(rows) > len(cols)
    if transpose:
        rows, cols = cols, rows
    cost = []
    for r in rows:
        row_cost = []
        for c in cols:
            score = pairs.get((c, r) if transpose else (r, c))
            row_cost.append(2.0 if score is None else 1.0 - score)
        cost.append(row_cost)
    chosen = []
    for r_index, c_index in enumerate(hungarian(cost)):
        i, j = (cols[c_index], rows[r_index]) if transpose else (rows[r_index], cols[c_index])
        if (i, j) in pairs:
            chosen.append((i, j, pairs[(i, j)]))
    return chosen


def match(lines: list[BankLine], entries: list[Entry], params: MatchParams | None = None) -> list[Match]:
    params = params or MatchParams()
    pairs = candidate_pairs(lines, entries, params)
    if not pairs:
        return []
    offset = len(lines)
    groups = UnionFind(len(lines) + len(entries))
    for i, j in pairs:
        groups.union(i, offset + j)
    members: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, j in pairs:
        root = groups.find(i)
        if i not in members[root][0]:
            members[root][0].append(i)
        if j not in members[root][1]:
            members[root][1].append(j)
    result = []
    for rows, cols in members.values():
        for i, j, score in _solve_group(rows, cols, pairs):
            result.append(Match(lines[i].id, entries[j].id, score))
    return sorted(result, key=lambda m: m.bank_line_id)
