"""Mentor pairing (雏雁导师结对): pair scores, the model and the plan with its explanations.

The model is a network: source -> reserve (1) -> (mentor, reserve's village) group
(``same_village_max``) -> mentor (capacity) -> sink. Only arcs that satisfy every hard rule
exist: within ``max_km``, not in ``conflicts``, of a mentor type that ``[mentors.require]``
allows for the reserve's village, and listed in ``pair_scores`` when that table is given.
A maximum flow of minimum cost pairs the most reserves and then maximises the total score.

**The pair score** (documented in the README) is the sum of four components, each rounded
to 0.01 point before summing, so that the integer the solver maximises (centi-points,
``SCORE_SCALE = 100``) is exactly 100 times the score reported; no ordering is lost:

- ``needs``: ``mentors.score.needs`` x the share of the reserve's needs in the mentor's skills;
- ``proximity``: ``mentors.score.proximity`` x (1 - km / max_km), or x 10 / (10 + km) with
  no distance limit, and 0 when distances are unknown or the mentor has no place (a blank
  village with a blank ``mentors.office_village``: no distance limit for that mentor);
- ``continuity``: ``mentors.score.continuity`` when the pair is in ``previous_pairs``;
- ``experience``: ``mentors.score.experience`` x min(years, cap) / cap, in full for a
  reserve of a weak village (weak_lax, poor, weak_economy) and x ``experience_other_share``
  otherwise.

With ``pair_scores`` the given score replaces the four, scaled by 10^d where d is the
number of decimals the scores need (at most 6), again exactly.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .dataset import WEAK_CATEGORIES, Dataset
from .distances import REACH_TOLERANCE_KM, Distances, build_distances
from .errors import Phrase, RulesError
from .explain import (
    Reason,
    explain_unassigned,
    prefer_fewer_options_mentors,
    reserve_standing,
)
from .network import (
    SCORE_SCALE,
    Arcs,
    SolveOptions,
    Status,
    add_given_scores,
    add_scaled_scores,
    check_model_size,
    relative_gap,
    score_factor,
    second_objective_bound,
    solve_cpsat,
    solve_flow,
)
from .rules import Rules
from .tables import MENTOR_TYPE_WORDS
from .timing import Timings

COMPONENTS = ("needs", "proximity", "continuity", "experience")
#: The tables a mentor plan reads: the reserves, the mentors and what limits or scores their
#: pairs; secretaries (long tenure is a village category) and dispatched cadres (conflicts
#: name them) too. Vetting, nominees and post_scores are not read.
TABLES = (
    "villages",
    "roads",
    "secretaries",
    "reserves",
    "mentors",
    "dispatched",
    "conflicts",
    "previous_pairs",
    "pair_scores",
)
MENTOR_TYPES = tuple(MENTOR_TYPE_WORDS)


@dataclass(frozen=True)
class MentorPlan:
    """The result of :func:`plan_mentors`.

    ``objective`` is the total pair score of the plan (points) and ``bound`` the solver's
    proven upper bound on it among plans pairing as many reserves (infinite while CP-SAT
    has not proven that no plan pairs more); ``gap`` is their relative
    difference. ``pairs``, ``load`` and ``unassigned`` are the rows of the output tables.
    """

    status: Status
    solver: str
    objective: float
    bound: float
    seconds: float
    assigned: int
    pairs: pd.DataFrame
    load: pd.DataFrame
    unassigned: pd.DataFrame
    score_scale: int
    components: tuple[str, ...]
    distance_method: str
    notes: tuple[str, ...] = field(default=())
    #: Seconds per phase (distances, build, solve, explain) of this plan.
    timings: dict[str, float] = field(default_factory=dict)
    #: Why each row of ``unassigned`` is left out (same order), to word in any language.
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)


def mentor_capacities(data: Dataset, rules: Rules) -> np.ndarray:
    """Each mentor's capacity; a blank capacity takes ``mentors.capacity``."""
    return data.mentors["capacity"].fillna(rules.mentors.capacity).to_numpy(dtype=np.int64)


