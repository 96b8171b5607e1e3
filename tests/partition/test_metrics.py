"""Plan-quality metrics on small graphs whose values are worked out by hand in the comments."""

from __future__ import annotations

import math

import pytest

from granularity.partition.metrics import data_purity, icp, ifn, mno, mojofm, ned, sm, turbomq

# --------------------------------------------------------------------------- shared graphs

# TWO: clusters X = {a, b, c} and Y = {d, e}.
#   inside X: a->b, b->c, c->a        mu_X = 3
#   inside Y: d->e                    mu_Y = 1
#   across:   c->d, e->a              sigma_XY = 2 (one each way)
#   noise, all ignored: a duplicate a->b, a self-loop a->a, an edge to a unit outside the plan.
TWO_HOME = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
TWO_EDGES = [
    ("a", "b"),
    ("b", "c"),
    ("c", "a"),
    ("d", "e"),
    ("c", "d"),
    ("e", "a"),
    ("a", "b"),
    ("a", "a"),
    ("a", "outside"),
]

# THREE: X = {a, b}, Y = {c} (no internal edge), Z = {d, e} (no internal edge, e disconnected).
#   a->b inside X (mu_X = 1); b->c is X-Y; c->d is Y-Z; nothing between X and Z.
THREE_HOME = {"a": "X", "b": "X", "c": "Y", "d": "Z", "e": "Z"}
THREE_EDGES = [("a", "b"), ("b", "c"), ("c", "d")]


# --------------------------------------------------------------------------- SM


def test_sm_two_clusters():
    # cohesion = (mu_X/N_X^2 + mu_Y/N_Y^2) / K = (3/9 + 1/4) / 2 = (12/36 + 9/36) / 2 = 7/24
    # coupling = sigma_XY / (2*N_X*N_Y) / (K(K-1)/2) = 2 / (2*3*2) / 1 = 1/6 = 4/24
    # SM = 7/24 - 4/24 = 3/24 = 0.125
    assert sm(TWO_EDGES, TWO_HOME) == pytest.approx(0.125)


def test_sm_single_cluster_is_cohesion_only():
    # K = 1: SM = mu_1 / N_1^2 = 2 / 3^2 = 2/9
    home = {"a": "X", "b": "X", "c": "X"}
    assert sm([("a", "b"), ("b", "c"), ("b", "c")], home) == pytest.approx(2 / 9)


def test_sm_clusters_without_internal_edges_and_a_disconnected_unit():
    # cohesion = (1/2^2 + 0/1^2 + 0/2^2) / 3 = (1/4) / 3 = 1/12
    # pairs: XY 1/(2*2*1) = 1/4, XZ 0, YZ 1/(2*1*2) = 1/4 -> sum 1/2, over K(K-1)/2 = 3 pairs -> 1/6
    # SM = 1/12 - 2/12 = -1/12
    assert sm(THREE_EDGES, THREE_HOME) == pytest.approx(-1 / 12)


def test_sm_counts_both_directions_between_two_clusters():
    # sigma_XY = 2 (a->b and b->a are distinct); coupling = 2 / (2*1*1) / 1 = 1; cohesion 0
    assert sm([("a", "b"), ("b", "a")], {"a": "X", "b": "Y"}) == pytest.approx(-1.0)


def test_sm_empty_plan_and_no_edges():
    assert sm([], {}) == 0.0
    assert sm([("a", "b")], {}) == 0.0  # no units: every edge is ignored
    # two clusters, no edges: cohesion 0, coupling 0
    assert sm([], {"a": "X", "b": "Y"}) == 0.0


# --------------------------------------------------------------------------- TurboMQ


def test_turbomq_two_clusters():
    # CF_X = 2*3 / (2*3 + 2) = 6/8 = 0.75   (X's boundary edges: c->d, e->a)
    # CF_Y = 2*1 / (2*1 + 2) = 2/4 = 0.5
    # TurboMQ / K = (0.75 + 0.5) / 2 = 0.625
    assert turbomq(TWO_EDGES, TWO_HOME) == pytest.approx(0.625)


def test_turbomq_cluster_without_internal_edges_scores_zero():
    # CF_X = 2*1 / (2*1 + 1) = 2/3 (boundary: b->c); CF_Y = 0 (mu 0); CF_Z = 0 (mu 0)
    # mean = (2/3) / 3 = 2/9
    assert turbomq(THREE_EDGES, THREE_HOME) == pytest.approx(2 / 9)


