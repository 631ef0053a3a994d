"""The review's independent checkers pass good plans and catch each rule broken on purpose."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from cadreplan.solver.check_review import check_rating_plan, check_reserve_plan
from cadreplan.solver.ratings import plan_ratings
from cadreplan.solver.reserves import plan_reserves


def _set(frame: pd.DataFrame, person: str, **values) -> pd.DataFrame:
    out = frame.copy()
    for column, value in values.items():
        out.loc[out["person_id"] == person, column] = value
    return out


def _admit(plan, person: str):
    """The plan with a nominee also marked admitted, in both tables."""
    nominees = _set(plan.nominees, person, status="admitted", reason_code="admitted")
    row = nominees[nominees["person_id"] == person]
    return replace(plan, nominees=nominees, pool=pd.concat([plan.pool, row], ignore_index=True))


BROKEN_RESERVE_PLANS = {
    "a reserve who breaks a rule is kept": (
        lambda p: replace(p, pool=_set(p.pool, "R20", status="kept", reason_code="kept")),
        "reserve R20 is kept but breaks evaluation_below",
    ),
    "an eligible reserve leaves for a rule it meets": (
        lambda p: replace(p, pool=_set(p.pool, "R01", status="left", reason_code="age_over")),
        "reserve R01 left for ['age_over'], the rules say []",
    ),
    "a leave names the wrong rule": (
        lambda p: replace(p, pool=_set(p.pool, "R23", reason_code="evaluation_below")),
        "reserve R23 left for ['evaluation_below'], the rules say ['age_over']",
    ),
    "a surplus with no cap": (
        lambda p: replace(p, pool=_set(p.pool, "R08", status="left", reason_code="surplus")),
        "V03: 2 kept of 3 eligible (cap 3)",
    ),
    "a reserve missing from the pool": (
        lambda p: replace(p, pool=p.pool[p.pool["person_id"] != "R05"]),
        "reserve R05 is listed 0 times in the pool",
    ),
    "an ineligible nominee admitted": (
        lambda p: _admit(p, "N04"),
        "nominee N04 admitted but breaks age_over",
    ),
    "a nominee admitted beyond the shortfall": (
        lambda p: _admit(p, "N06"),
        "V01: 2 admitted for a shortfall of 1",
    ),
    "a nominee admitted with no shortfall": (
        lambda p: _admit(p, "N07"),
        "V03: 1 admitted for a shortfall of 0",
    ),
    "ratio arithmetic off": (
        lambda p: replace(p, ratio=_village(p.ratio, "V04", after=1)),
        "V04: after 1 != 2",
    ),
    "target wrong": (
        lambda p: replace(p, ratio=_village(p.ratio, "V05", target=3)),
        "V05: target 3 != 2",
    ),
    "objective off": (
        lambda p: replace(p, objective=p.objective + 1),
        "objective 324.0 != total evaluation admitted 323.0",
    ),
    "priority off": (
        lambda p: replace(p, priority=p.priority - 1),
        "priority 12 != recomputed 13",
    ),
    "a lower nominee admitted over a higher one": (
        lambda p: _swap(p, "N05", "N06"),
        "V01: an admitted nominee (76.0) ranks below 81.0",
    ),
    "a row without a reason": (
        lambda p: replace(p, nominees=_set(p.nominees, "N07", reason=" ")),
        "a row has no reason",
    ),
}


def _village(frame: pd.DataFrame, village: str, **values) -> pd.DataFrame:
    out = frame.copy()
    for column, value in values.items():
        out.loc[out["village_id"] == village, column] = value
    return out


def _swap(plan, admitted: str, other: str):
    nominees = _set(plan.nominees, admitted, status="not_admitted", reason_code="outranked")
    nominees = _set(nominees, other, status="admitted", reason_code="admitted")
    pool = plan.pool[plan.pool["person_id"] != admitted]
    pool = pd.concat([pool, nominees[nominees["person_id"] == other]], ignore_index=True)
    return replace(plan, nominees=nominees, pool=pool, objective=plan.objective - 5)


@pytest.mark.parametrize("case", sorted(BROKEN_RESERVE_PLANS))
def test_reserve_checker_catches(case, sample, rules) -> None:
    """Each rule of the review, broken on purpose in the sample's plan, is reported."""
    plan = plan_reserves(sample, rules)
    assert check_reserve_plan(sample, rules, plan) == []
    breaking, message = BROKEN_RESERVE_PLANS[case]
    assert message in check_reserve_plan(sample, rules, breaking(plan))


def test_reserve_checker_catches_a_broken_structure_target(sample, rules) -> None:
    """A plan that misses a structure target is reported with the counts."""
    review = replace(
        rules.reserves, structure=replace(rules.reserves.structure, min_share_women=0.55)
    )
    strict = replace(rules, reserves=review)
    plan = plan_reserves(sample, rules)  # made without the target: 12 women of 23
    assert "structure target min_share_women = 0.55: 12 of 23 in the pool" in check_reserve_plan(
        sample, strict, plan
    )


def test_reserve_checker_catches_a_wrong_surplus(sample, rules) -> None:
    """With a cap of 2, keeping the lowest evaluation instead of a higher one is reported."""
    tight = replace(rules, reserves=replace(rules.reserves, max_per_village=2))
    plan = plan_reserves(sample, tight)
    pool = _set(plan.pool, "R08", status="kept", reason_code="kept")
    pool = _set(pool, "R06", status="left", reason_code="surplus")
    assert "V03: a surplus reserve (85.0) outranks a kept one (68.0)" in check_reserve_plan(
        sample, tight, replace(plan, pool=pool)
    )


BROKEN_RATINGS = {
    "more 好 than the cap": (
        lambda p: replace(
            p, ratings=_set(_set(p.ratings, "S03", rating="excellent"), "S08", rating="excellent")
        ),
        "district: 2 rated excellent for a cap of 1",
    ),
    "a tied group split by lottery": (
        lambda p: replace(p, ratings=_set(p.ratings, "S03", rating="excellent")),
        "S03: rated 'excellent', the rules give 'good'",
    ),
    "a veto ignored": (
        lambda p: replace(p, ratings=_set(p.ratings, "S07", rating="good")),
        "S07: rated 'good', the rules give 'poor'",
    ),
    "a threshold ignored": (
        lambda p: replace(p, ratings=_set(p.ratings, "S12", rating="good")),
        "S12: rated 'good', the rules give 'fair'",
    ),
    "a not assessed secretary rated": (
        lambda p: replace(p, ratings=_set(p.ratings, "S09", rating="fair")),
        "S09: rated 'fair', the rules give ''",
    ),
    "差 not marked to_adjust": (
        lambda p: replace(p, secretaries_next=_set(p.secretaries_next, "S07", status="in_post")),
        "S07: next status in_post != to_adjust",
    ),
    "a secretary dropped from the next roster": (
        lambda p: replace(p, secretaries_next=p.secretaries_next.iloc[1:]),
        "secretaries_next does not keep every secretary",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RATINGS))
def test_rating_checker_catches(case, sample, rules) -> None:
    """Each rating rule, broken on purpose in the sample's ratings, is reported."""
    plan = plan_ratings(sample, rules)
    assert check_rating_plan(sample, rules, plan) == []
    breaking, message = BROKEN_RATINGS[case]
    problems = check_rating_plan(sample, rules, breaking(plan))
    assert any(message in p for p in problems), problems
