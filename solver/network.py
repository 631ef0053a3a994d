"""Shared solver plumbing: statuses, options, integer scaling, min-cost flow and CP-SAT.

Both planning models are assignments with capacities: *left* items (reserves, candidates)
go to *right* items (mentors, posts) along scored arcs, optionally through *groups* (one
mentor's mentees from one village) that cap how many arcs of the group are used. Such a
model is a network, solved exactly by OR-Tools min-cost flow; CP-SAT solves the same model
with side constraints. OR-Tools objects never leave this module.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .errors import DataError, NoSolutionError, OptionError, Phrase, TooLargeError

#: The largest magnitude any integer sum formed by a solver may reach. CP-SAT refuses a
#: model whose linear sums (bounded term by term) could pass 2^62, and OR-Tools min-cost
#: flow refuses costs whose magnitude times the node count could overflow 64 bits.
INT_LIMIT = 2**62
#: The longest time limit accepted, in seconds (about 11.6 days).
MAX_TIME_LIMIT = 1_000_000.0
#: CP-SAT takes a 32-bit random seed.
MAX_SEED = 2**31 - 1


class Status(enum.Enum):
    """Outcome of a solve, as written to ``summary.json``."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: ``solver`` is auto, flow or cpsat; CP-SAT takes the rest.

    CP-SAT runs on ``workers`` threads. With one worker (the default) its search is
    deterministic, so the same inputs and seed give the same plan; more workers may find
    plans faster on large models, but two runs may then return different plans of equal
    score.
    """

    solver: str = "auto"
    time_limit: float = 60.0
    seed: int = 0
    workers: int = 1
    #: Where the plan reports its phases (see :mod:`cadreplan.solver.timing`); None: nowhere.
    progress: Callable[..., None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Refuse, as a usage error, a value no solver can take (raises :class:`OptionError`)."""
        if self.solver not in ("auto", "flow", "cpsat"):
            raise OptionError(key="err.opt.solver", params={"value": self.solver})
        limit = self.time_limit
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int | float)
            or not math.isfinite(limit)
            or not 0 < limit <= MAX_TIME_LIMIT
        ):
            raise OptionError(
                key="err.opt.time_limit",
                params={"most": f"{MAX_TIME_LIMIT:,.0f}", "value": limit},
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int | np.integer):
            raise OptionError(key="err.opt.seed_whole", params={"value": self.seed})
        if not 0 <= self.seed <= MAX_SEED:
            raise OptionError(
                key="err.opt.seed_range", params={"most": MAX_SEED, "value": self.seed}
            )
        if isinstance(self.workers, bool) or not isinstance(self.workers, int):
            raise OptionError(key="err.opt.workers_whole", params={"value": self.workers})
        if not 1 <= self.workers <= 256:
            raise OptionError(key="err.opt.workers_range", params={"value": self.workers})


def remaining_seconds(options: SolveOptions, started: float | None) -> float:
    """Seconds left of ``options.time_limit``, counted from ``started`` (perf_counter).

    One deadline covers a whole plan: every solve of it (the flow, CP-SAT, a diagnosis)
    gets what is left, never a fresh limit.
    """
    if started is None:
        return float(options.time_limit)
    return float(options.time_limit) - (time.perf_counter() - started)


def check_deadline(options: SolveOptions, started: float | None, before: str) -> None:
    """Raise :class:`NoSolutionError` when the time limit is used up before ``before``.

    ``before`` names the solve about to start: ``flow`` or ``highs`` (message
    ``err.before.<before>``).
    """
    if remaining_seconds(options, started) <= 0:
        raise NoSolutionError(
            key="err.deadline_before",
            params={
                "limit": f"{options.time_limit:g}",
                "before": Phrase(f"err.before.{before}"),
            },
        )


@dataclass(frozen=True)
class Arcs:
    """Scored arcs of an assignment model; positions index the left/right/group items."""

    left: np.ndarray
    right: np.ndarray
    group: np.ndarray
    weight: np.ndarray  # int64, to maximise

    def __len__(self) -> int:
        return len(self.left)


