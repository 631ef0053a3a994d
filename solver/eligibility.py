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
    """A (person x department) frame of results: pass, fail, pending or missing.

    Parameters
    ----------
    data
        The dataset; its ``vetting`` table (one row per person and department) is read.
    people
        Person ids, length n (the frame's index, in this order; an id may repeat).
    departments
        The departments, length d (the frame's columns, in this order).

    Returns
    -------
    pandas.DataFrame
        Shape (n, d) of result words, index named ``person_id`` and columns ``department``.
        A department that vetted a person twice gives its worst result (fail before pending
        before pass, then any other word in the order first written); one that did not
        vet the person gives ``missing``.
    """
    worst, words = _worst_results(data, people, departments)
    table = pd.DataFrame(words[worst], index=people.to_numpy(), columns=list(departments))
    table.index.name, table.columns.name = "person_id", "department"
    return table


def _worst_results(
    data: Dataset, people: pd.Series, departments: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Each person's worst vetting result per department, as ranks into a word table.

    Returns ``(ranks, words)``: ``ranks`` of shape (n, d), int64, where 0 is ``fail``, 1
    ``pending``, 2 ``pass``, 3 + i the i-th other word of the table and the largest rank
    ``missing``; ``words`` (object, indexed by rank) gives each rank's word.

    Rows are matched to people and departments by codes of one hash pass over the vetting
    table and the worst rank is kept by ``numpy.minimum.at``: the work grows linearly with
    the vetting rows (sorting, deduplicating and pivoting a province's million rows of text
    does not).
    """
    vetting = data.vetting
    ids = people.to_numpy(dtype=object)
    codes, _ = pd.factorize(
        np.concatenate([ids, vetting["person_id"].to_numpy(dtype=object)]), use_na_sentinel=True
    )
    person_code, row_person = codes[: len(ids)], codes[len(ids) :]
    department = pd.Index(list(departments), dtype=object).get_indexer(
        vetting["department"].to_numpy(dtype=object)
    )
    result_codes, found = pd.factorize(vetting["result"].to_numpy(dtype=object))
    order = {"fail": 0, "pending": 1, "pass": 2}
    others = [w for w in found.tolist() if w not in order]
    rank_of = {**order, **{w: 3 + i for i, w in enumerate(others)}}
    missing = 3 + len(others)
    words = np.array([*order, *others, "missing"], dtype=object)
    rank_of_code = np.array([rank_of[w] for w in found.tolist()], dtype=np.int64)
    # People come first in the factorisation: a person's code is below len(ids).
    known = (row_person >= 0) & (row_person < len(ids)) & (department >= 0) & (result_codes >= 0)
    worst = np.full((len(ids) + 1, len(departments)), missing, dtype=np.int64)
    np.minimum.at(worst, (row_person[known], department[known]), rank_of_code[result_codes[known]])
    rows = np.where(person_code >= 0, person_code, len(ids))  # a blank id: missing everywhere
    return worst[rows], words


def assess(data: Dataset, rules: EligibilityRules) -> pd.DataFrame:
    """Assess every candidate; returns the candidates with ``eligible`` and ``reasons``.

    Parameters
    ----------
    data
        The dataset (reserves, dispatched cadres, vetting; ages from ``data.year``).
    rules
        The ``[eligibility]`` rules.

    Returns
    -------
    pandas.DataFrame
        The n candidates of :func:`candidates` with ``reasons`` (a tuple of reason codes per
        person, in the order of the rules above, empty for an eligible candidate) and
        ``eligible`` (bool).

    Notes
    -----
    Every rule gives a boolean mask, shape (n,); the masks are packed into one bit pattern
    per person and each distinct pattern is worded once, so the work is linear in n with no
    per-person Python loop.
    """
    people = candidates(data)
    masks: list[tuple[str, np.ndarray]] = []
    departments = rules.required_departments
    worst, words = _worst_results(data, people["person_id"], departments)
    missing = len(words) - 1
    for column, department in enumerate(departments):
        rank = worst[:, column]
        masks.append((f"vetting_fail:{department}", rank == 0))
        masks.append((f"vetting_pending:{department}", rank == 1))
        masks.append((f"vetting_missing:{department}", rank == missing))
    age = people["age"].to_numpy(dtype=float, na_value=np.nan)
    masks.append(("age_over", age > rules.max_age))
    masks.append(("age_under", age < rules.min_age))
    education = people["education"].map(EDUCATION_RANK).to_numpy(dtype=float, na_value=np.nan)
    masks.append(("education_missing", np.isnan(education)))
    masks.append(("education_below", education < EDUCATION_RANK[rules.min_education]))
    party = people["party_since"].to_numpy(dtype=float, na_value=np.nan)
    if rules.party_member_required:
        masks.append(("not_party_member", np.isnan(party)))
    masks.append(("party_years_below", party > data.year - rules.min_party_years))
    evaluation = people["evaluation"].to_numpy(dtype=float)
    is_reserve = (people["kind"] == "reserve").to_numpy()
    if rules.min_evaluation > 0:
        masks.append(("evaluation_missing", is_reserve & np.isnan(evaluation)))
    masks.append(("evaluation_below", evaluation < rules.min_evaluation))
    names = [name for name, _ in masks]
    flags = np.column_stack([mask for _, mask in masks]).astype(bool)
    packed = np.ascontiguousarray(np.packbits(flags, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, pattern = np.unique(keys, return_index=True, return_inverse=True)
    worded = np.empty(len(first), dtype=object)
    for i, row in enumerate(first.tolist()):
        worded[i] = tuple(name for name, flag in zip(names, flags[row], strict=True) if flag)
    people["reasons"] = worded[pattern.ravel()]
    people["eligible"] = ~flags.any(axis=1)
    return people
