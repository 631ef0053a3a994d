"""Tests of the shared solver plumbing against scipy's assignment solver."""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from cadreplan.solver.errors import DataError, NoSolutionError, OptionError, TooLargeError
from cadreplan.solver.network import (
    INT_LIMIT,
    Arcs,
    LinearRule,
    SolveOptions,
    Status,
    add_given_scores,
    add_scaled_scores,
    decimals_needed,
    remaining_seconds,
    score_factor,
    solve_cpsat,
    solve_flow,
)


def dense_arcs(weights: np.ndarray) -> Arcs:
    rows, cols = np.meshgrid(
        np.arange(weights.shape[0]), np.arange(weights.shape[1]), indexing="ij"
    )
    return Arcs(rows.ravel(), cols.ravel(), cols.ravel(), weights.ravel().astype(np.int64))


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 7), st.integers(1, 7)), elements=st.integers(0, 50))
)
def test_flow_matches_linear_sum_assignment(weights) -> None:
    """Max-count min-cost flow with unit capacities equals scipy's maximum assignment."""
    arcs = dense_arcs(weights)
    ones = np.ones(weights.shape[1], dtype=np.int64)
    solution = solve_flow(
        arcs, weights.shape[0], ones, ones, np.arange(weights.shape[1]), maximise_count=True
    )
    rows, cols = linear_sum_assignment(weights, maximize=True)
    assert solution.status is Status.OPTIMAL
    assert solution.objective == weights[rows, cols].sum()
    assert solution.chosen.sum() == min(weights.shape)


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(-20, 50))
)
def test_weight_only_flow_matches_cpsat(weights) -> None:
    """With a bypass arc, flow maximises total weight alone, as CP-SAT does."""
    arcs = dense_arcs(weights)
    ones = np.ones(weights.shape[1], dtype=np.int64)
    flow = solve_flow(
        arcs, weights.shape[0], ones, ones, np.arange(weights.shape[1]), maximise_count=False
    )
    cpsat = solve_cpsat(arcs, weights.shape[0], ones, ones, SolveOptions(time_limit=10))
    assert flow.objective == cpsat.objective
    positive = np.where(weights > 0, weights, 0)
    rows, cols = linear_sum_assignment(positive, maximize=True)
    assert flow.objective == positive[rows, cols].sum()


@st.composite
def grouped_models(draw):
    """Random arcs whose groups (right item, label) have caps that bind or cannot bind."""
    lefts = draw(st.integers(1, 8))
    rights = draw(st.integers(1, 4))
    labels = draw(st.integers(1, 3))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, lefts - 1), st.integers(0, rights - 1)),
            min_size=1,
            max_size=24,
            unique=True,
        )
    )
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    label = np.array([draw(st.integers(0, labels - 1)) for _ in pairs], dtype=np.int64)
    keys, group = np.unique(right * labels + label, return_inverse=True)
    weight = np.array([draw(st.integers(0, 30)) for _ in pairs], dtype=np.int64)
    right_capacity = np.array([draw(st.integers(0, 4)) for _ in range(rights)], dtype=np.int64)
    group_capacity = np.array([draw(st.integers(0, 3)) for _ in keys], dtype=np.int64)
    arcs = Arcs(left, right, group.astype(np.int64), weight)
    return arcs, lefts, right_capacity, group_capacity, keys // labels


def networkx_reference(arcs, lefts, right_capacity, group_capacity, group_right):
    """Count and weight of a max flow of min cost on the full network, every group a node."""
    graph = nx.DiGraph()
    for item in range(lefts):
        graph.add_edge("s", ("l", item), capacity=1, weight=0)
    for a, b, w in zip(arcs.left, arcs.group, arcs.weight, strict=True):
        graph.add_edge(("l", int(a)), ("g", int(b)), capacity=1, weight=-int(w))
    for g, cap in enumerate(group_capacity):
        graph.add_edge(("g", g), ("r", int(group_right[g])), capacity=int(cap), weight=0)
    for r, cap in enumerate(right_capacity):
        graph.add_edge(("r", r), "t", capacity=int(cap), weight=0)
    flow = nx.max_flow_min_cost(graph, "s", "t")
    count = sum(flow["s"].values())
    return count, -nx.cost_of_flow(graph, flow)


