"""Tests of the shared solver plumbing against scipy's assignment solver."""

from __future__ import annotations

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


def test_decimals_needed() -> None:
    """The scale is the fewest decimals that make every score whole."""
    assert decimals_needed(np.array([1.0, 2.0])) == 0
    assert decimals_needed(np.array([1.5, 2.25])) == 2
    assert decimals_needed(np.array([0.1234567])) == 6
