"""Plan-quality metrics: how good is a split of an app's units into FaaS functions?

Every figure of DESIGN.md, "Measuring a plan", is implemented here exactly once, as a
pure, deterministic function over plain Python data. Nothing else of the package is
imported; callers turn their graph and plan into the shapes below.

Shared vocabulary
-----------------
unit
    A node of the program graph (a qualified name).
home
    ``Mapping[unit, cluster]``: the candidate function (cluster) that holds each unit,
    s(x) in the design notes. The *units* of a plan are the keys of ``home``; its
    *clusters* are the distinct values, so a cluster always holds at least one unit and
    K is the number of distinct values. N_i is the number of units whose home is i.
edges
    ``Iterable[tuple[str, str]]`` of directed (source, target) pairs, e.g. caller ->
    callee. Unless a function says otherwise, edges are *deduplicated* (a pair given
    twice counts once), *self-loops are dropped* (u -> u), and an edge with an endpoint
    that is not a key of ``home`` is ignored. (u, v) and (v, u) are two distinct edges.
mu_i
    Number of distinct edges with both ends in cluster i.
sigma_ij
    Number of distinct edges between clusters i and j, in either direction. In TurboMQ the
    directed counts are written separately (sigma_ij from i to j, sigma_ji from j to i);
    their sum is the undirected count.

Determinism: clusters are visited in sorted order and floating-point sums use
``math.fsum`` (exactly rounded, so independent of summation order).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Set


__all__ = [
    "data_purity",
    "icp",
    "ifn",
    "mno",
    "mojofm",
    "ned",
    "sm",
    "turbomq",
]


# --------------------------------------------------------------------------- helpers


def _cluster_sizes(home: Mapping[str, str]) -> dict[str, int]:
    """N_i for every cluster i that holds at least one unit, keyed in sorted cluster order."""
    counts = Counter(home.values())
    return {cluster: counts[cluster] for cluster in sorted(counts)}


def _distinct_edges(edges: Iterable[tuple[str, str]], home: Mapping[str, str]) -> list[tuple[str, str]]:
    """The distinct directed edges between two different units of ``home``, sorted."""
    return sorted({(u, v) for u, v in edges if u != v and u in home and v in home})


def _cluster_edge_counts(
    edges: Iterable[tuple[str, str]], home: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, int], dict[tuple[str, str], int]]:
    """(N_i, mu_i, sigma_ij) for the plan; sigma is keyed by the sorted pair (i, j), i < j."""
    sizes = _cluster_sizes(home)
    mu = dict.fromkeys(sizes, 0)
    sigma: dict[tuple[str, str], int] = {}
    for u, v in _distinct_edges(edges, home):
        cu, cv = home[u], home[v]
        if cu == cv:
            mu[cu] += 1
        else:
            key = (cu, cv) if cu < cv else (cv, cu)
            sigma[key] = sigma.get(key, 0) + 1
    return sizes, mu, sigma


# --------------------------------------------------------------------------- structure


def sm(edges: Iterable[tuple[str, str]], home: Mapping[str, str]) -> float:
    """Structural modularity (FoSCI, after Bunch's MQ). Higher is better.

    Formula, for K >= 2 clusters::

        SM = (1/K) * sum_i mu_i / N_i**2
             - [1 / (K(K-1)/2)] * sum_{i<j} sigma_ij / (2 * N_i * N_j)

    the first term being the mean cohesion of the clusters and the second the mean
    coupling over all K(K-1)/2 pairs of clusters (pairs with no edge between them count as
    0). For K = 1 there are no pairs and SM = mu_1 / N_1**2.

    Edges and weights: unweighted; distinct directed edges between two different units of
    ``home`` (duplicates once, self-loops and edges leaving ``home`` ignored). Since
    (u, v) and (v, u) are distinct, mu_i <= N_i(N_i - 1), so the cohesion term lies in
    [0, 1).

    Edge cases: no units (K = 0) -> 0.0; no edges -> 0.0; a cluster with no internal
    edge contributes 0 cohesion but still counts in K.
    """
    sizes, mu, sigma = _cluster_edge_counts(edges, home)
    k = len(sizes)
    if k == 0:
        return 0.0
    cohesion = math.fsum(mu[c] / sizes[c] ** 2 for c in sizes) / k
    if k == 1:
        return cohesion
    coupling = math.fsum(n / (2 * sizes[i] * sizes[j]) for (i, j), n in sorted(sigma.items()))
    return cohesion - coupling / (k * (k - 1) / 2)


def turbomq(edges: Iterable[tuple[str, str]], home: Mapping[str, str]) -> float:
    """TurboMQ (Bunch), normalised by the number of clusters K. Higher is better.

    Formula::

        CF_i    = 2*mu_i / (2*mu_i + sum_{j != i} (sigma_ij + sigma_ji)),  CF_i = 0 if mu_i = 0
        TurboMQ = (1/K) * sum_i CF_i

    where sigma_ij counts the edges from i to j and sigma_ji those from j to i, so the
    sum in the denominator is the number of edges with exactly one end in i. Bunch's
    TurboMQ is the plain sum of the CF_i; dividing by K (the mean cluster factor) keeps
    the value in [0, 1] and comparable between plans with different K.

    Edges and weights: unweighted; distinct directed edges between two different units of
    ``home`` (duplicates once, self-loops and edges leaving ``home`` ignored).

    Edge cases: no units (K = 0) -> 0.0; a cluster with no internal edge has CF = 0 even
    when it has no external edge either; K = 1 with at least one edge -> 1.0.
    """
    sizes, mu, sigma = _cluster_edge_counts(edges, home)
    k = len(sizes)
    if k == 0:
        return 0.0
    boundary = dict.fromkeys(sizes, 0)
    for (i, j), n in sigma.items():
        boundary[i] += n
        boundary[j] += n
    factors = [0.0 if mu[c] == 0 else 2 * mu[c] / (2 * mu[c] + boundary[c]) for c in sizes]
    return math.fsum(factors) / k


def icp(calls: Iterable[tuple[str, str, float]], home: Mapping[str, str],
        deployed: Mapping[str, Set[str]] | None = None) -> float:
    """Inter-call percentage: the share of call weight that crosses a function boundary.

    With ``deployed`` (function → units deployed in it, shared layers included), a call
    crosses only when the callee is not deployed with the caller's function: a call into
    a shared library bundled into both is not a remote call.

    Lower is better. Formula::

        ICP = sum of w over calls (a, b, w) with home[a] != home[b]
              / sum of w over all calls (a, b, w)

    Edges and weights: ``calls`` are (caller, callee, weight) triples and must already be
    restricted to *synchronous* calls (the caller waits for the callee); asynchronous
    hand-offs are not part of this figure. Weights are *not* deduplicated: a triple given
    twice (e.g. two call sites) contributes twice. Calls with an endpoint that is not a
    key of ``home`` are ignored, and so are self-calls (a, a, w): recursion can never
    cross a boundary, and counting it would only dilute the ratio by however the call
    graph happens to report recursion.

    Edge cases: no (remaining) calls, or a total weight of 0 -> 0.0. A negative or
    non-finite weight raises ValueError.
    """
    crossing: list[float] = []
    total: list[float] = []
    for caller, callee, weight in calls:
        w = float(weight)
        if not math.isfinite(w) or w < 0:
            raise ValueError(f"call weight must be finite and >= 0, got {weight!r} for {caller} -> {callee}")
        if caller == callee or caller not in home or callee not in home:
            continue
        total.append(w)
        if home[caller] != home[callee]:
            if deployed is not None and callee in deployed.get(home[caller], ()):
                continue
            crossing.append(w)
    denominator = math.fsum(total)
    if denominator == 0:
        return 0.0
    return math.fsum(crossing) / denominator


def ifn(edges: Iterable[tuple[str, str]], home: Mapping[str, str]) -> float:
    """Interface number: mean, over functions, of how many of its units are called from outside.

    Lower is better. Formula::

        IFN = (1/K) * sum_i |{ v : home[v] = i and some edge (u, v) has home[u] != i }|

    i.e. for each cluster, the number of *distinct* units of that cluster that are the
    target of at least one edge coming from another cluster (its interface), averaged
    over all K clusters (clusters with no interface count, as 0).

    Edges and weights: unweighted; distinct directed edges (source, target) between two
    different units of ``home``; only the target side of a crossing edge matters. A unit
    called from several other clusters, or by several callers, is counted once.

    Edge cases: no units (K = 0) -> 0.0; no crossing edge -> 0.0.
    """
    sizes = _cluster_sizes(home)
    if not sizes:
        return 0.0
    interface: dict[str, set[str]] = {c: set() for c in sizes}
    for u, v in _distinct_edges(edges, home):
        if home[u] != home[v]:
            interface[home[v]].add(v)
    return sum(len(interface[c]) for c in sizes) / len(sizes)


# --------------------------------------------------------------------------- size


def ned(sizes: Mapping[str, float], low: float, high: float) -> float:
    """Non-extreme distribution: the share of functions whose size is outside the band.

    Lower is better. Formula::

        NED = |{ f : size(f) < low or size(f) > high }| / |functions|

    ``sizes`` maps each function of the plan to its size (in whatever measure the band
    is given in: units, lines, import-closure bytes...). The band [low, high] is closed:
    a size equal to ``low`` or ``high`` is inside it.

    Edge cases: no functions -> 0.0. ``low > high`` raises ValueError.
    """
    if low > high:
        raise ValueError(f"empty size band: low={low!r} > high={high!r}")
    if not sizes:
        return 0.0
    outside = sum(1 for size in sizes.values() if size < low or size > high)
    return outside / len(sizes)


# --------------------------------------------------------------------------- data


def data_purity(writes: Mapping[str, Mapping[str, float]], n_functions: int) -> float:
    """Data purity (after CARGO's transactional purity): are tables written by one function each?

    Higher is better; 1.0 means every written table is written by exactly one function.
    ``writes[table][function]`` is the weight of the writes of that function to that
    table (e.g. the number of write sites or their estimated frequency). Formula::

        p_{t,f} = writes[t][f] / sum_g writes[t][g]
        H(t)    = - sum_f p_{t,f} * ln p_{t,f}           (Shannon entropy, over writers of t)
        purity  = 1 - (1/T) * sum_t H(t) / ln(n_functions)

    over the T tables with a positive total write weight (functions with weight 0 are not
    writers; tables with no positive weight are not "written" and are skipped).

    Normalisation (a choice): H(t) is divided by ln(n_functions), the entropy of writes
    spread evenly over *every* function of the plan, rather than by ln(number of writers
    of t). Dividing by the writer count would rate a table split evenly between 2
    functions and one split between 20 as equally impure (both 1.0) and is 0/0 for a
    single writer; dividing by the plan's function count keeps every table on one scale
    within a plan, gives 0 for a single writer and 1 only when all functions write the
    table equally. The base of the logarithm cancels out.

    Edge cases: ``n_functions <= 1`` or no written tables -> 1.0. A negative or non-finite
    weight, a negative ``n_functions``, or a table with more writers than ``n_functions``
    raises ValueError.
    """
    if n_functions < 0:
        raise ValueError(f"n_functions must be >= 0, got {n_functions!r}")
    normalised: list[float] = []
    for table in sorted(writes):
        weights: list[float] = []
        for function in sorted(writes[table]):
            w = float(writes[table][function])
            if not math.isfinite(w) or w < 0:
                raise ValueError(f"write weight must be finite and >= 0, got {w!r} for {function} -> {table}")
            if w > 0:
                weights.append(w)
        if not weights:
            continue
        if len(weights) > n_functions:
            raise ValueError(f"table {table!r} has {len(weights)} writers but the plan has {n_functions} functions")
        if n_functions <= 1:
            continue
        total = math.fsum(weights)
        entropy = -math.fsum(w / total * math.log(w / total) for w in weights)
        normalised.append(max(0.0, entropy) / math.log(n_functions))
    if not normalised:
        return 1.0
    return 1.0 - math.fsum(normalised) / len(normalised)


# --------------------------------------------------------------------------- agreement


def mno(candidate: Mapping[str, str], reference: Mapping[str, str]) -> int:
    """MoJo distance mno(A, B): the fewest Move and Join operations that turn A into B.

    ``candidate`` (A) and ``reference`` (B) map objects to cluster labels; only objects
    present in both count (labels need not match between the two). A *Move* takes one
    object out of its cluster into another, possibly new, cluster; a *Join* merges two
    clusters into one. mno is one-directional (A into B); the symmetric MoJo distance of
    Tzerpos & Holt (1999) is min(mno(A, B), mno(B, A)).

    Algorithm (the exact one of Wen & Tzerpos, "An optimal algorithm for MoJo distance",
    IWPC 2003):

    1. Tag each object with its B cluster; v_ik = number of objects of A_i tagged k.
    2. Each A cluster A_i goes to a group G_k with a maximal tag count v_ik; its other
       |A_i| - max_k v_ik objects must be moved: M = sum_i (|A_i| - max_k v_ik).
    3. The A clusters of one non-empty group are then joined: sum over groups of
       (members - 1) = l - g joins, with l the number of A clusters and g the number of
       non-empty groups. Ties in step 2 are broken so as to maximise g, which is the
       maximum matching of the bipartite graph joining A_i to every G_k with
       v_ik = max_k' v_ik'.

    So mno(A, B) = M + l - g. Assigning an A cluster to a group with a non-maximal
    count loses at least one kept object and gains at most one group, which is why only
    the maximal tags need to be considered.

    Edge cases: no common objects -> 0; identical partitions (up to renaming) -> 0.
    """
    objects = sorted(set(candidate) & set(reference))
    tags: dict[str, Counter[str]] = {}
    for obj in objects:
        tags.setdefault(candidate[obj], Counter())[reference[obj]] += 1
    moves = 0
    import networkx as nx  # only MoJo needs a matching; keep the import off the hot path

    graph = nx.Graph()
    top = [("A", cluster) for cluster in sorted(tags)]
    graph.add_nodes_from(top)
    for cluster in sorted(tags):
        counts = tags[cluster]
        best = max(counts.values())
        moves += sum(counts.values()) - best
        for group in sorted(counts):
            if counts[group] == best:
                graph.add_edge(("A", cluster), ("B", group))
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)
    groups = sum(1 for node in matching if node[0] == "A")
    return moves + len(tags) - groups


def mojofm(candidate: Mapping[str, str], reference: Mapping[str, str]) -> float:
    """MoJoFM (Wen & Tzerpos, "An effectiveness measure for software clustering
    algorithms", IWPC 2004): agreement of a candidate split A with a reference split B, in %.

    Formula::

        MoJoFM(A, B) = (1 - mno(A, B) / max_{all A'} mno(A', B)) * 100

    100 means A is B (up to renaming clusters); 0 means A is as far from B as any
    partition of the same objects can be. mno is the MoJo distance (see ``mno``).

    The denominator depends on B only. With n objects and B's cluster sizes sorted in
    ascending order b_1 <= ... <= b_l, let g start at 0 and grow by one for each b_k
    with b_k > g; then max mno(., B) = n - g (the paper's result). Equivalently, g is
    the minimum over j = 0..l of j + (size of the (j+1)-th largest cluster of B, 0 when
    j = l): the fewest non-empty groups a worst-case A can be held to, given that the A
    clusters of a worst case hold at most one object of each B cluster. In the common
    case where every cluster of B has at least l objects, g = l and the maximum is the
    often-quoted n - l; it is not n - l in general: when B is a single cluster or all
    singletons, g = 1 and the maximum is n - 1.

    Only objects present in both mappings count (n is the size of the intersection).

    Edge cases: identical partitions -> 100.0. With at most one common object there is
    a single possible partition, the maximum is 0, and the result is 100.0 (no common
    object at all is treated the same way: two empty partitions agree).
    """
    objects = sorted(set(candidate) & set(reference))
    sizes = sorted(Counter(reference[obj] for obj in objects).values())
    g = 0
    for size in sizes:
        if size > g:
            g += 1
    worst = len(objects) - g
    if worst == 0:
        return 100.0
    common_candidate = {obj: candidate[obj] for obj in objects}
    common_reference = {obj: reference[obj] for obj in objects}
    return (1.0 - mno(common_candidate, common_reference) / worst) * 100.0
