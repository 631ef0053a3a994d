"""The yearly review of the reserve pool (后备干部动态调整): who stays, leaves and joins.

SPEC ``plan reserves``; the seed plan asks that the pool be adjusted at least once a year,
"able to enter and to leave, the fit survive" (能进能出、优胜劣汰), keeping 2 reserves per
secretary post (1:2). Rules are ``[reserves]`` (:class:`~cadreplan.solver.rules.ReserveRules`).

**Who leaves.** A current reserve leaves when a rule fails, with every failing rule's code:
``vetting_fail:<dept>`` (a ``fail`` recorded by any department: one failure disqualifies;
``pending`` or a missing record does not remove anyone, since the pool is vetted in full
before any appointment), ``age_over`` (plan year - birth year > ``max_age``),
``education_below`` (below ``min_education``), ``not_party_member`` (only with
``party_member_required``), ``evaluation_missing`` / ``evaluation_below`` (this year's
履职评估 below ``min_evaluation``). A village holding more eligible reserves than
``max_per_village`` (0 = no cap) keeps the highest evaluations; the others leave as
``surplus`` (equal evaluations: the one listed earlier in the roster stays). Nobody eligible
leaves otherwise.

**Who joins.** Each village's ``shortfall`` is ``max(0, ratio - kept)``. Nominees
(``nominees`` table, 推荐人选) face the same rules; eligible nominees of a village are
admitted only into its shortfall. The objective is lexicographic:

1. maximise ``sum over villages of priority weight × places filled`` (the weight is
   ``[backfill.priority]``'s, the largest of the village's categories);
2. then maximise the total evaluation of those admitted.

It is solved as one integer objective ``W × first + second`` with ``W`` larger than any
second objective (evaluations are scaled to integers by ``10^d``, ``d`` their decimals).

**Structure targets** ``[reserves.structure]`` are shares of the whole pool after review
(kept + admitted): ``q × flagged ≥ p × size`` with ``share = p / q`` exactly. They are hard
constraints, solved exactly by :mod:`reserve_model` (the ranking when it meets them, else
two HiGHS solves over class totals, :mod:`reserve_milp`); when they cannot hold,
:class:`InfeasibleError` names them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .backfill import post_priorities
from .dataset import Dataset
from .errors import InfeasibleError, OptionError, Phrase
from .network import (
    LinearRule,
    SolveOptions,
    Status,
    decimals_needed,
    relative_gap,
    remaining_seconds,
    second_objective_bound,
)
from .reserve_model import AdmissionModel, solve_admissions
from .reserve_reasons import Texts, nominee_rows, pool_rows, ratio_rows
from .rules import ReserveRules, Rules
from .structure import (
    TargetRow,
    conflicting_rules,
    share_fraction,
    structure_attributes,
)
from .timing import Timings
from .vocabulary import EDUCATION_RANK

PERSON_COLUMNS = [
    "person_id",
    "name",
    "village_id",
    "birth_year",
    "gender",
    "education",
    "party_since",
    "source",
    "evaluation",
]


@dataclass(frozen=True)
class ReservePlan:
    """The result of :func:`plan_reserves`.

    ``objective`` is the total evaluation of the nominees admitted (the second objective);
    ``priority`` the sum over villages of priority weight × places filled (the first);
    ``bound`` the method's proven bound on the evaluation among plans of that priority
    (infinite while the priority itself is unproven). ``pool`` has one row per reserve and
    per admitted nominee; ``nominees`` one row per nominee; ``ratio`` one row per village.
    """

    status: Status
    solver: str
    objective: float
    bound: float
    priority: int
    seconds: float
    pool: pd.DataFrame
    nominees: pd.DataFrame
    ratio: pd.DataFrame
    score_scale: int
    structure: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    components: tuple[str, ...] = ("evaluation",)
    distance_method: str = "not used"
    #: Seconds of the review's phases: ``build`` (rules, eligibility, the model), ``solve``
    #: (the ranking or the structure solve) and ``explain`` (the rows and their reasons).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)

    def count(self, status: str) -> int:
        """How many pool rows have ``status`` (kept, left or admitted)."""
        return int((self.pool["status"] == status).sum())


def people_frame(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Reserves or nominees with ``age`` and a 0-based ``position`` (roster order)."""
    people = frame[PERSON_COLUMNS].reset_index(drop=True).copy()
    people["age"] = year - people["birth_year"].astype("Int64")
    people["position"] = np.arange(len(people))
    return people


def failed_vetting(data: Dataset) -> pd.DataFrame:
    """The vetting records with result ``fail`` (any department's fail disqualifies)."""
    vetting = data.vetting
    return vetting[(vetting["result"] == "fail").to_numpy()]


