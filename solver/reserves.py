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
from .rules import ReserveRules, Rules
from .structure import (
    TargetRow,
    conflicting_rules,
    share_fraction,
    structure_attributes,
)
from .vocabulary import EDUCATION_RANK
from .words import enum_word, named, say

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


def rule_failures(data: Dataset, rules: ReserveRules, people: pd.DataFrame) -> list[tuple]:
    """Per person, the ``(code, params)`` of every ``[reserves]`` rule they fail.

    Parameters
    ----------
    data
        The dataset (its ``vetting`` table and plan year).
    rules
        The ``[reserves]`` rules.
    people
        From :func:`people_frame`.

    Returns
    -------
    list
        One tuple per person, empty when every rule holds; codes in the order vetting, age,
        education, Party, evaluation.
    """
    failures: list[list[tuple[str, dict]]] = [[] for _ in range(len(people))]
    position = dict(zip(people["person_id"], range(len(people)), strict=True))
    vetting = data.vetting
    fails = vetting[(vetting["result"] == "fail") & vetting["person_id"].isin(position)]
    for person, department, note in zip(
        fails["person_id"], fails["department"], fails["note"], strict=True
    ):
        entry = (f"vetting_fail:{department}", {"department": department, "note": note})
        if entry[0] not in [code for code, _ in failures[position[person]]]:
            failures[position[person]].append(entry)
    age = people["age"].to_numpy(dtype=float, na_value=np.nan)
    for index in np.flatnonzero(age > rules.max_age):
        failures[index].append(("age_over", {"age": int(age[index])}))
    rank = people["education"].map(EDUCATION_RANK).to_numpy(dtype=float, na_value=np.nan)
    below = ~(rank >= EDUCATION_RANK[rules.min_education])
    for index in np.flatnonzero(below):
        failures[index].append(("education_below", {"education": people["education"].iat[index]}))
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
    review = rules.reserves
    village_ids = data.villages["village_id"].to_numpy()
    village_count = len(village_ids)
    village_index = data.village_index
    weights = post_priorities(data, rules).to_numpy(dtype=np.int64)

    reserves = people_frame(data.reserves, data.year)
    nominee_table = data.nominees if data.nominees is not None else data.reserves.iloc[:0]
    nominees = people_frame(nominee_table, data.year)
    reserve_fail = rule_failures(data, review, reserves)
    nominee_fail = rule_failures(data, review, nominees)

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

    texts = _Texts(lang, review)
    pool = _pool_rows(
        reserves, reserve_fail, kept, surplus, home, order, rank, evaluation, review, texts
    )
    nominee_rows = _nominee_rows(
        nominees, nominee_fail, admitted, n_home, shortfall, kept_count, active, texts
    )
    admitted_rows = nominee_rows[nominee_rows["status"] == "admitted"]
    pool = pd.concat([pool, admitted_rows[pool.columns]], ignore_index=True)
    ratio = _ratio_rows(
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
    return ReservePlan(
        status=status,
        solver=solver_name,
        objective=second / scale,
        bound=max(second_bound, second) / scale,
        priority=priority,
        seconds=time.perf_counter() - started,
        pool=pool,
        nominees=nominee_rows,
        ratio=ratio,
        score_scale=scale,
        structure=structure,
        notes=solve_notes
        + (() if data.nominees is not None and len(data.nominees) else ("no nominees table",)),
    )


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0-based rank of each item within its run of equal, sorted group keys."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    lengths = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, lengths)


class _Texts:
    """Reason texts in the chosen language, with numbers and words shown as users read them."""

    def __init__(self, lang: str, review: ReserveRules) -> None:
        self.lang = lang
        self.review = review
        #: The separator of a list within a reason: ", " in English, "、" in Chinese.
        self.sep = say("list.sep", lang)  # type: ignore[arg-type]
        # A province repeats a few texts tens of thousands of times (met, kept, age 46):
        # each distinct text is formatted once.
        self._said: dict[tuple, str] = {}
        self._failed: dict[tuple, tuple[str, str]] = {}

    def say(self, key: str, **params: object) -> str:
        memo = (key, *sorted(params.items()))
        text = self._said.get(memo)
        if text is None:
            text = self._said[memo] = say(f"review.{key}", self.lang, **params)  # type: ignore[arg-type]
        return text

    def failure(self, code: str, params: dict) -> str:
        r = self.review
        if code.startswith("vetting_fail:"):
            note = params.get("note") or ""
            return self.say(
                "reason.vetting_fail",
                department=self._word("department", params["department"]),
                note=say("why.paren", self.lang, text=note) if note else "",  # type: ignore[arg-type]
            )
        if code == "age_over":
            return self.say("reason.age_over", age=params["age"], maximum=r.max_age)
        if code == "education_below":
            education = params["education"]
            return self.say(
                "reason.education_below",
                education=self._word("education", education) if education else "—",
                minimum=self._word("education", r.min_education),
            )
        if code == "evaluation_below":
            return self.say(
                "reason.evaluation_below",
                evaluation=number(params["evaluation"]),
                minimum=number(r.min_evaluation),
            )
        if code == "evaluation_missing":
            return self.say("reason.evaluation_missing", minimum=number(r.min_evaluation))
        return self.say("reason.not_party_member")

    def short(self, code: str) -> str:
        """A rule code in a few words (``vetting_fail:police`` → failed vetting by police)."""
        base, _, department = code.partition(":")
        text = self.say(f"code.{base}")
        return text.format(department=self._word("department", department)) if department else text

    def failures(self, items: tuple) -> tuple[str, str]:
        memo = tuple((code, *sorted(params.items())) for code, params in items)
        found = self._failed.get(memo)
        if found is None:
            codes = ";".join(code for code, _ in items)
            separator = "；" if self.lang == "zh" else "; "
            text = separator.join(self.failure(code, params) for code, params in items)
            found = self._failed[memo] = (codes, text)
        return found

    def _word(self, kind: str, code: str) -> str:
        return enum_word(kind, code, self.lang)  # type: ignore[arg-type]


def number(value: float) -> str:
    """A score as people write it: 76, 76.5."""
    return f"{float(value):g}"


def _pool_rows(
    reserves: pd.DataFrame,
    failures: list[tuple],
    kept: np.ndarray,
    surplus: np.ndarray,
    home: np.ndarray,
    order: np.ndarray,
    rank: np.ndarray,
    evaluation: np.ndarray,
    review: ReserveRules,
    texts: _Texts,
) -> pd.DataFrame:
    codes: list[str] = []
    reasons: list[str] = []
    lowest_kept: dict[int, int] = {}
    eligible_count = np.bincount(home[order], minlength=int(home.max(initial=-1)) + 1)
    if review.max_per_village > 0:
        for index, position in zip(order, rank, strict=True):
            if position == review.max_per_village - 1:
                lowest_kept[int(home[index])] = int(index)
    kept_code, kept_text = "kept", texts.say("reason.kept")
    for index in range(len(reserves)):
        if kept[index]:
            codes.append(kept_code)
            reasons.append(kept_text)
        elif surplus[index]:
            village = int(home[index])
            last = lowest_kept[village]
            mine = evaluation[index]
            params = {"eligible": int(eligible_count[village]), "cap": review.max_per_village}
            if evaluation[last] == mine:
                same = [
                    named(reserves["person_id"].iat[i], reserves["name"].iat[i], texts.lang)  # type: ignore[arg-type]
                    for i in order[home[order] == village]
                    if kept[i] and evaluation[i] == mine
                ]
                text = texts.say(
                    "reason.surplus_tie",
                    evaluation=number(mine),
                    others=texts.sep.join(same),
                    **params,
                )
            else:
                text = texts.say(
                    "reason.surplus",
                    evaluation=number(mine),
                    lowest_kept=number(evaluation[last]),
                    **params,
                )
            codes.append("surplus")
            reasons.append(text)
        else:
            code, text = texts.failures(failures[index])
            codes.append(code)
            reasons.append(text)
    status = np.where(kept, "kept", "left")
    return _rows(reserves, status, codes, reasons)


def _rows(people: pd.DataFrame, status, codes, reasons) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy(),
            "name": people["name"].to_numpy(),
            "village_id": people["village_id"].to_numpy(),
            "status": status,
            "reason_code": codes,
            "reason": reasons,
            "evaluation": people["evaluation"].to_numpy(dtype=float),
            "age": people["age"].to_numpy(dtype=float, na_value=np.nan),
            "gender": people["gender"].to_numpy(),
            "education": people["education"].to_numpy(),
        }
    )