def test_turbomq_single_cluster():
    # K = 1 with an edge: CF = 2*1 / (2*1 + 0) = 1; without edges: mu = 0 -> CF = 0
    home = {"a": "X", "b": "X"}
    assert turbomq([("a", "b")], home) == pytest.approx(1.0)
    assert turbomq([], home) == 0.0


def test_turbomq_empty_plan():
    assert turbomq([], {}) == 0.0
    assert turbomq([("a", "b")], {}) == 0.0


# --------------------------------------------------------------------------- ICP


def test_icp_weighted():
    # a, b in X; c in Y.
    # counted:  a->b 2 (inside), b->c 3 (across), a->b 1 (inside, a second call site adds up)
    # ignored:  c->c 5 (self-call), a->z 7 (z not in the plan)
    # ICP = 3 / (2 + 3 + 1) = 0.5
    home = {"a": "X", "b": "X", "c": "Y"}
    calls = [("a", "b", 2.0), ("b", "c", 3.0), ("a", "b", 1.0), ("c", "c", 5.0), ("a", "z", 7.0)]
    assert icp(calls, home) == pytest.approx(0.5)


def test_icp_no_calls_and_zero_weight():
    home = {"a": "X", "b": "Y"}
    assert icp([], home) == 0.0
    assert icp([], {}) == 0.0
    assert icp([("a", "b", 0.0)], home) == 0.0  # total weight 0


def test_icp_extremes():
    # single function: nothing crosses -> 0; every unit alone: everything crosses -> 4/4 = 1
    calls = [("a", "b", 1), ("b", "c", 3)]
    assert icp(calls, {"a": "F", "b": "F", "c": "F"}) == 0.0
    assert icp(calls, {"a": "F", "b": "G", "c": "H"}) == pytest.approx(1.0)


def test_icp_rejects_negative_weight():
    with pytest.raises(ValueError):
        icp([("a", "b", -1.0)], {"a": "X", "b": "Y"})


# --------------------------------------------------------------------------- IFN


def test_ifn_counts_distinct_called_units_per_cluster():
    # X = {a, b}, Y = {c, d}, Z = {e}, W = {f} (disconnected).
    # a->c, b->c, a->d: Y's interface {c, d} = 2 (c counted once though called twice)
    # e->a:             X's interface {a} = 1
    # Z and W are never called from outside: 0 each
    # IFN = (1 + 2 + 0 + 0) / 4 = 0.75
    home = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z", "f": "W"}
    edges = [("a", "c"), ("b", "c"), ("a", "d"), ("e", "a"), ("a", "c"), ("a", "b")]
    assert ifn(edges, home) == pytest.approx(0.75)


def test_ifn_two_clusters():
    # TWO: e->a makes a X's interface, c->d makes d Y's: (1 + 1) / 2 = 1.0
    assert ifn(TWO_EDGES, TWO_HOME) == pytest.approx(1.0)


def test_ifn_single_cluster_and_no_clusters():
    assert ifn([("a", "b"), ("b", "a")], {"a": "X", "b": "X"}) == 0.0
    assert ifn([], {}) == 0.0
    assert ifn([("a", "b")], {}) == 0.0


def test_ifn_ignores_edges_leaving_the_plan():
    # only b->a counts (z is not a unit of the plan): X {a} = 1, Y {} = 0 -> 1/2
    assert ifn([("z", "a"), ("a", "z"), ("b", "a")], {"a": "X", "b": "Y"}) == pytest.approx(0.5)


# --------------------------------------------------------------------------- NED


def test_ned_share_outside_closed_band():
    # band [5, 20]: 5 and 20 are inside (closed), 10 inside, 1 below, 50 above -> 2/5
    sizes = {"f1": 5, "f2": 10, "f3": 20, "f4": 1, "f5": 50}
    assert ned(sizes, 5, 20) == pytest.approx(0.4)


def test_ned_no_functions_and_all_inside():
    assert ned({}, 1, 10) == 0.0
    assert ned({"f": 3.5, "g": 7.0}, 1, 10) == 0.0


def test_ned_degenerate_band():
    # band [4, 4]: only size 4 is inside -> 2 of 3 outside
    assert ned({"f": 4, "g": 3, "h": 5}, 4, 4) == pytest.approx(2 / 3)


def test_ned_rejects_inverted_band():
    with pytest.raises(ValueError):
        ned({"f": 1}, 10, 1)


# --------------------------------------------------------------------------- data purity


def test_data_purity_one_pure_one_split_table():
    # n_functions = 4. orders: one writer -> H = 0.
    # users: F1 1, F2 1 -> p = (1/2, 1/2), H = ln 2, normalised ln 2 / ln 4 = 1/2
    # purity = 1 - (0 + 1/2) / 2 = 0.75
    writes = {"orders": {"F1": 3.0}, "users": {"F1": 1.0, "F2": 1.0}}
    assert data_purity(writes, 4) == pytest.approx(0.75)