@dataclass(frozen=True)
class Relay:
    """A shared relay node between some left items and some right items (min-cost flow).

    ``into_left`` enter the relay (one arc each, weight ``into_weight``) and the relay
    leaves to ``out_right`` (one arc each, weight ``out_weight``). It stands for every
    (into_left[i], out_right[j]) arc with weight ``into_weight[i] + out_weight[j]`` with
    len(into) + len(out) arcs instead of len(into) x len(out): exact whenever an item's
    weight splits that way (a dispatched cadre's fit does not depend on the post). Relay
    arcs count towards the right items' capacities but bypass groups, so the right items
    they reach must have no binding group.
    """

    into_left: np.ndarray
    into_weight: np.ndarray
    out_right: np.ndarray
    out_weight: np.ndarray


@dataclass(frozen=True)
class Solution:
    """Which arcs are used, with the solver's status, objective and bound (in weight units).

    With a :class:`Relay`, ``relay_in`` and ``relay_out`` tell which of its arcs are used.
    """

    chosen: np.ndarray  # bool per arc
    status: Status
    objective: int
    bound: float  # inf when nothing is proven about the second objective
    seconds: float
    solver: str
    relay_in: np.ndarray | None = None
    relay_out: np.ndarray | None = None
    note: str = ""  # what the plan should tell its reader about this solve


def second_objective_bound(weighted_bound: float, first: int, weight: int, spread: int) -> float:
    """The bound on the second objective of ``weight * first + second`` (|second| <= spread).

    When the weighted bound leaves room for a better first objective, nothing is proven
    about the second among plans as good on the first: the bound is then infinite.
    """
    if weighted_bound >= weight * (first + 1) - spread:
        return math.inf
    return float(weighted_bound - weight * first)


def relative_gap(objective: float, bound: float) -> float:
    """|bound - objective| / max(1, |bound|): 0 when proven, infinite with no bound."""
    if bound == objective:
        return 0.0
    if math.isinf(bound):
        return math.inf
    return abs(bound - objective) / max(1.0, abs(bound))


def score_factor(arcs: int, left: int, right: int, first_weight: int) -> int:
    """How many times the largest integer score the largest sum of a solver may hold.

    Parameters
    ----------
    arcs, right
        Candidate pairs and right items (mentors, posts) of the model.
    left
        The count that multiplies the score spread in the lexicographic weight: reserves
        for mentors, vacant posts for backfill.
    first_weight
        The largest weight of the first objective per item (1 for a count, the largest
        ``[backfill.priority]`` weight for posts).

    Notes
    -----
    With a largest score ``W`` (integer units), the lexicographic models weight the first
    objective by ``big = 2 W left + 1``, so an arc's coefficient is at most
    ``W (first_weight (2 left + 1) + 1)``. CP-SAT bounds its objective by summing the
    coefficients over every arc; min-cost flow multiplies costs by the node count (at most
    ``2 arcs + left + right + 3``). The factor is the larger of the two multipliers.
    """
    per_arc = max(first_weight, 1) * (2 * max(left, 1) + 1) + 1
    nodes = 2 * arcs + left + right + 3
    return max(arcs, nodes, 1) * per_arc


def choose_scale(largest: float, decimals: int, factor: int) -> int | None:
    """The largest ``10**d`` (``d <= decimals``) that keeps ``largest x 10**d x factor`` in range.

    Returns None when even ``10**0`` overflows :data:`INT_LIMIT`.
    """
    for d in range(decimals, -1, -1):
        if (round(abs(largest) * 10**d) + 1) * factor <= INT_LIMIT:
            return 10**d
    return None


#: A score component given per arc, or as ``(table, index)``: arc i's value is
#: ``table[index[i]]`` (a component that takes few distinct values, computed once each).
Component = np.ndarray | tuple[np.ndarray, np.ndarray]


