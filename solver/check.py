"""Independent checkers: re-verify every hard rule of a plan without using the model.

They recompute distances directly (Dijkstra over the roads, or haversine), eligibility
from the vetting table, and the objective from the rows, and return the list of
violations (empty for a valid plan). A violation is a bug in a model.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from .dataset import Dataset
from .distances import great_circle_km, road_graph
from .rules import Rules
from .tables import EDUCATION_RANK

TOLERANCE_KM = 1e-6


def pair_distances(
    data: Dataset, origin: pd.Series, destination: pd.Series, limit: float = np.inf
) -> np.ndarray:
    """Road (or great-circle) km between village ids, pair by pair.

    Road distances beyond ``limit`` come back as inf (the search stops there).
    """
    index = data.village_index
    a = origin.map(index).to_numpy(dtype=np.int64)
    b = destination.map(index).to_numpy(dtype=np.int64)
    if len(a) == 0:
        return np.zeros(0)
    if len(data.roads):
        graph = road_graph(
            len(data.villages),
            data.roads["from"].map(index).to_numpy(dtype=np.int64),
            data.roads["to"].map(index).to_numpy(dtype=np.int64),
            data.roads["km"].to_numpy(dtype=float),
        )
        result = np.empty(len(a))
        sources = np.unique(a)
        for start in range(0, len(sources), 256):
            chunk = sources[start : start + 256]
            table = dijkstra(graph, directed=False, indices=chunk, limit=limit)
            where = {s: i for i, s in enumerate(chunk)}
            mask = np.isin(a, chunk)
            rows = np.array([where[s] for s in a[mask]], dtype=np.int64)
            result[mask] = table[rows, b[mask]]
        return result
    lat = data.villages["lat"].to_numpy(dtype=float)
    lon = data.villages["lon"].to_numpy(dtype=float)
    return great_circle_km(lat[a], lon[a], lat[b], lon[b])


def check_mentor_plan(data: Dataset, rules: Rules, plan) -> list[str]:
    """Every hard mentor rule, the counts and the reported objective, re-verified."""
    problems: list[str] = []
    pairs = plan.pairs
    reserves = data.reserves.set_index("person_id")
    mentors = data.mentors.set_index("person_id")
    unknown = set(pairs["reserve_id"]) - set(reserves.index)
    unknown |= set(pairs["mentor_id"]) - set(mentors.index)
    if unknown:
        return [f"unknown people in the plan: {sorted(unknown)[:5]}"]
    for reserve, count in Counter(pairs["reserve_id"]).items():
        if count > 1:
            problems.append(f"reserve {reserve} has {count} mentors")
    capacity = mentors["capacity"].fillna(rules.mentors.capacity)
    for mentor, count in Counter(pairs["mentor_id"]).items():
        if count > capacity[mentor]:
            problems.append(f"mentor {mentor} has {count} mentees, capacity {capacity[mentor]}")
    home = reserves.loc[pairs["reserve_id"], "village_id"].to_numpy()
    if rules.mentors.same_village_max > 0:
        per_village = Counter(zip(pairs["mentor_id"], home, strict=True))
        for (mentor, village), count in per_village.items():
            if count > rules.mentors.same_village_max:
                problems.append(
                    f"mentor {mentor} has {count} mentees from {village}, "
                    f"limit {rules.mentors.same_village_max}"
                )
    has_geo = len(data.roads) or (
        data.villages["lat"].notna().all() and data.villages["lon"].notna().all()
    )
    if rules.mentors.max_km > 0 and has_geo and len(pairs):
        km = pair_distances(
            data,
            pd.Series(home),
            mentors.loc[pairs["mentor_id"], "village_id"].reset_index(drop=True),
            limit=rules.mentors.max_km + 1,
        )
        for reserve, mentor, distance in zip(
            pairs["reserve_id"], pairs["mentor_id"], km, strict=True
        ):
            if not distance <= rules.mentors.max_km + TOLERANCE_KM:
                problems.append(f"{reserve}-{mentor} is {distance:.1f} km apart")
    banned = set()
    for a, b in zip(data.conflicts["person_a"], data.conflicts["person_b"], strict=True):
        banned |= {(a, b), (b, a)}
    categories = dict(zip(data.villages["village_id"], data.village_categories(), strict=True))
    for reserve, mentor, village in zip(pairs["reserve_id"], pairs["mentor_id"], home, strict=True):
        if (reserve, mentor) in banned:
            problems.append(f"{reserve}-{mentor} are in conflict")
        for category in categories[village]:
            allowed = rules.mentors.require.get(category)
            if allowed and mentors.at[mentor, "type"] not in allowed:
                problems.append(
                    f"{reserve} of a {category} village has a {mentors.at[mentor, 'type']}"
                )
    if data.pair_scores is not None:
        listed = set(
            zip(data.pair_scores["reserve_id"], data.pair_scores["mentor_id"], strict=True)
        )
        for reserve, mentor in zip(pairs["reserve_id"], pairs["mentor_id"], strict=True):
            if (reserve, mentor) not in listed:
                problems.append(f"{reserve}-{mentor} is not listed in pair_scores")
    components = [c for c in pairs.columns if c.startswith("score_")]
    if components and len(pairs):
        total = pairs[components].sum(axis=1).to_numpy()
        off = np.abs(total - pairs["score"].to_numpy()) > 1e-6
        if off.any():
            problems.append(f"{int(off.sum())} rows whose components do not add up to the score")
    if abs(pairs["score"].sum() - plan.objective) > 1e-6 * max(1.0, abs(plan.objective)):
        problems.append(f"objective {plan.objective} != sum of scores {pairs['score'].sum()}")
    if plan.assigned != len(pairs):
        problems.append(f"assigned {plan.assigned} != {len(pairs)} pairs")
    everyone = set(pairs["reserve_id"]) | set(plan.unassigned["reserve_id"])
    if everyone != set(reserves.index) or len(pairs) + len(plan.unassigned) != len(reserves):
        problems.append("the pairs and the unassigned do not cover every reserve exactly once")
    if (plan.unassigned["reason"].astype(str).str.strip() == "").any():
        problems.append("an unassigned reserve has no reason")
    if plan.bound < plan.objective - 1e-6:
        problems.append(f"bound {plan.bound} is below the objective {plan.objective}")
    return problems


def eligibility_problems(data: Dataset, rules: Rules, person_id: str) -> list[str]:
    """Why a candidate may not be appointed, recomputed from the tables (empty: eligible)."""
    e = rules.eligibility
    if person_id in set(data.reserves["person_id"]):
        person = data.reserves.set_index("person_id").loc[person_id]
        reserve = True
    else:
        person = data.dispatched.set_index("person_id").loc[person_id]
        reserve = False
    problems = []
    vetting = data.vetting[data.vetting["person_id"] == person_id]
    for department in e.required_departments:
        results = set(vetting.loc[vetting["department"] == department, "result"])
        if results != {"pass"}:
            problems.append(f"{department} vetting is {sorted(results) or 'missing'}")
    age = data.year - int(person["birth_year"])
    if not e.min_age <= age <= e.max_age:
        problems.append(f"age {age}")
    education = EDUCATION_RANK.get(person["education"])
    if education is None or education < EDUCATION_RANK[e.min_education]:
        problems.append(f"education {person['education']}")
    party = person["party_since"]
    if pd.isna(party):
        if e.party_member_required:
            problems.append("not a Party member")
    elif int(party) > data.year - e.min_party_years:
        problems.append(f"Party member since {party}")
    evaluation = person["evaluation"]
    if pd.isna(evaluation):
        if reserve and e.min_evaluation > 0:
            problems.append("no evaluation")
    elif evaluation < e.min_evaluation:
        problems.append(f"evaluation {evaluation}")
    return problems
