"""Independent checkers: re-verify every hard rule of a plan without using the model.

They share no distance or score code with the models: distances come from their own
Dijkstra over the roads table (or haversine), for the pairs a plan uses only, and every
score component is recomputed from the raw tables (:mod:`check_measures`); eligibility is
recomputed from the vetting table and the objective from the rows. They return the list
of violations (empty for a valid plan). A violation is a bug in a model.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .check_measures import (
    PairDistances,
    component_problems,
    fit_components,
    given_problems,
    mentor_components,
    named_people,
)
from .check_rows import backfill_row_problems, mentor_row_problems
from .dataset import Dataset
from .rules import Rules
from .tables import EDUCATION_RANK

TOLERANCE_KM = 1e-6
#: Plans report km rounded to 0.01 (mentor_pairs.csv, appointments.csv): a reported km is
#: right when it is within half of that of the recomputed one. Road km of one-decimal roads
#: round exactly; great-circle km do not.
REPORTED_KM = 0.005


def pair_distances(
    data: Dataset, origin: pd.Series, destination: pd.Series, limit: float = np.inf
) -> np.ndarray:
    """Road (or great-circle) km between village ids, pair by pair (the checkers' own).

    Road distances beyond ``limit`` come back as inf (the search stops there); without
    roads or lat/lon, NaN.
    """
    return PairDistances(data).pairs(origin, destination, limit)


def _unlisted(
    rows: pd.DataFrame, left: str, right: str, table: pd.DataFrame, name: str
) -> list[str]:
    """Rows whose (left, right) pair the given scores table does not list."""
    listed = pd.MultiIndex.from_arrays([table[left].to_numpy(), table[right].to_numpy()])
    pairs = pd.MultiIndex.from_arrays([rows[left].to_numpy(), rows[right].to_numpy()])
    missing = ~pairs.isin(listed)
    return [
        f"{a}-{b} is not listed in {name}"
        for a, b in zip(
            rows[left].to_numpy()[missing].tolist(),
            rows[right].to_numpy()[missing].tolist(),
            strict=True,
        )
    ]


def _score_sums(rows: pd.DataFrame, objective: float) -> list[str]:
    """Each row's components add up to its score, and the scores to the objective."""
    problems = []
    components = [c for c in rows.columns if c.startswith("score_")]
    if components and len(rows):
        off = np.abs(rows[components].sum(axis=1).to_numpy() - rows["score"].to_numpy()) > 1e-6
        if off.any():
            problems.append(f"{int(off.sum())} rows whose components do not add up to the score")
    total = rows["score"].sum()
    if abs(total - objective) > 1e-6 * max(1.0, abs(objective)):
        problems.append(f"objective {objective} != sum of scores {total}")
    return problems


def check_mentor_plan(data: Dataset, rules: Rules, plan) -> list[str]:
    """Every hard mentor rule, the counts and the reported objective, re-verified."""
    problems: list[str] = []
    pairs = plan.pairs
    reserves = data.reserves.set_index("person_id")
    mentors = data.mentors.set_index("person_id")
    # Plain lists: iterating a pandas column value by value costs ~1 µs a value more.
    reserve_ids = pairs["reserve_id"].tolist()
    mentor_ids = pairs["mentor_id"].tolist()
    unknown = set(reserve_ids) - set(reserves.index)
    unknown |= set(mentor_ids) - set(mentors.index)
    if unknown:
        return [f"unknown people in the plan: {sorted(unknown)[:5]}"]
    for reserve, count in Counter(reserve_ids).items():
        if count > 1:
            problems.append(f"reserve {reserve} has {count} mentors")
    capacity = mentors["capacity"].fillna(rules.mentors.capacity).to_dict()
    for mentor, count in Counter(mentor_ids).items():
        if count > capacity[mentor]:
            problems.append(f"mentor {mentor} has {count} mentees, capacity {capacity[mentor]}")
    home = reserves.loc[pairs["reserve_id"], "village_id"].to_numpy()
    homes = home.tolist()
    if rules.mentors.same_village_max > 0:
        per_village = Counter(zip(mentor_ids, homes, strict=True))
        for (mentor, village), count in per_village.items():
            if count > rules.mentors.same_village_max:
                problems.append(
                    f"mentor {mentor} has {count} mentees from {village}, "
                    f"limit {rules.mentors.same_village_max}"
                )
    distances = PairDistances(data)
    # SPEC "Names as keys": a blank mentor village is mentors.office_village (an id or a
    # unique name); with that rule blank too, no distance limit applies to the mentor.
    office = rules.mentors.office_village
    if office and office not in set(data.villages["village_id"]):
        named = data.villages.loc[data.villages["name"] == office, "village_id"]
        if len(named) != 1:
            return [f"mentors.office_village {office!r} names no single village"]
        office = str(named.iloc[0])
    mentor_home = mentors.loc[pairs["mentor_id"], "village_id"].fillna(office or "")
    placed = (mentor_home != "").to_numpy()
    limit = rules.mentors.max_km + 1 if rules.mentors.max_km > 0 else np.inf
    km = np.full(len(pairs), np.nan)
    km[placed] = distances.pairs(home[placed], mentor_home.to_numpy()[placed], limit)
    if distances.available and len(pairs):
        if rules.mentors.max_km > 0:
            far = placed & ~(km <= rules.mentors.max_km + TOLERANCE_KM)
            for index in np.flatnonzero(far).tolist():
                reserve, mentor = reserve_ids[index], mentor_ids[index]
                problems.append(f"{reserve}-{mentor} is {km[index]:.1f} km apart")
        reported = pairs["km"].to_numpy(dtype=float)
        off = np.isfinite(km) & ~(np.abs(reported - km) <= REPORTED_KM + TOLERANCE_KM)
        for reserve, mentor, mine, theirs in zip(
            pairs["reserve_id"][off], pairs["mentor_id"][off], km[off], reported[off], strict=True
        ):
            problems.append(f"{reserve}-{mentor}: km is {theirs:g}, recomputed {mine:.3f}")
    banned = set()
    for a, b in zip(data.conflicts["person_a"], data.conflicts["person_b"], strict=True):
        banned |= {(a, b), (b, a)}
    categories = dict(zip(data.villages["village_id"], data.village_categories(), strict=True))
    type_of = mentors["type"].to_dict()
    for reserve, mentor, village in zip(reserve_ids, mentor_ids, homes, strict=True):
        if (reserve, mentor) in banned:
            problems.append(f"{reserve}-{mentor} are in conflict")
        for category in categories[village]:
            allowed = rules.mentors.require.get(category)
            if allowed and type_of[mentor] not in allowed:
                problems.append(f"{reserve} of a {category} village has a {type_of[mentor]}")
    key = pairs["reserve_id"] + "-" + pairs["mentor_id"]
    if data.pair_scores is not None:
        problems += _unlisted(pairs, "reserve_id", "mentor_id", data.pair_scores, "pair_scores")
        problems += given_problems(
            pairs, "reserve_id", "mentor_id", data.pair_scores, plan.score_scale
        )
    elif len(pairs):
        own = mentor_components(data, rules, pairs, km, distances.available)
        problems += component_problems(pairs, key, own, plan.score_scale)
    problems += _score_sums(pairs, plan.objective)
    if plan.assigned != len(pairs):
        problems.append(f"assigned {plan.assigned} != {len(pairs)} pairs")
    everyone = set(pairs["reserve_id"]) | set(plan.unassigned["reserve_id"])
    if everyone != set(reserves.index) or len(pairs) + len(plan.unassigned) != len(reserves):
        problems.append("the pairs and the unassigned do not cover every reserve exactly once")
    if (plan.unassigned["reason"].astype(str).str.strip() == "").any():
        problems.append("an unassigned reserve has no reason")
    if plan.bound < plan.objective - 1e-6:
        problems.append(f"bound {plan.bound} is below the objective {plan.objective}")
    problems += mentor_row_problems(data, rules, plan)
    return problems


#: No vetting row yet for a (person, department) (a result may be blank: NaN).
_UNSEEN = object()


class EligibilityCheck:
    """Recomputes joint-vetting eligibility from the raw tables, one person at a time.

    It shares no code with :mod:`eligibility`, so that the two can check each other.
    ``people`` (default: every reserve and dispatched cadre) limits the records and vetting
    rows read to the people a plan names, so that checking grows with the plan. ``named``
    (a :func:`check_measures.named_people` frame holding at least those people) spares
    reading the people tables again.
    """

    def __init__(
        self,
        data: Dataset,
        rules: Rules,
        people: Iterable[str] | None = None,
        named: pd.DataFrame | None = None,
    ) -> None:
        self.rules = rules.eligibility
        self.year = data.year
        self.people: dict[str, dict] = {}
        wanted = None if people is None else set(people)
        # Only the columns the rules read: a record per person is built for these alone.
        fields = ["person_id", "birth_year", "education", "party_since", "evaluation"]
        frames = ((data.reserves, True), (data.dispatched, False))
        if named is not None:
            is_reserve = named["_reserve"].to_numpy(dtype=bool)
            frames = ((named[is_reserve], True), (named[~is_reserve], False))
        for frame, reserve in frames:
            if wanted is not None:
                frame = frame[frame["person_id"].isin(wanted).to_numpy()]
            for record in frame[fields].to_dict("records"):
                record["is_reserve"] = reserve
                self.people[record["person_id"]] = record
        # Per person, per department: the result written, or the set of the results of a
        # department that vetted twice (one small dictionary per person, no set per row).
        self.results: dict[str, dict[str, Any]] = {}
        vetting = data.vetting
        if wanted is not None:
            vetting = vetting[vetting["person_id"].isin(wanted).to_numpy()]
        for person, department, result in zip(
            vetting["person_id"].tolist(),
            vetting["department"].tolist(),
            vetting["result"].tolist(),
            strict=True,
        ):
            of_person = self.results.get(person)
            if of_person is None:
                of_person = self.results[person] = {}
            seen = of_person.get(department, _UNSEEN)
            if seen is _UNSEEN:
                of_person[department] = result
            elif isinstance(seen, set):
                seen.add(result)
            elif seen != result:
                of_person[department] = {seen, result}

    def problems(self, person_id: str) -> list[str]:
        """Why a candidate may not be appointed (empty: eligible)."""
        e = self.rules
        person = self.people[person_id]
        problems = []
        of_person = self.results.get(person_id, {})
        for department in e.required_departments:
            seen = of_person.get(department, _UNSEEN)
            results = set() if seen is _UNSEEN else seen if isinstance(seen, set) else {seen}
            if results != {"pass"}:
                problems.append(f"{department} vetting is {sorted(results) or 'missing'}")
        age = self.year - int(person["birth_year"])
        if not e.min_age <= age <= e.max_age:
            problems.append(f"age {age}")
        education = EDUCATION_RANK.get(person["education"])
        if education is None or education < EDUCATION_RANK[e.min_education]:
            problems.append(f"education {person['education']}")
        party = person["party_since"]
        if pd.isna(party):
            if e.party_member_required:
                problems.append("not a Party member")
        elif int(party) > self.year - e.min_party_years:
            problems.append(f"Party member since {party}")
        evaluation = person["evaluation"]
        if pd.isna(evaluation):
            if person["is_reserve"] and e.min_evaluation > 0:
                problems.append("no evaluation")
        elif evaluation < e.min_evaluation:
            problems.append(f"evaluation {evaluation}")
        return problems


def _categories(data: Dataset, villages: set) -> dict[str, tuple[str, ...]]:
    """The categories of the named villages (with the derived ``large`` and ``long_tenure``)."""
    chosen = data.villages[data.villages["village_id"].isin(villages).to_numpy()]
    return {
        village: tuple(cats) + (("large",) if large else ()) + (("long_tenure",) if tenure else ())
        for village, cats, large, tenure in zip(
            chosen["village_id"].tolist(),
            chosen["categories"].tolist(),
            chosen["large"].tolist(),
            chosen["long_tenure"].tolist(),
            strict=True,
        )
    }


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the block; restore it as it was found.

    A checker makes one small record, list or tuple per row it reads; their number
    triggers full collections, each of which walks every container the process holds, so
    that their cost grows with the whole dataset rather than with the plan (at 100,000
    villages about a tenth of the backfill checker's time, at 26,000 next to none). The
    checker's objects are freed by reference counting as before; anything cyclic is
    collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_backfill_plan(data: Dataset, rules: Rules, plan) -> list[str]:
    """Eligibility, routes, one person per post and one post per person, and the objective.

    Returns the violations (empty for a valid plan). The work grows with the plan: only
    the people and villages it names are read (see :func:`cycle_collection_paused` for
    why the cycle collector is paused meanwhile).
    """
    with cycle_collection_paused():
        return _backfill_problems(data, rules, plan)


def _backfill_problems(data: Dataset, rules: Rules, plan) -> list[str]:
    """The violations of a backfill plan (see :func:`check_backfill_plan`)."""
    problems: list[str] = []
    b = rules.backfill
    rows = plan.appointments
    listed = getattr(plan, "shortlist", None)
    listed = listed if listed is not None else pd.DataFrame(columns=["village_id", "person_id"])
    # Only the appointees, the shortlisted and the reserves of their posts are looked at,
    # each people table read once here for every check below (the work grows with the
    # plan, not with the province).
    filled = set(rows["village_id"]) | set(listed["village_id"])
    local = data.reserves[data.reserves["village_id"].isin(filled).to_numpy()]
    named = named_people(
        data, {*rows["person_id"], *listed["person_id"], *local["person_id"].tolist()}
    )
    reserves = named[named["_reserve"].to_numpy(dtype=bool)]
    home_of = dict(
        zip(reserves["person_id"].tolist(), reserves["village_id"].tolist(), strict=True)
    )
    places = data.villages[data.villages["village_id"].isin(set(rows["village_id"])).to_numpy()]
    pilot_of = dict(
        zip(
            places["village_id"].tolist(),
            places["cross_village_pilot"].tolist(),
            strict=True,
        )
    )
    dispatched = set(data.dispatched["person_id"])
    vacant = set(data.villages.loc[data.villages["vacant"], "village_id"])
    unknown = set(rows["person_id"]) - set(home_of) - dispatched
    unknown |= set(rows["village_id"]) - set(pilot_of)
    if unknown:
        return [f"unknown people or posts in the plan: {sorted(unknown)[:5]}"]
    for person, count in Counter(rows["person_id"]).items():
        if count > 1:
            problems.append(f"{person} fills {count} posts")
    for village, count in Counter(rows["village_id"]).items():
        if count > 1:
            problems.append(f"post {village} has {count} appointees")
    reserves_by_village: dict[str, list[str]] = {}
    for person, village in zip(
        local["person_id"].tolist(), local["village_id"].tolist(), strict=True
    ):
        reserves_by_village.setdefault(village, []).append(person)
    vetting = EligibilityCheck(
        data, rules, [*rows["person_id"], *local["person_id"], *listed["person_id"]], named
    )
    eligible_cache: dict[str, bool] = {}

    def is_eligible(person: str) -> bool:
        if person not in eligible_cache:
            eligible_cache[person] = not vetting.problems(person)
        return eligible_cache[person]

    cross: list[tuple[str, str | None, str, float]] = []
    for row in rows.itertuples(index=False):
        if row.village_id not in vacant:
            problems.append(f"{row.village_id} is not a vacant post")
            continue
        issues = vetting.problems(row.person_id)
        if issues:
            problems.append(f"{row.person_id} is not eligible: {', '.join(issues)}")
        if row.route == "dispatched":
            if row.person_id not in dispatched:
                problems.append(f"{row.person_id} is not a dispatched cadre")
            if not b.allow_dispatched:
                problems.append(f"{row.person_id} dispatched although allow_dispatched is false")
        elif row.person_id not in home_of:
            problems.append(f"{row.person_id} is not a reserve")
            continue
        home = home_of[row.person_id] if row.route != "dispatched" else None
        if row.route == "local" and home != row.village_id:
            problems.append(f"{row.person_id} is local to {home}, not {row.village_id}")
        if row.route == "cross_village":
            if home == row.village_id:
                problems.append(f"{row.person_id} is marked cross-village in their own village")
            if not pilot_of[row.village_id]:
                problems.append(f"{row.village_id} is not a cross-village pilot")
            cross.append((row.person_id, home, row.village_id, float(row.km)))
        if row.route not in ("local", "cross_village", "dispatched"):
            problems.append(f"unknown route {row.route}")
        local_reserves = reserves_by_village.get(row.village_id, [])
        if (
            row.route != "local"
            and b.outside_only_if_no_local
            and any(is_eligible(p) for p in local_reserves)
        ):
            problems.append(
                f"{row.person_id} reached {row.village_id} from outside although it has "
                "an eligible reserve"
            )
    built: list[PairDistances] = []

    def distances_once() -> PairDistances:
        """The checker's distances, built on first need (most plans need none)."""
        if not built:
            built.append(PairDistances(data))
        return built[0]

    problems += backfill_row_problems(data, rules, plan, vetting.problems, distances_once, named)
    distances = distances_once() if cross else None
    if distances is not None and distances.available:
        persons, homes, posts, reported = zip(*cross, strict=True)
        km = distances.pairs(homes, posts, b.cross_village_max_km + 1)
        for person, post, distance, theirs in zip(persons, posts, km, reported, strict=True):
            if not distance <= b.cross_village_max_km + TOLERANCE_KM:
                problems.append(f"{person} lives {distance:.1f} km from {post}")
            elif not abs(theirs - distance) <= REPORTED_KM + TOLERANCE_KM:
                problems.append(f"{person} to {post}: km is {theirs:g}, recomputed {distance:.3f}")
    known = rows["person_id"].isin(set(home_of) | dispatched).to_numpy()
    if data.post_scores is not None:
        problems += _unlisted(rows, "person_id", "village_id", data.post_scores, "post_scores")
        problems += given_problems(
            rows, "person_id", "village_id", data.post_scores, plan.score_scale
        )
    elif known.any():
        fair = rows[known].reset_index(drop=True)
        own = fit_components(data, rules, fair, named)
        key = fair["person_id"] + " to " + fair["village_id"]
        problems += component_problems(fair, key, own, plan.score_scale)
    problems += _score_sums(rows, plan.objective)
    if plan.bound < plan.objective - 1e-6:
        problems.append(f"bound {plan.bound} is below the objective {plan.objective}")
    categories = _categories(data, set(rows["village_id"]))
    priority = sum(
        max(
            [b.priority[c] for c in categories[v] if c in b.priority], default=b.priority["default"]
        )
        for v in rows["village_id"]
    )
    if priority != plan.priority:
        problems.append(f"priority {plan.priority} != recomputed {priority}")
    covered = list(rows["village_id"]) + list(plan.unfilled["village_id"])
    if sorted(covered) != sorted(vacant):
        problems.append("appointments and unfilled posts do not cover every vacancy exactly once")
    if (plan.unfilled["reason"].astype(str).str.strip() == "").any():
        problems.append("an unfilled post has no reason")
    appointed = set(rows["person_id"])
    people = named[named["person_id"].isin(appointed).to_numpy()].set_index("person_id")
    appointees = people.loc[rows["person_id"]]
    counts = {
        "min_share_under_45": int((data.year - appointees["birth_year"] < 45).sum()),
        "min_share_college": int(
            (appointees["education"].map(EDUCATION_RANK) >= EDUCATION_RANK["college"]).sum()
        ),
        "min_share_women": int((appointees["gender"] == "F").sum()),
    }
    for name, share in b.structure.active.items():
        need = int(np.ceil(share * len(vacant) - 1e-9))
        if counts[name] < need:
            problems.append(f"structure rule {name} needs {need}, the plan has {counts[name]}")
    return problems
