"""Which nominees join the pool when structure targets link the villages: exact solves.

The model (see :mod:`reserves`): a 0/1 variable per eligible nominee of a village with a
shortfall; at most ``capacity[v]`` admitted in village ``v``; each structure target a row
``sum(coefficient × x) ≥ lower``. The objective is lexicographic: first ``sum(weight × x)``
(priority weight × places filled), then ``sum(evaluation × x)``; a solution carries it as
the single number ``W × first + second`` with ``W = 2 × sum(evaluation) + 1`` (larger than
any difference in the second, so the order of the two is kept exactly). Methods:

- **ranking** (``--solver auto``, when it suffices): the ranking that is optimal without
  targets (proof in :func:`reserves.plan_reserves`) is an optimum of a relaxation of this
  model; when it also meets every target it is optimal here, with bound = objective.
- **HiGHS over class totals** (``--solver auto`` otherwise;
  :func:`~cadreplan.solver.reserve_milp.solve_admissions_milp`): two lexicographic
  mixed-integer solves whose integer variables are the totals per (weight, signature)
  class, per weight and per target, exact by total unimodularity (proof in
  :mod:`reserve_milp`). On a generated province (26,000 villages, 8,575 candidate
  nominees) it proves in about a second the targets that CP-SAT left unproven after 60 s.
- **CP-SAT** (``--solver cpsat``): one CP-SAT solve of the combined objective over what
  :func:`reduce_model` leaves (the nominees whose choice can matter, interchangeable ones
  pooled into counts), with the same totals per weight and per target as integer
  variables, within what is left of the plan's one time limit. Status and bound are
  CP-SAT's. Parameters: presolve off (it ran for more than 30 s and simplified nothing),
  linearization level 2 (its cuts close the gap between the LP bound and the optimum), no
  hint (the ranking breaks the targets whenever CP-SAT runs; as a hint it slowed the
  proof from 2 s to 13 s).

Every method returns :class:`~cadreplan.solver.network.Solution` in the single-objective form
``W × first + second``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .errors import NoSolutionError, TooLargeError
from .network import (
    INT_LIMIT,
    LinearRule,
    Solution,
    SolveOptions,
    Status,
    check_deadline,
    remaining_seconds,
)
from .reserve_milp import solve_admissions_milp


@dataclass(frozen=True)
class AdmissionModel:
    """The admission model's data; arrays are per candidate nominee unless said otherwise.

    ``village`` (village position), ``signature`` (bit r set when target r counts the
    nominee), ``weight`` (the village's priority weight), ``evaluation`` (scaled to
    integers), ``capacity`` (per village position: its shortfall), ``targets`` (one
    :class:`LinearRule` per structure target over all candidates).
    """

    village: np.ndarray
    signature: np.ndarray
    weight: np.ndarray
    evaluation: np.ndarray
    capacity: np.ndarray
    targets: tuple[LinearRule, ...]

    @property
    def big(self) -> int:
        return 2 * int(self.evaluation.sum()) + 1

    def coefficients(self) -> np.ndarray:
        """The target rows as a dense ``(targets, candidates)`` int64 matrix."""
        dense = np.zeros((len(self.targets), len(self.village)), dtype=np.int64)
        for row, rule in enumerate(self.targets):
            dense[row, rule.arcs] = rule.coefficients
        return dense

    def feasible(self, chosen: np.ndarray) -> bool:
        """Whether a 0/1 choice meets the capacities and every target, in integers."""
        chosen = np.asarray(chosen, dtype=bool)
        filled = np.bincount(self.village[chosen], minlength=len(self.capacity))
        if (filled > self.capacity).any():
            return False
        totals = self.coefficients()[:, chosen].sum(axis=1)
        return all(int(t) >= rule.lower for t, rule in zip(totals, self.targets, strict=True))

    def value(self, chosen: np.ndarray) -> int:
        """``W × first + second`` of a 0/1 choice."""
        chosen = np.asarray(chosen, dtype=bool)
        first = int(self.weight[chosen].sum())
        return first * self.big + int(self.evaluation[chosen].sum())


@dataclass(frozen=True)
class Reduction:
    """What :func:`reduce_model` settles before any solve, and how the rest is modelled.

    ``fixed_in``: candidates settled as admitted. ``single``: candidates of villages where
    they compete for fewer places than they are (one 0/1 variable each). ``pooled``: the
    other free candidates, in classes of equal weight and signature, each class in
    evaluation order (the best first, the one listed earlier first on a tie); a class is
    one count variable. Every candidate in none of these is settled as not admitted.
    """

    fixed_in: np.ndarray
    single: np.ndarray
    pooled: tuple[np.ndarray, ...]


def ranking_choice(model: AdmissionModel) -> np.ndarray:
    """The optimum without targets: each village's ``capacity`` best, bool per candidate.

    Best: the highest evaluation, the one listed earlier on a tie (proof of optimality in
    :func:`reserves.plan_reserves`; the weights are the village's, equal within it).
    """
    index = np.arange(len(model.village))
    order = np.lexsort((index, -model.evaluation, model.village))
    villages = model.village[order]
    starts = np.flatnonzero(np.r_[True, np.diff(villages) != 0]) if len(order) else index
    rank = index - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    chosen = np.zeros(len(order), dtype=bool)
    chosen[order] = rank < model.capacity[villages]
    return chosen


def reduce_model(model: AdmissionModel, ranking: np.ndarray) -> Reduction:
    """Settle the nominees whose choice cannot matter and pool the interchangeable ones.

    Exact, by exchange arguments. Call a *class* the candidates of one village with one
    signature (the same flags, so the same coefficient in every target row), in
    evaluation order, the one listed earlier first on equal evaluations.

    1. *Within a class the best go first.* Swapping an admitted member for a better one
       left out keeps every count and target and never lowers the evaluation; so some
       optimum admits a prefix of each class, and members ranked at or past the village's
       capacity are never admitted.
    2. *Villages the ranking settles.* Call a candidate *dominant* when its coefficient is,
       in every target row, non-negative and the largest of the row (flagged by every
       target). If the ranking's choice ``T_v`` in village ``v`` (its ``k_v`` best) is all
       dominant, then for any choice ``X_v`` of ``v``, ``|X_v| ≤ k_v`` and each row's sum
       over ``X_v`` is at most ``|X_v| × c ≤ k_v × c``, the sum over ``T_v``; the first
       objective does not fall and, at equal size, neither does the evaluation. Replacing
       ``X_v`` by ``T_v`` in an optimum keeps it feasible and optimal, village after
       village: some optimum admits ``T_v`` in every such village.
    3. *Pooling.* In a village whose remaining candidates fit its places, its capacity can
       never bind, so each of them counts only through its weight, its signature and its
       evaluation. Among all such candidates of one weight and signature, wherever their
       villages, swapping an admitted one for a better one left out keeps every target and
       the first objective and never lowers the second: some optimum admits a prefix of
       each such pooled class, so a count per class replaces a variable per person, and
       the class's evaluation is the concave sum of its first ``count`` evaluations.

    Parameters
    ----------
    model
        The admission model.
    ranking
        Bool per candidate: the ranking's choice (each village's best up to capacity).

    Returns
    -------
    Reduction
    """
    count = len(model.village)
    empty = np.zeros(0, dtype=np.int64)
    if count == 0:
        return Reduction(fixed_in=empty, single=empty, pooled=())
    index = np.arange(count)
    dense = model.coefficients()
    order = np.lexsort((index, -model.evaluation, model.signature, model.village))
    key_village = model.village[order]
    key_signature = model.signature[order]
    starts = np.r_[True, (np.diff(key_village) != 0) | (np.diff(key_signature) != 0)]
    group = np.cumsum(starts) - 1
    rank = np.arange(count) - np.flatnonzero(starts)[group]
    useful = np.zeros(count, dtype=bool)
    useful[order] = rank < model.capacity[key_village]

    if len(dense):
        best = dense.max(axis=1)
        dominant = ((dense >= 0) & (dense == best[:, None])).all(axis=0)
    else:
        dominant = np.ones(count, dtype=bool)
    ranking = np.asarray(ranking, dtype=bool)
    spoiled = np.bincount(model.village[ranking & ~dominant], minlength=len(model.capacity))
    settled = (spoiled == 0)[model.village]
    free = useful & ~settled
    per_village = np.bincount(model.village[free], minlength=len(model.capacity))
    competing = (per_village > model.capacity)[model.village]
    single = np.flatnonzero(free & competing)
    pool = np.flatnonzero(free & ~competing)
    pool_key = model.weight[pool].astype(np.int64) * (1 << 16) + model.signature[pool]
    arrange = np.lexsort((pool, -model.evaluation[pool], pool_key))
    pool, pool_key = pool[arrange], pool_key[arrange]
    bounds = np.flatnonzero(np.diff(pool_key)) + 1
    pooled = tuple(part for part in np.split(pool, bounds) if len(part))
    return Reduction(fixed_in=np.flatnonzero(settled & ranking), single=single, pooled=pooled)


def solve_admissions(
    model: AdmissionModel,
    ranking: np.ndarray,
    options: SolveOptions,
    started: float,
) -> Solution:
    """Solve the admission model exactly; ``ranking`` is the optimum without targets.

    ``options.solver``: ``auto`` (the ranking when it meets the targets, else HiGHS over
    class totals) or ``cpsat`` (always CP-SAT). Status ``infeasible`` when no admission
    meets the targets.

    Raises
    ------
    NoSolutionError
        When no plan is found within the time limit.
    TooLargeError
        When the combined objective could pass CP-SAT's 64-bit range.
    """
    ranking = np.asarray(ranking, dtype=bool)
    if options.solver != "cpsat" and model.feasible(ranking):
        value = model.value(ranking)
        return Solution(ranking, Status.OPTIMAL, value, value, 0.0, "ranking")
    if options.solver == "cpsat":
        return solve_admissions_cpsat(model, ranking, options, started)
    return solve_admissions_milp(model, options, started, ranking)


def solve_admissions_cpsat(
    model: AdmissionModel,
    ranking: np.ndarray,
    options: SolveOptions,
    started: float,
) -> Solution:
    """One CP-SAT solve of ``W × first + second`` over the model :func:`reduce_model` leaves.

    Variables: a 0/1 per ``single`` candidate; per pooled class a count ``z`` and its
    evaluation ``y ≤ P(k) + e_(k+1) × (z − k)`` for every ``k`` where the class's
    evaluations step down (the tangents of its concave prefix sums ``P``, exact at every
    integer count); the totals per weight and per target as integer variables, on which
    the targets and the priority are stated. The settled candidates enter as constants
    (their part of each target row and of the objective). Parameters: no presolve,
    linearization level 2 (cuts),
    the time left of the plan's one limit. When CP-SAT ends without a plan and the ranking
    meets every target, the ranking is returned as ``feasible`` with CP-SAT's bound.

    Raises
    ------
    NoSolutionError
        When no plan is found within the time limit.
    TooLargeError
        When the combined objective could pass CP-SAT's 64-bit range.
    """
    from ortools.sat.python import cp_model  # slow to import; most reviews need no solver

    start = time.perf_counter()
    ranking = np.asarray(ranking, dtype=bool)
    reduction = reduce_model(model, ranking)
    dense = model.coefficients()
    big = model.big
    evaluation = model.evaluation.astype(np.int64)
    weight = model.weight.astype(np.int64)
    combined = weight * big + evaluation
    offset = int(combined[reduction.fixed_in].sum())
    magnitude = offset + int(np.abs(combined).sum())
    if magnitude > INT_LIMIT:
        raise TooLargeError(
            key="review.err.overflow_cpsat",
            params={"nominees": f"{len(model.village):,}", "magnitude": f"{magnitude:.3g}"},
        )

    # One deadline: a limit used up before the solve is no plan (exit 3), never a solve
    # granted a floor past it.
    check_deadline(options, started, "cpsat")
    cp = cp_model.CpModel()
    single = reduction.single
    x = [cp.new_bool_var(f"x{i}") for i in single]
    villages = model.village[single]
    by_village = np.argsort(villages, kind="stable")
    for members in np.split(by_village, np.flatnonzero(np.diff(villages[by_village])) + 1):
        if len(members):
            limit = int(model.capacity[villages[members[0]]])
            cp.add(sum(x[int(m)] for m in members) <= limit)
    counts = []
    values = []
    for members in reduction.pooled:
        steps = evaluation[members]
        prefix = np.r_[0, np.cumsum(steps)]
        z = cp.new_int_var(0, len(members), f"z{members[0]}")
        y = cp.new_int_var(0, int(prefix[-1]), f"y{members[0]}")
        for k in np.r_[0, np.flatnonzero(steps[1:] < steps[:-1]) + 1]:
            cp.add(y <= int(prefix[k]) + int(steps[k]) * (z - int(k)))
        counts.append(z)
        values.append(y)
    heads = np.array([members[0] for members in reduction.pooled], dtype=np.int64)
    terms = x + counts
    positions = np.r_[single, heads].astype(np.int64)
    # The totals per weight and per target as integer variables: the directions in which
    # the plans meeting the targets at the best priority are few (see :mod:`reserve_milp`).
    term_weight = weight[positions]
    totals = []
    for value in np.unique(term_weight):
        total = cp.new_int_var(0, len(model.village), f"places_w{value}")
        cp.add(total == sum(terms[int(i)] for i in np.flatnonzero(term_weight == value)))
        totals.append((int(value), total))
    size = sum(total for _, total in totals)
    for row, rule in enumerate(model.targets):
        settled = int(dense[row, reduction.fixed_in].sum())
        coefficients = dense[row, positions].astype(np.int64)
        counted = ((model.signature[positions] >> row) & 1) == 1
        flagged = cp.new_int_var(0, len(model.village), f"counted_{rule.name}")
        cp.add(flagged == sum(terms[int(i)] for i in np.flatnonzero(counted)))
        a = int(coefficients[counted][0]) if counted.any() else 0
        b = int(coefficients[~counted][0]) if (~counted).any() else 0
        if not np.array_equal(coefficients, np.where(counted, a, b)):
            raise ValueError(f"target {rule.name}: signature bit {row} does not match its row")
        cp.add((a - b) * flagged + b * size >= rule.lower - settled)
    first = cp_model.LinearExpr.weighted_sum(
        [total for _, total in totals], [value for value, _ in totals]
    )
    second = cp_model.LinearExpr.weighted_sum(x, evaluation[single].tolist()) + sum(values)
    cp.maximize(big * first + second)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.001, remaining_seconds(options, started))
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = int(options.seed)
    solver.parameters.num_workers = int(options.workers)
    code = solver.solve(cp)
    seconds = time.perf_counter() - start
    if code == cp_model.INFEASIBLE:
        none = np.zeros(len(model.village), bool)
        return Solution(none, Status.INFEASIBLE, 0, 0, seconds, "cpsat")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if model.feasible(ranking):
            raw = solver.best_objective_bound
            value = model.value(ranking)
            bound = offset + float(np.floor(raw + 1e-6)) if np.isfinite(raw) else np.inf
            return Solution(
                ranking,
                Status.FEASIBLE,
                value,
                max(bound, value),
                seconds,
                "cpsat",
                note=(
                    "CP-SAT found no plan of its own within the time limit of "
                    f"{options.time_limit:g} s; the plan is the ranking"
                ),
            )
        raise NoSolutionError(
            key="err.no_plan_in_time",
            params={"solver": "CP-SAT", "limit": f"{options.time_limit:g}"},
        )
    chosen = np.zeros(len(model.village), dtype=bool)
    chosen[reduction.fixed_in] = True
    chosen[single] = [bool(solver.boolean_value(v)) for v in x]
    for members, z in zip(reduction.pooled, counts, strict=True):
        chosen[members[: int(solver.value(z))]] = True
    value = model.value(chosen)
    if not model.feasible(chosen) or value != offset + int(round(solver.objective_value)):
        raise NoSolutionError(key="review.err.cpsat_broke")
    bound = offset + int(np.floor(solver.best_objective_bound + 1e-6))
    status = Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE
    return Solution(chosen, status, value, max(bound, value), seconds, "cpsat")


__all__ = [
    "AdmissionModel",
    "Reduction",
    "ranking_choice",
    "reduce_model",
    "solve_admissions",
    "solve_admissions_cpsat",
    "solve_admissions_milp",
]
