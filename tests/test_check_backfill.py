"""Tests of the backfill checker's one reading of the people a plan names."""

from __future__ import annotations

import gc
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from helpers import make_dataset

from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check import EligibilityCheck, check_backfill_plan
from cadreplan.solver.check_measures import EDUCATION_FACTORS, fit_components, named_people
from cadreplan.solver.dataset import Dataset
from cadreplan.solver.generate import generate_dataset
from cadreplan.solver.rules import Rules, load_rules


@pytest.fixture(scope="module")
def district() -> Dataset:
    """A generated 600-village district (reserves, dispatched cadres, roads)."""
    return make_dataset(generate_dataset(600, seed=3, year=2026))


def row_by_row_fit(data: Dataset, rules: Rules, rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """The fit components one row at a time, as the checker computed them before."""
    fit, e = rules.backfill.fit, rules.eligibility
    everyone = pd.concat(
        [data.reserves.assign(_reserve=True), data.dispatched.assign(_reserve=False)],
        ignore_index=True,
    )
    people = {record["person_id"]: record for record in everyone.to_dict("records")}
    out: dict[str, list[float]] = {k: [] for k in ("evaluation", "education", "age", "source")}
    out["route"] = []
    for person, route in zip(rows["person_id"], rows["route"], strict=True):
        record = people[person]
        evaluation = record["evaluation"]
        evaluation = fit.missing_evaluation if pd.isna(evaluation) else float(evaluation)
        out["evaluation"].append(fit.evaluation * evaluation / 100)
        out["education"].append(fit.education * EDUCATION_FACTORS.get(record["education"], 0.0))
        age = data.year - int(record["birth_year"])
        if age < fit.peak_age_min:
            factor = (age - e.min_age) / max(fit.peak_age_min - e.min_age, 1)
        elif age > fit.peak_age_max:
            factor = (e.max_age - age) / max(e.max_age - fit.peak_age_max, 1)
        else:
            factor = 1.0
        out["age"].append(fit.age * min(max(factor, 0.0), 1.0))
        source = record.get("source") if record["_reserve"] else None
        out["source"].append(
            float(fit.source_bonus.get(source, 0)) if isinstance(source, str) else 0.0
        )
        out["route"].append(float(fit.route_bonus.get(route, 0)))
    return {name: np.array(values, dtype=float) for name, values in out.items()}


def test_fit_components_equal_the_row_by_row_formula(district) -> None:
    """Column-wise fit components equal, bit for bit, the row-by-row ones on every person."""
    rules = load_rules()
    everyone = pd.concat([district.reserves, district.dispatched], ignore_index=True)
    routes = np.array(["local", "cross_village", "dispatched", "unknown"], dtype=object)
    rows = pd.DataFrame(
        {
            "person_id": everyone["person_id"],
            "route": routes[np.arange(len(everyone)) % len(routes)],
        }
    )
    expected = row_by_row_fit(district, rules, rows)
    for people in (None, named_people(district, rows["person_id"])):
        got = fit_components(district, rules, rows, people)
        assert list(got) == list(expected)
        for name, values in expected.items():
            assert np.array_equal(got[name], values), name


def test_named_people_are_the_tables_rows_reserves_first(district) -> None:
    """The named people are the rows of each table with those ids, reserves first."""
    ids = [*district.dispatched["person_id"][:3], *district.reserves["person_id"][::7], "nobody"]
    named = named_people(district, ids)
    reserves = district.reserves[district.reserves["person_id"].isin(ids)]
    dispatched = district.dispatched[district.dispatched["person_id"].isin(ids)]
    assert named["person_id"].tolist() == [*reserves["person_id"], *dispatched["person_id"]]
    assert named["_reserve"].tolist() == [True] * len(reserves) + [False] * len(dispatched)
    assert named["birth_year"].tolist() == [*reserves["birth_year"], *dispatched["birth_year"]]


def test_eligibility_from_the_named_people_equals_reading_the_tables(district) -> None:
    """Every person's eligibility problems are the same read from the named people frame."""
    rules = load_rules()
    strict = replace(rules, eligibility=replace(rules.eligibility, min_evaluation=85))
    ids = [*district.reserves["person_id"][::3], *district.dispatched["person_id"]]
    for rule_set in (rules, strict):
        plain = EligibilityCheck(district, rule_set, ids)
        shared = EligibilityCheck(district, rule_set, ids, named_people(district, ids))
        verdicts = [plain.problems(person) for person in ids]
        assert verdicts == [shared.problems(person) for person in ids]
        assert any(verdicts) and not all(verdicts)


def test_generated_plan_passes_and_a_broken_one_is_named(district) -> None:
    """A generated district's plan passes; an appointment with a wrong route score is named."""
    rules = load_rules()
    plan = plan_backfill(district, rules)
    assert check_backfill_plan(district, rules, plan) == []
    rows = plan.appointments.copy()
    local = int(np.flatnonzero((rows["route"] == "local").to_numpy())[0])
    rows.loc[local, "score_route"] = rows.loc[local, "score_route"] + 1
    problems = check_backfill_plan(district, rules, replace(plan, appointments=rows))
    person, village = rows.loc[local, "person_id"], rows.loc[local, "village_id"]
    assert any(p.startswith(f"{person} to {village}: score_route is") for p in problems)


def test_the_checker_leaves_the_cycle_collector_as_it_found_it(district) -> None:
    """The verdict is the same with the collector on or off, and its state is restored."""
    rules = load_rules()
    plan = plan_backfill(district, rules)
    broken = replace(plan, objective=plan.objective + 1)
    was_enabled = gc.isenabled()
    try:
        verdicts = []
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            verdicts.append(
                (
                    check_backfill_plan(district, rules, plan),
                    check_backfill_plan(district, rules, broken),
                )
            )
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert verdicts[0] == verdicts[1]
    assert verdicts[0][0] == [] and any("objective" in p for p in verdicts[0][1])