def rule_failures(
    data: Dataset,
    rules: ReserveRules,
    people: pd.DataFrame,
    failed: pd.DataFrame | None = None,
) -> list[tuple]:
    """Per person, the ``(code, params)`` of every ``[reserves]`` rule they fail.

    Parameters
    ----------
    data
        The dataset (its ``vetting`` table and plan year).
    rules
        The ``[reserves]`` rules.
    people
        From :func:`people_frame`.
    failed
        :func:`failed_vetting` of ``data``, when the caller already has it.

    Returns
    -------
    list
        One tuple per person, empty when every rule holds; codes in the order vetting, age,
        education, Party, evaluation.
    """
    failures: list[list[tuple[str, dict]]] = [[] for _ in range(len(people))]
    position = dict(zip(people["person_id"], range(len(people)), strict=True))
    if failed is None:
        failed = failed_vetting(data)
    fails = failed[failed["person_id"].isin(position)]
    for person, department, note in zip(
        fails["person_id"].tolist(),
        fails["department"].tolist(),
        fails["note"].tolist(),
        strict=True,
    ):
        entry = (f"vetting_fail:{department}", {"department": department, "note": note})
        if entry[0] not in [code for code, _ in failures[position[person]]]:
            failures[position[person]].append(entry)
    age = people["age"].to_numpy(dtype=float, na_value=np.nan)
    for index in np.flatnonzero(age > rules.max_age):
        failures[index].append(("age_over", {"age": int(age[index])}))
    rank = people["education"].map(EDUCATION_RANK).to_numpy(dtype=float, na_value=np.nan)
    below = ~(rank >= EDUCATION_RANK[rules.min_education])
    education = people["education"].to_numpy()
    for index in np.flatnonzero(below):
        failures[index].append(("education_below", {"education": education[index]}))
    if rules.party_member_required:
        party = people["party_since"].to_numpy(dtype=float, na_value=np.nan)
        for index in np.flatnonzero(np.isnan(party)):
            failures[index].append(("not_party_member", {}))
    evaluation = people["evaluation"].to_numpy(dtype=float)
    if rules.min_evaluation > 0:
        for index in np.flatnonzero(np.isnan(evaluation)):
            failures[index].append(("evaluation_missing", {}))
    for index in np.flatnonzero(evaluation < rules.min_evaluation):
        failures[index].append(("evaluation_below", {"evaluation": evaluation[index]}))
    return [tuple(f) for f in failures]