def add_scaled_scores(arcs, parts: Mapping[str, Component], scale: int) -> None:
    """Write ``score_<part>`` columns, ``score`` and the integer ``weight`` into ``arcs``.

    Each component is rounded to 1/scale *before* summing, so the integer the solver
    maximises is exactly ``scale`` times the score reported and no ordering is lost. When
    ``arcs.attrs["score_factor"]`` (see :func:`score_factor`) says that the solver's sums
    could overflow at ``scale``, a smaller power of ten is used (recorded as the plan's
    ``score_scale`` and in ``arcs.attrs["notes"]``); :class:`TooLargeError` when none fits.

    A component given as ``(table, index)`` is rounded once per table entry and then
    gathered: the same floats and integers, bit for bit, as rounding ``table[index]`` arc
    by arc (the same operations on the same values), in a fraction of the time when the
    table is much shorter than the arcs.
    """
    tables: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    largest = 0.0
    rows = len(arcs)
    for name, part in parts.items():
        if isinstance(part, tuple):
            table = np.asarray(part[0], dtype=float)
            index = np.asarray(part[1], dtype=np.int64)
            used = np.bincount(index, minlength=len(table))[: len(table)] > 0
            largest += float(np.abs(table[used]).max(initial=0))
            tables[name] = (table, index)
            rows = len(index)
        else:
            value = np.asarray(part, dtype=float)
            largest += float(np.abs(value).max(initial=0))
            tables[name] = (value, None)
            rows = len(value)
    factor = int(arcs.attrs.get("score_factor", 1))
    decimals = round(math.log10(scale))
    fitted = choose_scale(largest, decimals, factor)
    if fitted is None:
        raise TooLargeError(
            key="err.overflow_scores",
            params={"largest": f"{largest:g}", "pairs": f"{rows:,}"},
        )
    if fitted != scale:
        arcs.attrs["notes"] = (
            f"scores rounded to {_points(fitted)} so that the solver's integer sums cannot "
            "overflow 64 bits",
        )
    scale = fitted
    weight = np.zeros(rows, dtype=np.int64)
    for name, (value, at) in tables.items():
        units = np.round(value * scale).astype(np.int64)
        points = units / scale
        if at is not None:
            units, points = units[at], points[at]
        arcs[f"score_{name}"] = points
        weight += units
    arcs["weight"] = weight
    arcs["score"] = weight / scale
    arcs.attrs.update(scale=scale, components=tuple(parts))


def add_given_scores(arcs, table: str = "scores") -> None:
    """Scale a ``score_given`` column by 10^d (d decimals, at most 6), exactly when it fits.

    ``d`` is the fewest decimals that represent every given score exactly, lowered when
    ``arcs.attrs["score_factor"]`` says that the solver's sums could overflow (the scores
    are then rounded to d decimals, and ``arcs.attrs["notes"]`` says so). Raises
    :class:`DataError` naming ``<table>.csv``, column ``score``, when even whole numbers
    would overflow.
    """
    given = np.asarray(arcs["score_given"], dtype=float)
    largest = float(np.abs(given).max(initial=0))
    decimals = decimals_needed(given)
    factor = int(arcs.attrs.get("score_factor", 1))
    scale = choose_scale(largest, decimals, factor)
    if scale is None:
        limit = INT_LIMIT // factor
        raise DataError(
            f"{table}.csv",
            column="score",
            key="err.overflow_given_score",
            params={"largest": f"{largest:g}", "pairs": f"{len(given):,}", "limit": f"{limit:,}"},
        )
    if scale < 10**decimals:
        arcs.attrs["notes"] = (
            f"{table} scores rounded to {_points(scale)} (they have {decimals} decimals) so "
            "that the solver's integer sums cannot overflow 64 bits",
        )
    arcs["weight"] = np.round(given * scale).astype(np.int64)
    arcs["score"] = arcs["weight"] / scale
    arcs.attrs.update(scale=scale, components=("given",))


def _points(scale: int) -> str:
    decimals = round(math.log10(scale))
    return "whole points" if decimals == 0 else f"{decimals} decimal(s)"


def decimals_needed(values: np.ndarray, most: int = 6) -> int:
    """The fewest decimals (up to ``most``) that represent every value exactly."""
    values = np.asarray(values, dtype=float)
    for decimals in range(most + 1):
        scaled = values * 10**decimals
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return decimals
    return most