def test_data_purity_uneven_writes():
    # n_functions = 2. t: F1 3, F2 1 -> p = (3/4, 1/4)
    # H / ln 2 = -(3/4 log2 3/4 + 1/4 log2 1/4) = 3/4 * 0.4150375 + 1/4 * 2 = 0.3112781 + 0.5 = 0.8112781
    # purity = 1 - 0.8112781 = 0.1887219
    assert data_purity({"t": {"F1": 3, "F2": 1}}, 2) == pytest.approx(0.1887218755, abs=1e-9)


def test_data_purity_even_tie_over_every_function_is_zero():
    # n_functions = 3, t written equally by all three: H = ln 3, normalised 1 -> purity 0
    assert data_purity({"t": {"F1": 2, "F2": 2, "F3": 2}}, 3) == pytest.approx(0.0, abs=1e-12)


def test_data_purity_edge_cases_are_pure():
    assert data_purity({}, 5) == 1.0  # no tables
    assert data_purity({"t": {"F1": 1.0}}, 1) == 1.0  # a single function
    assert data_purity({}, 0) == 1.0  # an empty plan
    # zero-weight writers are not writers; a table with no positive weight is not written
    assert data_purity({"t": {"F1": 2.0, "F2": 0.0}, "u": {"F3": 0.0}}, 3) == 1.0


def test_data_purity_rejects_inconsistent_input():
    with pytest.raises(ValueError):
        data_purity({"t": {"F1": 1, "F2": 1, "F3": 1}}, 2)  # more writers than functions
    with pytest.raises(ValueError):
        data_purity({"t": {"F1": -1}}, 2)


# --------------------------------------------------------------------------- MoJo / MoJoFM

# EIGHT: B = {a b c d | e f g h};  A = {a b c | d e f | g h}.
#   A1 tags B1 x3 -> keeps 3, moves 0; A2 tags B1 x1, B2 x2 -> keeps 2, moves 1 (d);
#   A3 tags B2 x2 -> keeps 2, moves 0.  M = 1.
#   groups: A1 -> B1, A2 -> B2, A3 -> B2: g = 2 non-empty groups, l = 3 clusters -> 1 join.
#   mno = M + l - g = 1 + 3 - 2 = 2   (move d into A1, join A2 with A3)
#   max: B sizes ascending 4, 4 -> g grows 0->1 (4 > 0), 1->2 (4 > 1) -> 2; max = 8 - 2 = 6
#   MoJoFM = (1 - 2/6) * 100 = 66.666...
EIGHT_B = {"a": "B1", "b": "B1", "c": "B1", "d": "B1", "e": "B2", "f": "B2", "g": "B2", "h": "B2"}
EIGHT_A = {"a": "A1", "b": "A1", "c": "A1", "d": "A2", "e": "A2", "f": "A2", "g": "A3", "h": "A3"}

# TIE: B = {a b e | c | f g | h};  A = {a c | b e | f g | h}  (7 objects).
#   A1 = {a, c} ties between B1 and B2 (1 each) -> keeps 1, moves 1; A2 -> B1 keeps 2;
#   A3 -> B3 keeps 2; A4 -> B4 keeps 1.  M = 1, l = 4.
#   Breaking A1's tie towards B2 gives 4 non-empty groups (matching A1-B2, A2-B1, A3-B3, A4-B4),
#   so mno = 1 + 4 - 4 = 1 (move a into A2). Breaking it towards B1 would leave B2 empty:
#   g = 3 and mno = 1 + 4 - 3 = 2.
#   max: sizes ascending 1, 1, 2, 3 -> g = 1 (1 > 0), 1 (1 > 1 fails), 2 (2 > 1), 3 (3 > 2);
#   max = 7 - 3 = 4.  MoJoFM = (1 - 1/4) * 100 = 75
TIE_B = {"a": "B1", "b": "B1", "e": "B1", "c": "B2", "f": "B3", "g": "B3", "h": "B4"}
TIE_A = {"a": "A1", "c": "A1", "b": "A2", "e": "A2", "f": "A3", "g": "A3", "h": "A4"}


def test_mno_identical_up_to_renaming():
    assert mno({"a": "1", "b": "1", "c": "2"}, {"a": "X", "b": "X", "c": "Y"}) == 0


def test_mno_textbook_move_and_join():
    assert mno(EIGHT_A, EIGHT_B) == 2