def plan_reserves(
    data: Dataset,
    rules: Rules,
    options: SolveOptions | None = None,
    *,
    lang: str = "en",
) -> ReservePlan:
    """Review the reserve pool: who stays, who leaves (with reasons), which nominees join.

    Without structure targets the plan is found by ranking, which is exact:

    *Proof.* With the kept reserves fixed by the rules, the objective
    ``W × sum_v w_v n_v + sum_{admitted} e_i`` (``n_v`` places filled in village ``v``,
    ``w_v ≥ 1``, ``W`` above any evaluation total) is a sum of independent per-village
    terms, and the only constraint linking nominees is ``n_v ≤ shortfall_v`` within a
    village. So each village can be optimised alone. In village ``v`` any plan admitting
    fewer than ``k_v = min(shortfall_v, eligible nominees of v)`` loses at least ``W``
    against one admitting ``k_v``, while evaluations differ by less than ``W``: every
    optimum admits exactly ``k_v``. Among sets of ``k_v`` nominees, the ``k_v`` highest
    evaluations have the largest sum (exchange: swapping an admitted nominee for a higher
    one left out never lowers it). Ranking each village's eligible nominees by evaluation
    and admitting the first ``k_v`` is therefore optimal, and its objective is its own
    bound. ∎

    With ``[reserves.structure]`` targets the villages are linked:
    :func:`reserve_model.solve_admissions` keeps the ranking when it meets them (optimal for
    a relaxation and feasible), else solves the lexicographic objective by HiGHS over class
    totals (``--solver cpsat``: by CP-SAT, even when the ranking meets them); status and
    bound are the method's.

    Parameters
    ----------
    data
        The dataset; its ``nominees`` table may be empty.
    rules
        ``[reserves]`` for the review, ``[backfill.priority]`` for the weights.
    options
        ``solver``: ``auto`` (ranking, or HiGHS when structure targets bind), ``flow``
        (the exact ranking; refused with structure targets) or ``cpsat``.
    lang
        Language of the ``reason`` texts (``en`` or ``zh``).

    Raises
    ------
    InfeasibleError
        When the structure targets cannot hold; the message names them.
    OptionError
        ``--solver flow`` with structure targets.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    timings = Timings()
    review = rules.reserves
    village_ids = data.villages["village_id"].to_numpy()
    village_count = len(village_ids)
    village_index = data.village_index
    weights = post_priorities(data, rules).to_numpy(dtype=np.int64)

    reserves = people_frame(data.reserves, data.year)
    nominee_table = data.nominees if data.nominees is not None else data.reserves.iloc[:0]
    nominees = people_frame(nominee_table, data.year)
    failed = failed_vetting(data)
    reserve_fail = rule_failures(data, review, reserves, failed)
    nominee_fail = rule_failures(data, review, nominees, failed)

    # Who stays: eligible reserves, at most max_per_village per village (highest first).
    home = reserves["village_id"].map(village_index).to_numpy(dtype=np.int64)
    eligible = np.array([not f for f in reserve_fail], dtype=bool)
    evaluation = reserves["evaluation"].to_numpy(dtype=float)
    order = np.lexsort(
        (reserves["position"].to_numpy(), -np.nan_to_num(evaluation, nan=-1.0), home)
    )
    order = order[eligible[order]]
    rank = _rank_within(home[order])
    surplus = np.zeros(len(reserves), dtype=bool)
    if review.max_per_village > 0:
        surplus[order[rank >= review.max_per_village]] = True
    kept = eligible & ~surplus
    kept_count = np.bincount(home[kept], minlength=village_count)
    shortfall = np.maximum(review.ratio - kept_count, 0)

    # Who may join: eligible nominees, ranked within their village.
    n_home = nominees["village_id"].map(village_index).to_numpy(dtype=np.int64)
    n_eligible = np.array([not f for f in nominee_fail], dtype=bool)
    n_eval = nominees["evaluation"].to_numpy(dtype=float)
    n_eval_filled = np.nan_to_num(n_eval, nan=0.0)
    candidates = np.flatnonzero(n_eligible & (shortfall[n_home] > 0))
    candidates = candidates[
        np.lexsort(
            (
                nominees["position"].to_numpy()[candidates],
                -n_eval_filled[candidates],
                n_home[candidates],
            )
        )
    ]
    ranked = _rank_within(n_home[candidates])
    greedy = ranked < shortfall[n_home[candidates]]

    decimals = decimals_needed(n_eval_filled[candidates]) if len(candidates) else 0
    scale = 10**decimals
    scaled = np.round(n_eval_filled[candidates] * scale).astype(np.int64)
    spread = int(scaled.sum())
    big = 2 * spread + 1  # second_objective_bound needs W > 2 x spread
    arc_weight = weights[n_home[candidates]] * big + scaled

    active = review.structure.active
    if options.solver == "flow" and active:
        raise OptionError(
            key="err.opt.flow_structure",
            params={
                "section": "reserves.structure",
                "targets": ", ".join(active),
                "why": Phrase("err.why.link_villages"),
            },
        )
    attributes = {
        name: (flags[kept], structure_attributes(nominees, (name,))[name][candidates])
        for name, flags in structure_attributes(reserves, tuple(active)).items()
    }
    timings.split("build")
    if active or options.solver == "cpsat":
        rows = []
        for name, share in active.items():
            p, q = share_fraction(share)
            kept_flags, cand_flags = attributes[name]
            coefficients = q * cand_flags.astype(np.int64) - p
            lower = p * int(kept.sum()) - q * int(kept_flags.sum())
            rows.append(LinearRule(name, np.arange(len(candidates)), coefficients, lower))
        signature = np.zeros(len(candidates), dtype=np.int64)
        for bit, (_, cand_flags) in enumerate(attributes.values()):
            signature |= cand_flags.astype(np.int64) << bit
        solution = solve_admissions(
            AdmissionModel(
                village=n_home[candidates],
                signature=signature,
                weight=weights[n_home[candidates]],
                evaluation=scaled,
                capacity=shortfall.astype(np.int64),
                targets=tuple(rows),
            ),
            greedy,
            options,
            started,
        )
        if solution.status is Status.INFEASIBLE:
            raise InfeasibleError(
                conflicts=tuple(active),
                key="err.structure_conflict",
                params={
                    "parts": _diagnose(
                        rows,
                        candidates,
                        n_home,
                        shortfall,
                        kept,
                        attributes,
                        review,
                        options,
                        started,
                    )
                },
            )
        admitted_mask = solution.chosen
        status, solver_name = solution.status, solution.solver
        solve_notes = (solution.note,) if solution.note else ()
        weighted_objective, weighted_bound = solution.objective, solution.bound
    else:
        admitted_mask = greedy
        status, solver_name = Status.OPTIMAL, "ranking"
        solve_notes = ()
        weighted_objective = int(arc_weight[greedy].sum())
        weighted_bound = weighted_objective
    admitted = candidates[admitted_mask]
    filled = np.bincount(n_home[admitted], minlength=village_count)
    priority = int((weights * filled).sum())
    second = weighted_objective - priority * big
    second_bound = second_objective_bound(weighted_bound, priority, big, spread)
    timings.split("solve")

    texts = Texts(lang, review)
    pool = pool_rows(
        reserves, reserve_fail, kept, surplus, home, order, rank, evaluation, review, texts
    )
    nominee_table_rows = nominee_rows(
        nominees, nominee_fail, admitted, n_home, shortfall, kept_count, active, texts
    )
    admitted_rows = nominee_table_rows[nominee_table_rows["status"] == "admitted"]
    pool = pd.concat([pool, admitted_rows[pool.columns]], ignore_index=True)
    ratio = ratio_rows(
        data,
        reserves,
        nominees,
        nominee_fail,
        kept_count,
        filled,
        shortfall,
        weights,
        texts,
        nominee_eligible=n_eligible,
    )
    structure = {}
    pool_size = int(kept.sum()) + len(admitted)
    for name, share in active.items():
        kept_flags, cand_flags = attributes[name]
        count = int(kept_flags.sum()) + int(cand_flags[admitted_mask].sum())
        structure[name] = {
            "share": share,
            "pool": pool_size,
            "count": count,
            "achieved": round(count / pool_size, 6) if pool_size else None,
        }
    timings.split("explain")
    return ReservePlan(
        status=status,
        solver=solver_name,
        objective=second / scale,
        bound=max(second_bound, second) / scale,
        priority=priority,
        seconds=time.perf_counter() - started,
        pool=pool,
        nominees=nominee_table_rows,
        ratio=ratio,
        score_scale=scale,
        structure=structure,
        notes=solve_notes
        + (() if data.nominees is not None and len(data.nominees) else ("no nominees table",)),
        timings=dict(timings.seconds),
    )


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0-based rank of each item within its run of equal, sorted group keys."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    lengths = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, lengths)


def _diagnose(
    rows: list[LinearRule],
    candidates: np.ndarray,
    n_home: np.ndarray,
    shortfall: np.ndarray,
    kept: np.ndarray,
    attributes: dict[str, tuple[np.ndarray, np.ndarray]],
    review: ReserveRules,
    options: SolveOptions,
    started: float,
) -> list[Phrase]:
    """Name the structure targets that cannot hold, each with the best share reachable.

    The assumption solve gets what is left of the plan's one deadline (from ``started``).
    """
    villages = n_home[candidates]
    order = np.argsort(villages, kind="stable")
    bounds = np.flatnonzero(np.diff(villages[order])) + 1
    capacities = [
        (group, int(shortfall[villages[group[0]]]))
        for group in np.split(order, bounds)
        if len(group)
    ]
    targets = [TargetRow(r.name, r.arcs, r.coefficients, r.lower) for r in rows]
    remaining = max(0.001, remaining_seconds(options, started))
    names = conflicting_rules(len(candidates), capacities, targets, remaining)
    parts = []
    for name in names:
        kept_flags, cand_flags = attributes[name]
        # The share rises with every flagged nominee admitted and nobody else: its best is
        # with the most flagged nominees the shortfalls allow.
        flagged_by_village = np.bincount(villages[cand_flags], minlength=len(shortfall))
        possible = int(np.minimum(flagged_by_village, shortfall).sum())
        size = int(kept.sum()) + possible
        best = (int(kept_flags.sum()) + possible) / size if size else 1.0
        share = getattr(review.structure, name)
        parts.append(
            Phrase(
                "review.structure.infeasible",
                {
                    "rule": name,
                    "share": share,
                    "label": Phrase(f"review.structure.{name}"),
                    "percent": f"{share:.0%}",
                    "kept": int(kept.sum()),
                    "flagged": int(kept_flags.sum()),
                    "possible": possible,
                    "best": f"{best:.1%}",
                },
            )
        )
    if len(names) > 1:
        parts.append(Phrase("review.structure.together"))
    return parts


def needed_share_count(share: float, size: int) -> int:
    """The fewest flagged people a pool of ``size`` needs for ``share``: ceil, exactly."""
    p, q = share_fraction(share)
    return -((-p * size) // q) if size else 0


__all__ = [
    "ReservePlan",
    "failed_vetting",
    "needed_share_count",
    "plan_reserves",
    "rule_failures",
]