def _nominee_rows(
    nominees: pd.DataFrame,
    failures: list[tuple],
    admitted: np.ndarray,
    home: np.ndarray,
    shortfall: np.ndarray,
    kept_count: np.ndarray,
    active: dict[str, float],
    texts: _Texts,
) -> pd.DataFrame:
    is_admitted = np.zeros(len(nominees), dtype=bool)
    is_admitted[admitted] = True
    evaluation = nominees["evaluation"].to_numpy(dtype=float)
    ids = nominees["person_id"].to_numpy()
    names = nominees["name"].to_numpy()
    admitted_by_village: dict[int, list[int]] = {}
    for index in admitted:
        admitted_by_village.setdefault(int(home[index]), []).append(int(index))
    codes: list[str] = []
    reasons: list[str] = []
    for index in range(len(nominees)):
        village = int(home[index])
        if is_admitted[index]:
            codes.append("admitted")
            reasons.append(
                texts.say(
                    "reason.admitted",
                    places=int(shortfall[village]),
                    evaluation=number(evaluation[index]),
                )
            )
            continue
        if failures[index]:
            code, text = texts.failures(failures[index])
            codes.append(code)
            reasons.append(text)
            continue
        if shortfall[village] == 0:
            codes.append("no_shortfall")
            reasons.append(
                texts.say(
                    "reason.no_shortfall",
                    kept=int(kept_count[village]),
                    target=texts.review.ratio,
                )
            )
            continue
        taken = admitted_by_village.get(village, [])
        # Named as people are in every reason: the name, then the id and evaluation.
        by = texts.sep.join(
            say(
                "list.named_value",
                texts.lang,  # type: ignore[arg-type]
                name=names[i],
                id=ids[i],
                value=number(evaluation[i]),
            )
            for i in taken
        ) or texts.say("reason.nobody")
        mine = np.nan_to_num(evaluation[index], nan=0.0)
        full = len(taken) >= shortfall[village]
        lower = [i for i in taken if np.nan_to_num(evaluation[i], nan=0.0) < mine]
        if full and not lower:
            tie = any(np.nan_to_num(evaluation[i], nan=0.0) == mine for i in taken)
            codes.append("outranked")
            if tie:
                reasons.append(
                    texts.say(
                        "reason.outranked_tie",
                        places=int(shortfall[village]),
                        by=by,
                        evaluation=number(mine),
                    )
                )
            else:
                reasons.append(texts.say("reason.outranked", places=int(shortfall[village]), by=by))
            continue
        codes.append("structure")
        targets = texts.sep.join(texts.say(f"structure.{name}") for name in active) or "-"
        reasons.append(texts.say("reason.structure", targets=targets, by=by))
    status = np.where(is_admitted, "admitted", "not_admitted")
    return _rows(nominees, status, codes, reasons)


