"""Joint eligibility vetting (任职资格联审) of reserves and dispatched cadres.

Every rule of ``[eligibility]`` gives a reason code when it fails; a candidate with no
reason is eligible (the codes are worded for readers by :mod:`cadreplan.solver.explain`).
The codes (documented in the README):

``vetting_fail:<dept>``, ``vetting_pending:<dept>``, ``vetting_missing:<dept>``,
``age_over``, ``age_under``, ``education_below``, ``education_missing``,
``not_party_member``, ``party_years_below``, ``evaluation_below``, ``evaluation_missing``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dataset import Dataset
from .rules import EligibilityRules
from .tables import EDUCATION_RANK

CANDIDATE_COLUMNS = [
    "person_id",
    "name",
    "kind",
    "village_id",
    "unit",
    "birth_year",
    "age",
    "gender",
    "education",
    "party_since",
    "source",
    "evaluation",
]


def candidates(data: Dataset) -> pd.DataFrame:
    """Reserves and dispatched cadres in one frame, ``kind`` telling which is which."""
    reserves = data.reserves.assign(kind="reserve", unit="")
    dispatched = data.dispatched.assign(kind="dispatched", village_id="", source="")
    frame = pd.concat([reserves.drop(columns=["needs", "skills"]), dispatched], ignore_index=True)
    frame["age"] = data.year - frame["birth_year"].astype("Int64")
    return frame[CANDIDATE_COLUMNS].reset_index(drop=True)


def vetting_status(data: Dataset, people: pd.Series, departments: tuple[str, ...]) -> pd.DataFrame:
    """A (person x department) frame of results: pass, fail, pending or missing."""
    vetting = data.vetting[data.vetting["department"].isin(departments)]
    # A department that vetted twice: its worst result counts (fail before pending before pass).
    worst = {"fail": 0, "pending": 1, "pass": 2}
    ordered = vetting.assign(_rank=vetting["result"].map(worst)).sort_values("_rank")
    first = ordered.drop_duplicates(["person_id", "department"], keep="first")
    table = first.pivot(index="person_id", columns="department", values="result")
    table = table.reindex(index=people.to_numpy(), columns=list(departments))
    return table.fillna("missing")


def assess(data: Dataset, rules: EligibilityRules) -> pd.DataFrame:
    """Assess every candidate; returns the candidates with ``eligible`` and ``reasons``.

    ``reasons`` is a tuple of reason codes, empty for an eligible candidate.
    """
    people = candidates(data)
    count = len(people)
    codes: list[list[str]] = [[] for _ in range(count)]

    def mark(mask: np.ndarray, code: str) -> None:
        for index in np.flatnonzero(mask):
            codes[index].append(code)

    status = vetting_status(data, people["person_id"], rules.required_departments)
    for department in rules.required_departments:
        column = status[department].to_numpy()
        for result in ("fail", "pending", "missing"):
            mark(column == result, f"vetting_{result}:{department}")
    age = people["age"].to_numpy(dtype=float, na_value=np.nan)
    mark(age > rules.max_age, "age_over")
    mark(age < rules.min_age, "age_under")
    education = people["education"].map(EDUCATION_RANK).to_numpy(dtype=float, na_value=np.nan)
    mark(np.isnan(education), "education_missing")
    mark(education < EDUCATION_RANK[rules.min_education], "education_below")
    party = people["party_since"].to_numpy(dtype=float, na_value=np.nan)
    if rules.party_member_required:
        mark(np.isnan(party), "not_party_member")
    mark(party > data.year - rules.min_party_years, "party_years_below")
    evaluation = people["evaluation"].to_numpy(dtype=float)
    is_reserve = (people["kind"] == "reserve").to_numpy()
    if rules.min_evaluation > 0:
        mark(is_reserve & np.isnan(evaluation), "evaluation_missing")
    mark(evaluation < rules.min_evaluation, "evaluation_below")
    people["reasons"] = [tuple(c) for c in codes]
    people["eligible"] = [not c for c in codes]
    return people