@settings(max_examples=120, deadline=None)
@given(grouped_models())
def test_flow_with_group_caps_matches_networkx(model) -> None:
    """Dropping the nodes of groups whose cap cannot bind keeps the optimum and the caps."""
    arcs, lefts, right_capacity, group_capacity, group_right = model
    solution = solve_flow(
        arcs, lefts, right_capacity, group_capacity, group_right, maximise_count=True
    )
    count, weight = networkx_reference(arcs, lefts, right_capacity, group_capacity, group_right)
    assert solution.chosen.sum() == count
    assert solution.objective == weight
    chosen = solution.chosen
    assert np.all(np.bincount(arcs.left[chosen], minlength=lefts) <= 1)
    assert np.all(np.bincount(arcs.group[chosen], minlength=len(group_capacity)) <= group_capacity)
    assert np.all(np.bincount(arcs.right[chosen], minlength=len(right_capacity)) <= right_capacity)


def test_decimals_needed() -> None:
    """The scale is the fewest decimals that make every score whole."""
    assert decimals_needed(np.array([1.0, 2.0])) == 0
    assert decimals_needed(np.array([1.5, 2.25])) == 2
    assert decimals_needed(np.array([0.1234567])) == 6


# --- Numbers in range: integer scaling never overflows a solver (issue 13, kind 1) ---------


def given_arcs(scores: np.ndarray, factor: int):
    """A frame of given scores as the models build it, with the model's score factor."""
    import pandas as pd

    arcs = pd.DataFrame({"score_given": scores})
    arcs.attrs["score_factor"] = factor
    return arcs


def test_given_scores_keep_every_decimal_when_they_fit() -> None:
    """Scores with six decimals are scaled by 10^6 exactly when the sums fit in 64 bits."""
    arcs = given_arcs(np.array([1.000001, 99999.5]), factor=1000)
    add_given_scores(arcs, "pair_scores")
    assert arcs.attrs["scale"] == 10**6
    assert arcs["weight"].tolist() == [1_000_001, 99_999_500_000]
    assert "notes" not in arcs.attrs


@pytest.mark.parametrize(
    ("largest", "factor", "scale"),
    [(2.0**30 + 0.123456, 255_000, 10**4), (99999.999999, 10**11, 10**2), (5.5, 2**59, 1)],
)
def test_given_scores_drop_decimals_until_no_sum_can_overflow(largest, factor, scale) -> None:
    """The scale is the largest power of ten whose sums stay within 2^62, and a note says so."""
    arcs = given_arcs(np.array([largest, 1.5]), factor=factor)
    add_given_scores(arcs, "pair_scores")
    assert arcs.attrs["scale"] == scale
    assert (abs(arcs["weight"]).max() + 1) * factor <= INT_LIMIT
    assert "rounded" in arcs.attrs["notes"][0]


@pytest.mark.parametrize("largest", [1e18, 2.0**62, 5e15])
def test_given_scores_beyond_any_scale_are_refused(largest) -> None:
    """When even whole numbers would overflow, the scores file and column are named."""
    arcs = given_arcs(np.array([largest, 1.0]), factor=10_000)
    with pytest.raises(DataError) as caught:
        add_given_scores(arcs, "pair_scores")
    assert caught.value.file == "pair_scores.csv" and caught.value.column == "score"
    assert "too large" in str(caught.value)