def test_mno_breaks_ties_to_maximise_groups():
    assert mno(TIE_A, TIE_B) == 1


def test_mno_crossed_pairs():
    # A = {a c | b d}, B = {a b | c d}: every A cluster ties 1-1; matching A1-B1, A2-B2 -> g = 2
    # M = 1 + 1 = 2, mno = 2 + 2 - 2 = 2 (move b to A1, c to A2)
    assert mno({"a": "1", "c": "1", "b": "2", "d": "2"}, {"a": "X", "b": "X", "c": "Y", "d": "Y"}) == 2


def test_mno_no_common_objects():
    assert mno({"a": "1"}, {"b": "X"}) == 0
    assert mno({}, {}) == 0


def test_mojofm_identical_partitions():
    assert mojofm(EIGHT_B, EIGHT_B) == pytest.approx(100.0)
    renamed = {obj: f"other-{cluster}" for obj, cluster in EIGHT_B.items()}
    assert mojofm(renamed, EIGHT_B) == pytest.approx(100.0)


def test_mojofm_singletons_against_one_cluster():
    # n = 4. A = four singletons, B = one cluster: no moves, 3 joins -> mno = 3
    # max: B sizes [4] -> g = 1 -> 4 - 1 = 3. MoJoFM = (1 - 3/3) * 100 = 0
    singletons = {o: o for o in "abcd"}
    one = {o: "all" for o in "abcd"}
    assert mojofm(singletons, one) == pytest.approx(0.0)
    # A = one cluster, B = singletons: keep 1, move 3, no join -> mno = 3
    # max: B sizes [1, 1, 1, 1] -> g = 1 (only the first 1 > 0) -> 4 - 1 = 3. MoJoFM = 0
    assert mojofm(one, singletons) == pytest.approx(0.0)
    # each extreme against itself
    assert mojofm(one, one) == pytest.approx(100.0)
    assert mojofm(singletons, singletons) == pytest.approx(100.0)


def test_mojofm_textbook_example():
    assert mojofm(EIGHT_A, EIGHT_B) == pytest.approx(200 / 3)


def test_mojofm_tie_example():
    assert mojofm(TIE_A, TIE_B) == pytest.approx(75.0)


def test_mojofm_counts_only_common_objects():
    # extra objects on either side are dropped; the result is the EIGHT value
    candidate = dict(EIGHT_A, only_in_candidate="A9")
    reference = dict(EIGHT_B, only_in_reference="B9")
    assert mojofm(candidate, reference) == pytest.approx(200 / 3)


def test_mojofm_trivial_sizes():
    # one common object: a single possible partition, max mno = 0 -> 100
    assert mojofm({"a": "1"}, {"a": "X"}) == 100.0
    assert mojofm({}, {}) == 100.0
    assert mojofm({"a": "1"}, {"b": "X"}) == 100.0


def test_mojofm_reference_with_large_clusters_max_is_n_minus_l():
    # B = {a b c | d e f}: sizes 3, 3 -> g = 2 = l; max = 6 - 2 = 4.
    # A = {a b | c d | e f}: A1 -> B1 keeps 2; A2 ties (c in B1, d in B2) keeps 1, moves 1;
    # A3 -> B2 keeps 2. Matching A1-B1, A3-B2 (A2 can only add to one of them): g = 2.
    # mno = 1 + 3 - 2 = 2 -> MoJoFM = (1 - 2/4) * 100 = 50
    b = {"a": "B1", "b": "B1", "c": "B1", "d": "B2", "e": "B2", "f": "B2"}
    a = {"a": "A1", "b": "A1", "c": "A2", "d": "A2", "e": "A3", "f": "A3"}
    assert mno(a, b) == 2
    assert mojofm(a, b) == pytest.approx(50.0)
    assert math.isclose(mojofm(b, b), 100.0)


def test_icp_with_deployed_units_does_not_count_calls_into_a_bundled_layer() -> None:
    # home: a, lib -> F; b -> G. Calls: b->lib (lib deployed in G too: not crossing),
    # b->a (a only in F: crossing), a->lib (same home). ICP = 1 / 3.
    home = {"a": "F", "lib": "F", "b": "G"}
    deployed = {"F": {"a", "lib"}, "G": {"b", "lib"}}
    calls = [("b", "lib", 1.0), ("b", "a", 1.0), ("a", "lib", 1.0)]
    assert icp(calls, home, deployed) == pytest.approx(1 / 3)
    # without the bundles, b->lib crosses too: 2 / 3
    assert icp(calls, home) == pytest.approx(2 / 3)
