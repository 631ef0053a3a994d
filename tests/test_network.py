"""Tests of the shared solver plumbing against scipy's assignment solver."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from cadreplan.solver.network import (
    Arcs,
    SolveOptions,
    Status,
    decimals_needed,
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