def test_computed_scores_lower_their_scale_when_needed() -> None:
    """Centi-point scores over a model too large for them fall back to fewer decimals."""
    import pandas as pd

    arcs = pd.DataFrame({"x": [0, 1]})
    arcs.attrs["score_factor"] = INT_LIMIT // 5_000
    add_scaled_scores(arcs, {"a": np.array([100.25, 3.0]), "b": np.array([0.5, 0.0])}, 100)
    assert arcs.attrs["scale"] == 10
    assert arcs["weight"].tolist() == [1007, 30]  # 1002 (half to even) + 5
    assert np.allclose(arcs["score"], arcs["score_a"] + arcs["score_b"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=12),
    st.lists(st.integers(0, 11), min_size=0, max_size=60),
    st.sampled_from([1, 10, 100]),
    st.integers(0, 2**50),
)
@example(table=[5530.0], picks=[0], scale=1, factor=625_398_158_181_094)  # refused both ways
def test_tabulated_scores_equal_scores_computed_arc_by_arc(table, picks, scale, factor) -> None:
    """A component given as (table, index) gives the same bits as its values arc by arc, and
    the same refusal when even whole points would overflow."""
    import pandas as pd

    values = np.array(table)
    index = np.array([i % len(values) for i in picks], dtype=np.int64)
    outcomes = []
    for part in ((values, index), values[index]):
        arcs = pd.DataFrame({"x": np.zeros(len(index))})
        arcs.attrs["score_factor"] = factor + 1
        try:
            add_scaled_scores(arcs, {"a": part, "b": values[index] / 3}, scale)
        except TooLargeError as error:
            outcomes.append(("too large", str(error)))
            continue
        columns = ("score_a", "score_b", "weight", "score")
        outcomes.append(("ok", arcs.attrs, [arcs[c].to_numpy().tobytes() for c in columns]))
    tabulated, direct = outcomes
    assert tabulated == direct


@pytest.mark.parametrize("weight", [2**61, -(2**61), 2**40])
def test_flow_refuses_costs_that_could_overflow(weight) -> None:
    """Min-cost flow never sees costs whose scaled sums could pass 64 bits (exit 2 class)."""
    arcs = Arcs(np.array([0, 1]), np.array([0, 0]), np.array([0, 0]), np.array([weight, 1]))
    ones = np.ones(1, dtype=np.int64)
    big_left = 2**23 if abs(weight) == 2**40 else 2
    with pytest.raises(TooLargeError):
        solve_flow(arcs, big_left, ones, ones, np.arange(1), maximise_count=True)


def test_flow_capacity_beyond_int64_is_cut_to_the_items() -> None:
    """A capacity far above the number of items cannot unbalance the flow."""
    weights = np.array([[3, 1], [2, 5]])
    arcs = dense_arcs(weights)
    huge = np.array([2**62, 2**62], dtype=np.int64)
    solution = solve_flow(arcs, 2, huge, huge, np.arange(2), maximise_count=True)
    assert solution.objective == 8


def test_cpsat_refuses_an_objective_that_could_overflow() -> None:
    """CP-SAT is never handed an objective whose coefficients sum past 2^62."""
    arcs = Arcs(np.arange(4), np.zeros(4, int), np.zeros(4, int), np.full(4, 2**61))
    ones = np.ones(1, dtype=np.int64)
    with pytest.raises(TooLargeError):
        solve_cpsat(arcs, 4, ones, ones, SolveOptions(time_limit=5))