def solve_flow(
    arcs: Arcs,
    left_count: int,
    right_capacity: np.ndarray,
    group_capacity: np.ndarray,
    group_right: np.ndarray,
    *,
    maximise_count: bool,
    relay: Relay | None = None,
    options: SolveOptions | None = None,
    started: float | None = None,
) -> Solution:
    """Solve the assignment exactly by min-cost flow.

    With ``maximise_count`` the flow is a maximum flow of minimum cost: the most left items
    assigned, then the highest total weight. Otherwise a bypass arc lets any left item stay
    unassigned, and the total weight alone is maximised (weights must then be positive
    for an arc to be worth using). ``relay`` adds a shared node (see :class:`Relay`).

    OR-Tools min-cost flow cannot be interrupted. With ``options``, the plan's one deadline
    (``options.time_limit`` from ``started``) is checked before it starts: when it is used
    up, :class:`NoSolutionError` (no plan within the limit); once started it runs to the
    end and its plan is optimal, even if it ends past the deadline. Capacities above the
    number of left items are cut to it (which changes nothing), and a model whose costs
    could overflow 64 bits is refused with :class:`TooLargeError` before it is built.
    """
    if options is not None:
        check_deadline(options, started, "flow")
    start = time.perf_counter()
    right_capacity = np.minimum(np.asarray(right_capacity, dtype=np.int64), max(left_count, 0))
    group_capacity = np.minimum(np.asarray(group_capacity, dtype=np.int64), max(left_count, 0))
    largest = int(np.abs(arcs.weight).max(initial=0))
    nodes = 2 + left_count + len(group_capacity) + len(right_capacity)
    if relay is not None:
        nodes += 1
        largest = max(
            largest,
            int(np.abs(relay.into_weight).max(initial=0)),
            int(np.abs(relay.out_weight).max(initial=0)),
        )
    if (largest + 1) * (nodes + 1) > INT_LIMIT or largest * max(left_count, 1) > INT_LIMIT:
        raise TooLargeError(
            key="err.overflow_arcs", params={"largest": f"{largest:,}", "nodes": f"{nodes:,}"}
        )
    # A group whose cap cannot bind (no more arcs than its capacity, or a capacity at
    # least its right item's) gets no node: its arcs go straight to the right item. In a
    # district most (mentor, village) groups are such, and the smaller network solves
    # about 40% faster with the same optimum.
    arcs_per_group = np.bincount(arcs.group, minlength=len(group_capacity))
    binding = (arcs_per_group > group_capacity) & (group_capacity < right_capacity[group_right])
    kept_groups = np.flatnonzero(binding)
    groups = len(kept_groups)
    rights = len(right_capacity)
    source = 0
    left_node = 1
    group_node = left_node + left_count
    right_node = group_node + groups
    sink = right_node + rights
    node_of_group = np.full(len(group_capacity), -1, dtype=np.int64)
    node_of_group[kept_groups] = group_node + np.arange(groups)
    arc_head = np.where(binding[arcs.group], node_of_group[arcs.group], right_node + arcs.right)
    tails = np.concatenate(
        [
            np.full(left_count, source),
            left_node + arcs.left,
            node_of_group[kept_groups],
            right_node + np.arange(rights),
        ]
    ).astype(np.int32)
    heads = np.concatenate(
        [
            left_node + np.arange(left_count),
            arc_head,
            right_node + group_right[kept_groups],
            np.full(rights, sink),
        ]
    ).astype(np.int32)
    capacities = np.concatenate(
        [np.ones(left_count), np.ones(len(arcs)), group_capacity[kept_groups], right_capacity]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(left_count), -arcs.weight, np.zeros(groups), np.zeros(rights)]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    first_arc = left_count
    relay_arcs = 0
    if relay is not None:
        relay_node = sink + 1
        relay_arcs = len(relay.into_left) + len(relay.out_right)
        flow.add_arcs_with_capacity_and_unit_cost(
            np.concatenate(
                [left_node + relay.into_left, np.full(len(relay.out_right), relay_node)]
            ).astype(np.int32),
            np.concatenate(
                [np.full(len(relay.into_left), relay_node), right_node + relay.out_right]
            ).astype(np.int32),
            np.ones(relay_arcs, dtype=np.int64),
            -np.concatenate([relay.into_weight, relay.out_weight]).astype(np.int64),
        )
    if maximise_count:
        flow.set_node_supply(source, left_count)
        flow.set_node_supply(sink, -left_count)
        status = flow.solve_max_flow_with_min_cost()
    else:
        flow.add_arc_with_capacity_and_unit_cost(source, sink, left_count, 0)
        flow.set_node_supply(source, left_count)
        flow.set_node_supply(sink, -left_count)
        status = flow.solve()
    if status != flow.OPTIMAL:
        raise NoSolutionError(key="err.flow_status", params={"status": status})
    used = flow.flows(np.arange(first_arc, first_arc + len(arcs), dtype=np.int32)) > 0
    objective = int(arcs.weight[used].sum())
    relay_in = relay_out = None
    if relay is not None:
        relay_first = len(tails)
        relay_used = (
            flow.flows(np.arange(relay_first, relay_first + relay_arcs, dtype=np.int32)) > 0
        )
        relay_in = relay_used[: len(relay.into_left)]
        relay_out = relay_used[len(relay.into_left) :]
        objective += int(relay.into_weight[relay_in].sum() + relay.out_weight[relay_out].sum())
    return Solution(
        chosen=used,
        status=Status.OPTIMAL,
        objective=objective,
        bound=objective,
        seconds=time.perf_counter() - start,
        solver="flow",
        relay_in=relay_in,
        relay_out=relay_out,
    )