def _ratio_rows(
    data: Dataset,
    reserves: pd.DataFrame,
    nominees: pd.DataFrame,
    nominee_fail: list[tuple],
    kept_count: np.ndarray,
    filled: np.ndarray,
    shortfall: np.ndarray,
    weights: np.ndarray,
    texts: _Texts,
    *,
    nominee_eligible: np.ndarray,
) -> pd.DataFrame:
    village_index = data.village_index
    count = len(data.villages)
    home = reserves["village_id"].map(village_index).to_numpy(dtype=np.int64)
    before = np.bincount(home, minlength=count)
    n_home = nominees["village_id"].map(village_index).to_numpy(dtype=np.int64)
    nominated = np.bincount(n_home, minlength=count)
    eligible_nominees = np.bincount(n_home[nominee_eligible], minlength=count)
    after = kept_count + filled
    target = texts.review.ratio
    remaining = np.maximum(target - after, 0)
    codes_by_village: dict[int, list[str]] = {}
    for index, failures in enumerate(nominee_fail):
        if failures:
            codes_by_village.setdefault(int(n_home[index]), []).append(failures[0][0])
    reasons = []
    for village in range(count):
        short = int(remaining[village])
        if short == 0:
            reasons.append(texts.say("ratio.met"))
        elif nominated[village] == 0:
            reasons.append(texts.say("ratio.short_no_nominee", shortfall=short))
        elif eligible_nominees[village] > filled[village]:
            reasons.append(texts.say("ratio.short_structure", shortfall=short))
        else:
            found = codes_by_village.get(village, [])
            summary = texts.sep.join(
                f"{texts.short(code)} × {found.count(code)}" for code in dict.fromkeys(found)
            )
            reasons.append(
                texts.say(
                    "ratio.short_refused",
                    shortfall=short,
                    count=int(nominated[village]),
                    reasons=summary,
                )
            )
    return pd.DataFrame(
        {
            "village_id": data.villages["village_id"].to_numpy(),
            "village_name": data.villages["name"].to_numpy(),
            "before": before,
            "left": before - kept_count,
            "kept": kept_count,
            "admitted": filled,
            "after": after,
            "target": target,
            "shortfall": remaining,
            "priority": weights,
            "reason": reasons,
        }
    )


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


__all__ = ["ReservePlan", "needed_share_count", "plan_reserves", "rule_failures"]
