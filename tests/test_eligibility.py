"""Joint vetting (solver/eligibility.py) gives the reasons of the pivot-and-loop formulation.

The vetting table is read by codes and ``numpy.minimum.at``, and reasons are worded once per
bit pattern (issue 14: linear in the vetting rows). These tests compare both with the
formulation they replaced, written here the plain way (a pivot of the worst result, then
one Python loop per rule), on the sample, on generated districts and on hand-made vetting
tables with repeated, unknown and missing results.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from helpers import make_dataset

from cadreplan.solver.dataset import Dataset
from cadreplan.solver.eligibility import assess, candidates, vetting_status
from cadreplan.solver.generate import generate_dataset
from cadreplan.solver.rules import EligibilityRules, Rules
from cadreplan.solver.tables import EDUCATION_RANK


def pivot_status(data: Dataset, people: pd.Series, departments: tuple[str, ...]) -> pd.DataFrame:
    """The reference: worst result by sorting, dropping repeats and pivoting."""
    vetting = data.vetting[data.vetting["department"].isin(departments)]
    worst = {"fail": 0, "pending": 1, "pass": 2}
    ordered = vetting.assign(_rank=vetting["result"].map(worst)).sort_values("_rank", kind="stable")
    first = ordered.drop_duplicates(["person_id", "department"], keep="first")
    table = first.pivot(index="person_id", columns="department", values="result")
    table = table.reindex(index=people.to_numpy(), columns=list(departments))
    return table.fillna("missing")


def loop_assess(data: Dataset, rules: EligibilityRules) -> pd.DataFrame:
    """The reference: one Python loop per rule appending codes person by person."""
    people = candidates(data)
    codes: list[list[str]] = [[] for _ in range(len(people))]

    def mark(mask: np.ndarray, code: str) -> None:
        for index in np.flatnonzero(mask):
            codes[index].append(code)

    status = pivot_status(data, people["person_id"], rules.required_departments)
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


def generated(villages: int, seed: int) -> Dataset:
    """A generated district of ``villages`` villages, read as CSV text (year 2026)."""
    return make_dataset(generate_dataset(villages, seed=seed, year=2026), 2026)


RULE_VARIANTS = {
    "defaults": {},
    "strict": {
        "min_evaluation": 80.0,
        "min_party_years": 10,
        "max_age": 45,
        "min_education": "bachelor",
    },
    "lenient": {
        "party_member_required": False,
        "min_evaluation": 0.0,
        "required_departments": ("discipline", "police"),
    },
}


@pytest.mark.parametrize("variant", sorted(RULE_VARIANTS))
def test_assess_equals_the_loop_on_the_sample(sample: Dataset, rules: Rules, variant: str) -> None:
    """On the sample, every candidate's reasons and eligibility equal the loop's, per rule set."""
    chosen = replace(rules.eligibility, **RULE_VARIANTS[variant])
    pd.testing.assert_frame_equal(assess(sample, chosen), loop_assess(sample, chosen))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assess_equals_the_loop_on_generated_districts(rules: Rules, seed: int) -> None:
    """On generated districts (400 villages), reasons and eligibility equal the loop's."""
    data = generated(400, seed)
    for variant in RULE_VARIANTS.values():
        chosen = replace(rules.eligibility, **variant)
        pd.testing.assert_frame_equal(assess(data, chosen), loop_assess(data, chosen))


def vetting_data(sample: Dataset, rows: list[tuple[str, str, str]]) -> Dataset:
    """The sample with its vetting table replaced by ``rows`` (person, department, result)."""
    vetting = pd.DataFrame(rows, columns=["person_id", "department", "result"])
    vetting.insert(0, "_row", np.arange(2, len(rows) + 2))
    vetting["note"] = ""
    return replace(sample, vetting=vetting)


def test_worst_result_wins_and_unvetted_is_missing(sample: Dataset) -> None:
    """A department vetting twice gives its worst result; a person never vetted is missing."""
    first, second, third = sample.reserves["person_id"].tolist()[:3]
    data = vetting_data(
        sample,
        [
            (first, "police", "pass"),
            (first, "police", "fail"),
            (first, "court", "pending"),
            (first, "court", "pass"),
            (second, "police", "pass"),
            ("NOT-A-CANDIDATE", "police", "fail"),
            (second, "unlisted_department", "fail"),
        ],
    )
    people = pd.Series([first, second, third, first])
    status = vetting_status(data, people, ("police", "court"))
    assert status.values.tolist() == [
        ["fail", "pending"],
        ["pass", "missing"],
        ["missing", "missing"],
        ["fail", "pending"],
    ]
    assert (status.index.name, status.columns.name) == ("person_id", "department")
    pd.testing.assert_frame_equal(status, pivot_status(data, people, ("police", "court")))


def test_all_passed_marks_no_one_missing(sample: Dataset, rules: Rules) -> None:
    """When every candidate passed every department, no vetting reason is given at all."""
    people = candidates(sample)["person_id"].tolist()
    departments = rules.eligibility.required_departments
    data = vetting_data(sample, [(p, d, "pass") for p in people for d in departments])
    reasons = assess(data, rules.eligibility)["reasons"]
    assert not any(code.startswith("vetting_") for codes in reasons for code in codes)
    pd.testing.assert_frame_equal(
        assess(data, rules.eligibility), loop_assess(data, rules.eligibility)
    )


def test_no_vetting_rows_marks_everyone_missing(sample: Dataset, rules: Rules) -> None:
    """Without vetting rows, every candidate misses every required department, in order."""
    data = vetting_data(sample, [])
    reasons = assess(data, rules.eligibility)["reasons"]
    expected = [f"vetting_missing:{d}" for d in rules.eligibility.required_departments]
    assert all([c for c in codes if c.startswith("vetting_")] == expected for codes in reasons)