PRESOLVE_MAX_ARCS = 100_000
#: Scores are solved in centi-points (see :func:`add_scaled_scores`).
SCORE_SCALE = 100
#: Candidate pairs above which a model would need more memory than a planning machine has
#: (each pair costs about 150 bytes across the frames and the flow network).
MAX_ARCS = 40_000_000


def check_model_size(pairs: int, what: Phrase, advice: Phrase) -> None:
    """Refuse, before building it, a model with more than ``MAX_ARCS`` candidate pairs.

    ``what`` names the model and ``advice`` says what to change (catalogue phrases).
    """
    if pairs > MAX_ARCS:
        raise TooLargeError(
            key="err.too_many_pairs",
            params={
                "what": what,
                "pairs": f"{pairs:,}",
                "most": f"{MAX_ARCS:,}",
                "advice": advice,
            },
        )


@dataclass(frozen=True)
class LinearRule:
    """A side constraint ``lower <= sum(coefficient x arc used) <= upper`` over some arcs."""

    name: str
    arcs: np.ndarray
    coefficients: np.ndarray
    lower: int
    upper: int = 2**62


def solve_cpsat(
    arcs: Arcs,
    left_count: int,
    right_capacity: np.ndarray,
    group_capacity: np.ndarray,
    options: SolveOptions,
    *,
    count_weight: int = 0,
    hint: np.ndarray | None = None,
    side_rules: tuple[LinearRule, ...] = (),
    started: float | None = None,
) -> Solution:
    """Solve the same assignment with CP-SAT, maximising ``count_weight * count + weight``.

    The model is written straight into CP-SAT's protocol buffer (text format for the
    constraints, bulk ``extend`` for the objective and hint): building 300,000 arc
    variables this way takes well under a second, against tens of seconds through the
    expression API, so the time limit is spent solving. Raises :class:`NoSolutionError`
    when no plan is found in time; returns status ``infeasible`` when there is none.

    ``started`` (a ``time.perf_counter()`` value) is when the whole plan began: the time
    limit counts from there, so that the flow hint and building are inside it. When time
    runs out before CP-SAT finds a plan but a ``hint`` that satisfies every constraint is
    in hand, the hint is returned with status ``feasible`` and CP-SAT's best bound (inf
    when it has none). A model whose objective or constraint sums could overflow 64 bits
    is refused with :class:`TooLargeError`.
    Above ``PRESOLVE_MAX_ARCS`` arcs CP-SAT's presolve is switched off: on these network
    models it spends many seconds and simplifies nothing, while the LP relaxation alone
    already gives the bound.
    """
    # Imported here: most plans are solved by flow, and CP-SAT's module is slow to load.
    from ortools.sat.python import cp_model

    start = time.perf_counter()
    started = start if started is None else started
    model = cp_model.CpModel()
    proto = model.proto
    count = len(arcs)
    if count:
        proto.parse_text_format("variables { domain: [0, 1] }\n" * count)
    text = []
    for members, capacity in (
        (_members(arcs.left, left_count), None),
        (_members(arcs.group, len(group_capacity)), group_capacity),
        (_members(arcs.right, len(right_capacity)), right_capacity),
    ):
        for index, arc_ids in enumerate(members):
            limit = 1 if capacity is None else int(capacity[index])
            if len(arc_ids) > limit:
                text.append(_linear_text(arc_ids, np.ones(len(arc_ids), dtype=np.int64), 0, limit))
    for rule in side_rules:
        text.append(_linear_text(rule.arcs, rule.coefficients, rule.lower, rule.upper))
    if text:
        proto.merge_text_format("".join(text))
    coefficients = (arcs.weight + count_weight).astype(np.int64)
    magnitude = sum(int(v) for v in np.abs(coefficients))
    magnitude = max(
        [magnitude] + [int(np.abs(r.coefficients).sum()) + abs(r.lower) for r in side_rules]
    )
    if magnitude > INT_LIMIT:
        raise TooLargeError(
            key="err.overflow_cpsat",
            params={"pairs": f"{count:,}", "magnitude": f"{magnitude:.3g}"},
        )
    # CP-SAT minimises; a maximisation is stored negated with a scaling factor of -1.
    proto.objective.vars.extend(range(count))
    proto.objective.coeffs.extend((-coefficients).tolist())
    proto.objective.scaling_factor = -1
    if hint is not None:
        proto.solution_hint.vars.extend(range(count))
        proto.solution_hint.values.extend(np.asarray(hint, dtype=np.int64).tolist())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.001, remaining_seconds(options, started))
    if count > PRESOLVE_MAX_ARCS:
        solver.parameters.cp_model_presolve = False
    solver.parameters.random_seed = int(options.seed)
    solver.parameters.num_workers = int(options.workers)
    code = solver.solve(model)
    seconds = time.perf_counter() - start
    if code == cp_model.INFEASIBLE:
        return Solution(np.zeros(count, bool), Status.INFEASIBLE, 0, 0, seconds, "cpsat")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if code == cp_model.UNKNOWN and hint is not None and _satisfies(hint, arcs, side_rules):
            chosen = np.asarray(hint, dtype=bool)
            objective = int(coefficients[chosen].sum())
            raw_bound = solver.best_objective_bound
            bound = (
                float(np.floor(raw_bound + 1e-6))
                if math.isfinite(raw_bound) and raw_bound >= objective
                else math.inf
            )
            note = (
                f"CP-SAT found no plan of its own within the time limit of "
                f"{options.time_limit:g} s; the plan is its min-cost flow hint"
            )
            return Solution(chosen, Status.FEASIBLE, objective, bound, seconds, "cpsat", note=note)
        raise NoSolutionError(
            key="err.no_plan_in_time",
            params={"solver": "CP-SAT", "limit": f"{options.time_limit:g}"},
        )
    values = np.asarray(solver.response_proto.solution, dtype=np.int64)[:count]
    chosen = values.astype(bool)
    objective = int(round(solver.objective_value))
    bound = int(np.floor(solver.best_objective_bound + 1e-6))
    status = Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE
    return Solution(chosen, status, objective, max(bound, objective), seconds, "cpsat")


def _satisfies(hint: np.ndarray, arcs: Arcs, side_rules: tuple[LinearRule, ...]) -> bool:
    """Whether a hint meets the side rules (the network constraints hold by construction)."""
    chosen = np.asarray(hint, dtype=bool)
    if len(chosen) != len(arcs):
        return False
    for rule in side_rules:
        total = int(np.asarray(rule.coefficients)[chosen[rule.arcs]].sum())
        if not rule.lower <= total <= rule.upper:
            return False
    return True


def _linear_text(arc_ids: np.ndarray, coefficients: np.ndarray, lower: int, upper: int) -> str:
    variables = ",".join(map(str, np.asarray(arc_ids).tolist()))
    coeffs = ",".join(map(str, np.asarray(coefficients, dtype=np.int64).tolist()))
    return (
        f"constraints {{ linear {{ vars: [{variables}] coeffs: [{coeffs}] "
        f"domain: [{int(lower)}, {int(upper)}] }} }}\n"
    )


def _members(index: np.ndarray, count: int) -> list[np.ndarray]:
    """Arc ids per item, for items 0..count-1."""
    order = np.argsort(index, kind="stable")
    bounds = np.searchsorted(index[order], np.arange(count + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(count)]