def allowed_type_masks(data: Dataset, rules: Rules) -> np.ndarray:
    """Per village, a bitmask of the mentor types its reserves may have (all: 0b1111)."""
    full = (1 << len(MENTOR_TYPES)) - 1
    masks = np.full(len(data.villages), full, dtype=np.int64)
    for position, categories in enumerate(data.village_categories()):
        for category in categories:
            types = rules.mentors.require.get(category)
            if types:
                masks[position] &= sum(1 << MENTOR_TYPES.index(t) for t in types)
    return masks


def _tag_bits(*columns: pd.Series) -> list[np.ndarray]:
    """Encode tag tuples of several columns as bitmask arrays (n x words) over one vocabulary.

    A tag's bit is its position in the order tags first appear (column by column, row by
    row); the tags of all rows are coded at once (one factorisation), not row by row.
    """
    flat: list[str] = []
    lengths = []
    for column in columns:
        sizes = np.fromiter((len(tags) for tags in column), dtype=np.int64, count=len(column))
        lengths.append(sizes)
        flat.extend(itertools.chain.from_iterable(column))
    codes, vocabulary = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    words = max(1, -(-len(vocabulary) // 64))
    encoded = []
    start = 0
    for column, sizes in zip(columns, lengths, strict=True):
        count = int(sizes.sum())
        index = codes[start : start + count].astype(np.int64)
        start += count
        rows = np.repeat(np.arange(len(column), dtype=np.int64), sizes)
        bits = np.zeros((len(column), words), dtype=np.uint64)
        np.bitwise_or.at(
            bits, (rows, index // 64), np.left_shift(np.uint64(1), (index % 64).astype(np.uint64))
        )
        encoded.append(bits)
    return encoded


def _pair_keys(left: pd.Series, right: pd.Series) -> pd.Series:
    return left.astype(str) + "\x1f" + right.astype(str)


def _codes(data: Dataset, reserve_ids: pd.Series, mentor_ids: pd.Series) -> np.ndarray:
    """Integer codes reserve_position * mentors + mentor_position; unknown ids are dropped."""
    reserve_pos = reserve_ids.map(
        dict(zip(data.reserves["person_id"], range(len(data.reserves)), strict=True))
    )
    mentor_pos = mentor_ids.map(
        dict(zip(data.mentors["person_id"], range(len(data.mentors)), strict=True))
    )
    known = (reserve_pos.notna() & mentor_pos.notna()).to_numpy()
    return reserve_pos[known].to_numpy(dtype=np.int64) * len(data.mentors) + mentor_pos[
        known
    ].to_numpy(dtype=np.int64)


def _among(codes: np.ndarray, few: np.ndarray) -> np.ndarray:
    """``np.isin(codes, few)`` for millions of codes and a few thousand ``few``.

    A binary search of each code in the sorted few, instead of sorting both together.
    """
    few = np.unique(few)
    if len(few) == 0:
        return np.zeros(len(codes), dtype=bool)
    at = np.searchsorted(few, codes)
    return few[np.minimum(at, len(few) - 1)] == codes


def conflict_codes(data: Dataset) -> np.ndarray:
    """Pair codes of every (reserve, mentor) named in conflicts, in either order."""
    a, b = data.conflicts["person_a"], data.conflicts["person_b"]
    return np.concatenate([_codes(data, a, b), _codes(data, b, a)])


def previous_codes(data: Dataset) -> np.ndarray:
    """Pair codes of last cycle's pairs."""
    return _codes(data, data.previous_pairs["reserve_id"], data.previous_pairs["mentor_id"])


def candidate_arcs(
    data: Dataset, rules: Rules, distances: Distances, timings: Timings | None = None
) -> pd.DataFrame:
    """Every (reserve, mentor) pair that satisfies the hard rules, with its score components.

    Columns: ``reserve`` and ``mentor`` (positions), ``km``, ``kept``, one ``score_*`` column
    per component (points, 0.01-exact), ``score`` and ``weight`` (the integer the solver
    maximises).

    The pairs are built from what can be paired, never from all reserves x mentors: from the
    listed pairs when ``pair_scores`` is given (their distances looked up pair by pair), else
    from the villages within ``max_km`` of each other (a reserve and a mentor pair up through
    their villages). The rows are sorted by (reserve, mentor). ``timings`` (if given) gets
    the distance searches as ``distances`` and the rest as ``build``.
    """
    timings = timings or Timings()
    timings.split("build")
    # km_table: the distinct kilometres of the village pairs, arc i's km being
    # km_table[arcs["km_at"][i]] (None with pair_scores: km are then given per arc).
    km_table = None
    if data.pair_scores is not None:
        arcs = _listed_pairs(data, rules, distances, timings)
    else:
        arcs, km_table = _neighbourhood_pairs(data, rules, distances, timings)
    mentors = data.mentors
    # Mentor type required for the reserve's village, conflicts of interest (in either
    # order); then last year's pairs and the (reserve, mentor) order, by integer pair codes.
    type_index = mentors["type"].map({t: i for i, t in enumerate(MENTOR_TYPES)}).to_numpy()
    masks = allowed_type_masks(data, rules)
    type_ok = ((masks[arcs["village"]] >> type_index[arcs["mentor"]]) & 1).astype(bool)
    codes = arcs["reserve"] * len(mentors) + arcs["mentor"]
    keep = type_ok & ~_among(codes, conflict_codes(data))
    order = np.flatnonzero(keep)
    order = order[np.argsort(codes[order], kind="stable")]
    km_at = arcs.pop("km_at")[order] if km_table is not None else None
    columns = ArcColumns({name: column[order] for name, column in arcs.items()})
    columns["kept"] = _among(codes[order], previous_codes(data))
    columns.attrs["score_factor"] = score_factor(len(order), len(data.reserves), len(mentors), 1)
    kilometres = None if km_table is None or km_at is None else (km_table, km_at)
    _score_arcs(data, rules, distances, columns, kilometres)
    # One frame over the columns as they are (copy=False): copying millions of rows
    # column by column into pandas blocks took longer than computing them.
    frame = pd.DataFrame(dict(columns), copy=False)
    frame.attrs.update(columns.attrs)
    timings.split("build")
    return frame


class ArcColumns(dict[str, np.ndarray]):
    """The candidate arcs' columns (numpy arrays, one row per arc) with a frame's ``attrs``,
    filled column by column before they become one DataFrame."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        super().__init__(columns)
        self.attrs: dict[str, object] = {}


#: The note of a plan in which some mentors have no place (see :func:`place_mentors`).
UNPLACED_NOTE = (
    "mentors with a blank village and mentors.office_village blank: the distance limit does "
    "not apply to them and their proximity score is 0"
)


def office_village_id(data: Dataset, rules: Rules) -> str | None:
    """The village id ``mentors.office_village`` names (an id or a unique name), or None.

    Raises
    ------
    RulesError
        The value names no village of the villages table, or a name shared by several
        villages (exit 2, naming ``mentors.office_village``).
    """
    value = rules.mentors.office_village
    if not value:
        return None
    villages = data.villages
    if value in set(villages["village_id"]):
        return value
    named = villages.loc[villages["name"] == value, "village_id"].tolist()
    if len(named) == 1:
        return str(named[0])
    key = "rules.ambiguous_village" if named else "rules.unknown_village"
    raise RulesError(
        "rules",
        "mentors.office_village",
        key=key,
        params={"value": value, "villages": "villages"},
    )


def place_mentors(data: Dataset, rules: Rules) -> Dataset:
    """The dataset with each blank mentor village set to ``mentors.office_village``.

    SPEC "Names as keys": a mentor with no village (a 街道干部 at the sub-district office)
    is placed at ``mentors.office_village``; with that rule blank the mentor keeps a blank
    village, and no distance limit and no proximity score apply to that mentor.

    Raises
    ------
    RulesError
        ``mentors.office_village`` names no village (see :func:`office_village_id`).
    """
    office = office_village_id(data, rules)
    blank = data.mentors["village_id"].isna()
    if office is None or not blank.any():
        return data
    mentors = data.mentors.copy()
    mentors.loc[blank, "village_id"] = office
    return replace(data, mentors=mentors)


def _village_positions(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Village positions of reserves and mentors; -1 for a mentor with no place."""
    village_index = data.village_index
    reserve_village = data.reserves["village_id"].map(village_index).to_numpy(dtype=np.int64)
    mentor_village = (
        data.mentors["village_id"].map(village_index).astype(float).fillna(-1).to_numpy()
    ).astype(np.int64)
    return reserve_village, mentor_village


def _neighbourhood_pairs(
    data: Dataset, rules: Rules, distances: Distances, timings: Timings
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(reserve, mentor, km, village, km_at) of every pair whose villages are within max_km.

    Each village pair within reach gives its reserves x its mentors, built with numpy
    (no join): the row count is the model's, never reserves x mentors. Also returns the
    km table: arc i's km is ``table[km_at[i]]`` (one entry per village pair in reach, and
    a last NaN for mentors with no place), so that what depends on km alone is computed
    once per village pair.
    """
    reserve_village, mentor_village = _village_positions(data)
    capacity = mentor_capacities(data, rules)
    max_km = rules.mentors.max_km
    usable = capacity > 0
    usable_mentors = np.flatnonzero(usable & (mentor_village >= 0))
    # A mentor with no place is in reach of every reserve, at an unknown distance.
    unplaced = np.flatnonzero(usable & (mentor_village < 0))
    timings.split("build")
    reach = distances.within(reserve_village, mentor_village[usable_mentors], max_km)
    timings.split("distances")
    villages = len(data.villages)
    reserves_at = np.bincount(reserve_village, minlength=villages)
    mentors_at = np.bincount(mentor_village[usable_mentors], minlength=villages)
    sizes = reserves_at[reach.source] * mentors_at[reach.target]
    check_model_size(
        int(sizes.sum()),
        Phrase("err.what.mentor_model"),
        Phrase("err.advice.max_km", {"max_km": f"{max_km:g}"}),
    )
    # Reserves and usable mentors in village order (file order within a village).
    reserve_order = np.argsort(reserve_village, kind="stable")
    reserve_start = np.concatenate([[0], np.cumsum(reserves_at)])
    mentor_order = usable_mentors[np.argsort(mentor_village[usable_mentors], kind="stable")]
    mentor_start = np.concatenate([[0], np.cumsum(mentors_at)])
    pair = np.repeat(np.arange(len(sizes)), sizes)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = mentors_at[reach.target][pair]
    source = reach.source[pair]
    arcs = {
        "reserve": reserve_order[reserve_start[source] + offset // width].astype(np.int64),
        "mentor": mentor_order[mentor_start[reach.target[pair]] + offset % width].astype(np.int64),
        "km": reach.km[pair].astype(float),
        "village": source.astype(np.int64),
        "km_at": pair.astype(np.int64),
    }
    km_table = np.append(reach.km.astype(float), np.nan)
    if len(unplaced) == 0:
        return arcs, km_table
    # A mentor with no place: one arc to every reserve, km unknown (NaN).
    check_model_size(
        int(sizes.sum()) + len(unplaced) * len(data.reserves),
        Phrase("err.what.mentor_model"),
        Phrase("err.advice.office_village"),
    )
    free = {
        "reserve": np.repeat(np.arange(len(data.reserves), dtype=np.int64), len(unplaced)),
        "mentor": np.tile(unplaced.astype(np.int64), len(data.reserves)),
        "km": np.full(len(data.reserves) * len(unplaced), np.nan),
        "village": np.repeat(reserve_village.astype(np.int64), len(unplaced)),
        "km_at": np.full(len(data.reserves) * len(unplaced), len(km_table) - 1, dtype=np.int64),
    }
    return {key: np.concatenate([arcs[key], free[key]]) for key in arcs}, km_table


def _listed_pairs(
    data: Dataset, rules: Rules, distances: Distances, timings: Timings
) -> dict[str, np.ndarray]:
    """(reserve, mentor, km, village, score_given) rows of the pair_scores pairs in reach.

    A listed pair is kept when its mentor has capacity and, under a distance limit, its
    villages are within ``max_km`` (without roads or lat/lon no limit applies, as for the
    computed scores). A pair naming an unknown person is left out, as the merge with the
    computed pairs did before.
    """
    reserve_village, mentor_village = _village_positions(data)
    capacity = mentor_capacities(data, rules)
    reserve_pos = pd.Series(np.arange(len(data.reserves)), index=data.reserves["person_id"])
    mentor_pos = pd.Series(np.arange(len(data.mentors)), index=data.mentors["person_id"])
    listed = data.pair_scores
    assert listed is not None  # only called with pair_scores
    reserve = listed["reserve_id"].map(reserve_pos).to_numpy(dtype=float)
    mentor = listed["mentor_id"].map(mentor_pos).to_numpy(dtype=float)
    known = ~(np.isnan(reserve) | np.isnan(mentor))
    reserve = reserve[known].astype(np.int64)
    mentor = mentor[known].astype(np.int64)
    score = listed["score"].to_numpy(dtype=float)[known]
    usable = capacity[mentor] > 0
    reserve, mentor, score = reserve[usable], mentor[usable], score[usable]
    village = reserve_village[reserve]
    max_km = rules.mentors.max_km
    timings.split("build")
    placed = mentor_village[mentor] >= 0
    km = np.full(len(mentor), np.nan)
    km[placed] = distances.between(village[placed], mentor_village[mentor][placed], max_km)
    timings.split("distances")
    if distances.available:
        # Unreachable by road counts as out of reach, with or without a limit; a mentor
        # with no place has no limit.
        reach = max_km + REACH_TOLERANCE_KM  # as Distances.within counts a limit
        near = ~placed | (np.isfinite(km) & ((km <= reach) if max_km > 0 else True))
        reserve, mentor, score, village, km = (
            x[near] for x in (reserve, mentor, score, village, km)
        )
    return {
        "reserve": reserve,
        "mentor": mentor,
        "km": km.astype(float),
        "village": village,
        "score_given": score,
    }


def _score_arcs(
    data: Dataset,
    rules: Rules,
    distances: Distances,
    arcs: ArcColumns,
    kilometres: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """The four score components of every arc (README, *The pair score*), or the given ones.

    Each component takes few distinct values (needs: by the reserve's count of needs and
    how many the mentor covers; proximity: by village pair; continuity: kept or not;
    experience: by mentor and whether the reserve's village is weak), so each is computed
    once per value and gathered (see :func:`~.network.add_scaled_scores`): the same floats,
    bit for bit, as computing them arc by arc. ``kilometres`` is ``(km_table, km_at)``
    when the km of the arcs come from a table (default: the ``km`` column, arc by arc).
    """
    points = rules.mentors.score
    if "score_given" in arcs:
        add_given_scores(arcs, "pair_scores")
        return
    reserve = arcs["reserve"]
    mentor = arcs["mentor"]
    needs_bits, skill_bits = _tag_bits(data.reserves["needs"], data.mentors["skills"])
    need_count = np.bitwise_count(needs_bits).sum(axis=1).astype(np.int64)
    if needs_bits.shape[1] == 1:  # at most 64 distinct tags: one word per person
        covered = np.bitwise_count(needs_bits[:, 0][reserve] & skill_bits[:, 0][mentor])
    else:
        covered = np.bitwise_count(needs_bits[reserve] & skill_bits[mentor]).sum(axis=1)
    # share = covered / needs, tabulated over (needs, covered); 0 for a reserve with none.
    most = int(need_count.max(initial=0)) + 1
    counts, cover = np.divmod(np.arange(most * most), most)
    share = np.divide(cover, counts, out=np.zeros(most * most), where=counts > 0)
    needs_at = need_count[reserve] * most + covered.astype(np.int64)
    km_table, km_at = (
        kilometres
        if kilometres is not None
        else (np.asarray(arcs["km"], dtype=float), np.arange(len(reserve), dtype=np.int64))
    )
    if not distances.available:
        closeness = np.zeros(len(km_table))
    elif rules.mentors.max_km > 0:
        closeness = np.clip(1 - km_table / rules.mentors.max_km, 0, 1)
    else:
        closeness = 10 / (10 + km_table)
    closeness = np.nan_to_num(closeness, nan=0.0)  # a mentor with no place: 0
    years = data.mentors["experience_years"].fillna(0).to_numpy(dtype=float)
    weak = np.array(
        [any(c in WEAK_CATEGORIES for c in cats) for cats in data.villages["categories"]],
        dtype=bool,
    )
    # experience by (mentor, weak): rows mentor * 2 + weak
    mentor_years = np.repeat(years, 2)
    weak_row = np.tile(np.array([False, True]), len(years))
    experience = (
        np.minimum(mentor_years, points.experience_cap_years)
        / points.experience_cap_years
        * np.where(weak_row, 1.0, points.experience_other_share)
    )
    experience_at = mentor * 2 + weak[arcs["village"]]
    kept = np.asarray(arcs["kept"], dtype=bool).astype(np.int64)
    parts = {
        "needs": (points.needs * share, needs_at),
        "proximity": (points.proximity * closeness, km_at),
        "continuity": (points.continuity * np.array([0.0, 1.0]), kept),
        "experience": (points.experience * experience, experience_at),
    }
    add_scaled_scores(arcs, parts, SCORE_SCALE)


def plan_mentors(data: Dataset, rules: Rules, options: SolveOptions | None = None) -> MentorPlan:
    """Pair reserves with mentors: the most reserves paired, then the highest total score.

    ``options.solver``: ``flow`` (exact min-cost flow), ``cpsat`` (the same model in
    CP-SAT, hinted with the flow solution) or ``auto`` (flow, since every mentor rule keeps
    the model a network).
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    data = place_mentors(data, rules)
    timings = Timings(options.progress)  # progress: lang's hook, see solver/timing.py
    timings.start("distances")
    distances = build_distances(data.villages, data.roads)
    timings.split("distances")
    timings.start("build")
    arcs = candidate_arcs(data, rules, distances, timings)
    scale = arcs.attrs["scale"]
    reserves_count = len(data.reserves)
    capacity = mentor_capacities(data, rules)
    # One group per (mentor, reserve village) that has arcs.
    group_keys = arcs["mentor"].to_numpy() * (len(data.villages) + 1) + arcs["village"].to_numpy()
    unique_groups, group_of_arc = np.unique(group_keys, return_inverse=True)
    group_mentor = unique_groups // (len(data.villages) + 1)
    same_village = rules.mentors.same_village_max
    group_capacity = (
        np.minimum(capacity[group_mentor], same_village)
        if same_village > 0
        else capacity[group_mentor]
    )
    model_arcs = Arcs(
        left=arcs["reserve"].to_numpy(dtype=np.int64),
        right=arcs["mentor"].to_numpy(dtype=np.int64),
        group=group_of_arc.astype(np.int64),
        weight=arcs["weight"].to_numpy(dtype=np.int64),
    )
    timings.split("build")
    timings.start("solve")
    flow = solve_flow(
        model_arcs,
        reserves_count,
        capacity,
        group_capacity,
        group_mentor,
        maximise_count=True,
        options=options,
        started=started,
    )
    solution = flow
    if options.solver == "cpsat":
        spread = int(np.abs(model_arcs.weight).max(initial=0)) * max(reserves_count, 1)
        count_weight = 2 * spread + 1
        solution = solve_cpsat(
            model_arcs,
            reserves_count,
            capacity,
            group_capacity,
            options,
            count_weight=count_weight,
            hint=flow.chosen,
            started=started,
        )
        paired = int(solution.chosen.sum())
        objective = solution.objective - count_weight * paired
        bound = second_objective_bound(solution.bound, paired, count_weight, spread)
        solution = type(solution)(
            solution.chosen,
            solution.status,
            objective,
            bound,
            solution.seconds + flow.seconds,
            "cpsat",
            note=solution.note,
        )
    timings.split("solve")
    timings.start("explain")
    # The tie rule (see solver/explain.py): among plans equal on every objective, a place
    # goes to the reserve with fewer mentors in reach, then the higher evaluation, the
    # younger, the one listed first; exchanges of equal weight only.
    reserve_village = data.reserves["village_id"].map(data.village_index).to_numpy(dtype=np.int64)
    chosen_mask, _ = prefer_fewer_options_mentors(
        arcs,
        solution.chosen,
        reserve_village,
        rules.mentors.same_village_max,
        standing=reserve_standing(data.reserves),
    )
    chosen = arcs[chosen_mask]
    notes = list(arcs.attrs.get("notes", ())) + ([solution.note] if solution.note else [])
    if data.mentors["village_id"].isna().any():
        notes.append(UNPLACED_NOTE)
    if not distances.available:
        notes.append(
            "no roads table and no lat/lon: the distance limit could not be applied and "
            "proximity scores are 0"
        )
    pairs = _pair_rows(data, rules, chosen)
    load = _load_rows(data, capacity, chosen)
    type_index = data.mentors["type"].map({t: i for i, t in enumerate(MENTOR_TYPES)}).to_numpy()
    unassigned, reasons = explain_unassigned(
        data,
        rules,
        distances,
        arcs,
        chosen,
        capacity,
        allowed_type_masks(data, rules),
        type_index,
        stopped_early=solution.status is not Status.OPTIMAL,
        tick=lambda done, total: timings.count("explain", done, total),
    )
    timings.split("explain")
    return MentorPlan(
        status=solution.status,
        solver=solution.solver,
        objective=solution.objective / scale,
        bound=solution.bound / scale,
        seconds=solution.seconds,
        assigned=len(pairs),
        pairs=pairs,
        load=load,
        unassigned=unassigned,
        score_scale=scale,
        components=arcs.attrs["components"],
        distance_method=distances.method,
        notes=tuple(notes),
        timings=timings.seconds,
        reasons=reasons,
    )


def _pair_rows(data: Dataset, rules: Rules, chosen: pd.DataFrame) -> pd.DataFrame:
    reserves = data.reserves.iloc[chosen["reserve"].to_numpy()].reset_index(drop=True)
    mentors = data.mentors.iloc[chosen["mentor"].to_numpy()].reset_index(drop=True)
    chosen = chosen.reset_index(drop=True)
    rows = pd.DataFrame(
        {
            "reserve_id": reserves["person_id"],
            "reserve_name": reserves["name"],
            "reserve_village": reserves["village_id"],
            "mentor_id": mentors["person_id"],
            "mentor_name": mentors["name"],
            "mentor_type": mentors["type"],
            "km": chosen["km"].round(2),
            "score": chosen["score"],
        }
    )
    for column in [c for c in chosen.columns if c.startswith("score_")]:
        rows[column] = chosen[column]
    rows["kept"] = chosen["kept"].to_numpy()
    rows["mentor_village"] = mentors["village_id"]
    return rows.sort_values("reserve_id", kind="stable").reset_index(drop=True)


def _load_rows(data: Dataset, capacity: np.ndarray, chosen: pd.DataFrame) -> pd.DataFrame:
    load = np.bincount(chosen["mentor"].to_numpy(), minlength=len(data.mentors))
    mentees = _group_lists(chosen["mentor"].to_numpy(), chosen["reserve"].to_numpy())
    reserve_ids = data.reserves["person_id"].to_numpy()
    names = [";".join(reserve_ids[mentees.get(m, [])]) for m in range(len(data.mentors))]
    return pd.DataFrame(
        {
            "mentor_id": data.mentors["person_id"],
            "mentor_name": data.mentors["name"],
            "mentor_type": data.mentors["type"],
            "capacity": capacity,
            "load": load,
            "mentor_village": data.mentors["village_id"],
            "mentees": names,
        }
    )


def _group_lists(keys: np.ndarray, values: np.ndarray) -> dict[int, list[int]]:
    """{key: sorted values} without a pandas groupby (which is slow for many small groups)."""
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    return {
        int(group[0]): values_group.tolist()
        for group, values_group in zip(
            np.split(keys, bounds), np.split(values, bounds), strict=True
        )
        if len(group)
    }