def test_cpsat_with_50x50_six_decimal_scores_matches_scipy() -> None:
    """50x50 scores with six decimals solve in CP-SAT after scaling, at scipy's optimum."""
    rng = np.random.default_rng(7)
    scores = np.round(rng.uniform(0, 99999, size=(50, 50)), 6)
    arcs_frame = given_arcs(scores.ravel(), score_factor(2500, 50, 50, 1))
    add_given_scores(arcs_frame, "pair_scores")
    scale = arcs_frame.attrs["scale"]
    assert scale == 10**6
    weights = arcs_frame["weight"].to_numpy().reshape(50, 50)
    arcs = dense_arcs(weights)
    ones = np.ones(50, dtype=np.int64)
    spread = int(weights.max()) * 50
    solution = solve_cpsat(
        arcs, 50, ones, ones, SolveOptions(time_limit=30), count_weight=2 * spread + 1
    )
    rows, cols = linear_sum_assignment(weights, maximize=True)
    assert solution.status is Status.OPTIMAL
    assert solution.objective - (2 * spread + 1) * 50 == weights[rows, cols].sum()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("time_limit", float("nan"), "--time-limit"),
        ("time_limit", float("inf"), "--time-limit"),
        ("time_limit", 0.0, "--time-limit"),
        ("time_limit", 1e300, "--time-limit"),
        ("seed", 2**40, "--seed"),
        ("seed", -1, "--seed"),
        ("solver", "glpk", "--solver"),
        ("workers", 0, "workers"),
    ],
)
def test_solve_options_refuse_values_no_solver_takes(field, value, words) -> None:
    """Options are validated on construction: a usage error naming the option."""
    with pytest.raises(OptionError, match=words):
        SolveOptions(**{field: value})


# --- One deadline (kind 7) ----------------------------------------------------------------


def test_flow_does_not_start_after_the_deadline() -> None:
    """Min-cost flow cannot be interrupted, so a used-up deadline stops it before it starts."""
    arcs = dense_arcs(np.array([[1, 2], [3, 4]]))
    ones = np.ones(2, dtype=np.int64)
    options = SolveOptions(time_limit=0.0001)
    with pytest.raises(NoSolutionError, match="used up before min-cost flow"):
        solve_flow(
            arcs,
            2,
            ones,
            ones,
            np.arange(2),
            maximise_count=True,
            options=options,
            started=time.perf_counter() - 1,
        )


def test_cpsat_out_of_time_returns_the_hint_as_feasible(monkeypatch) -> None:
    """When CP-SAT stops without a plan, the flow hint in hand comes back as feasible."""
    from ortools.sat.python import cp_model

    solve = cp_model.CpSolver.solve

    def out_of_time(self, model, *args):
        solve(self, model)
        return cp_model.UNKNOWN

    monkeypatch.setattr(cp_model.CpSolver, "solve", out_of_time)
    weights = np.array([[1, 9], [8, 2]])
    arcs = dense_arcs(weights)
    ones = np.ones(2, dtype=np.int64)
    hint = np.array([False, True, True, False])
    solution = solve_cpsat(arcs, 2, ones, ones, SolveOptions(time_limit=1), hint=hint)
    assert solution.status is Status.FEASIBLE
    assert solution.objective == 17 and solution.chosen.tolist() == hint.tolist()
    assert solution.bound >= solution.objective
    assert "hint" in solution.note
    with pytest.raises(NoSolutionError):
        solve_cpsat(arcs, 2, ones, ones, SolveOptions(time_limit=1))


def test_a_hint_that_breaks_a_side_rule_is_not_returned(monkeypatch) -> None:
    """The hint is returned only when it meets every side rule too."""
    from ortools.sat.python import cp_model

    solve = cp_model.CpSolver.solve

    def out_of_time(self, model, *args):
        solve(self, model)
        return cp_model.UNKNOWN

    monkeypatch.setattr(cp_model.CpSolver, "solve", out_of_time)
    arcs = dense_arcs(np.array([[1, 9], [8, 2]]))
    ones = np.ones(2, dtype=np.int64)
    rule = LinearRule("first arc", np.array([0]), np.array([1]), 1)
    with pytest.raises(NoSolutionError):
        solve_cpsat(
            arcs,
            2,
            ones,
            ones,
            SolveOptions(time_limit=1),
            hint=np.array([False, True, True, False]),
            side_rules=(rule,),
        )


def test_remaining_seconds_counts_from_the_start_of_planning() -> None:
    """Every solve of a plan gets what is left of one limit, not a fresh one."""
    options = SolveOptions(time_limit=10)
    assert remaining_seconds(options, None) == 10
    assert remaining_seconds(options, time.perf_counter() - 4) <= 6
