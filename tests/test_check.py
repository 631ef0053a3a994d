"""Tests of the independent checkers: valid plans pass, every broken rule is caught."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from cadreplan.solver.check import check_mentor_plan, pair_distances
from cadreplan.solver.mentors import plan_mentors


@pytest.fixture(scope="module")
def mentor_plan(sample, rules):
    """The optimal mentor plan of the sample district."""
    return plan_mentors(sample, rules)


def tamper(plan, **changes):
    pairs = plan.pairs.copy()
    for column, (row, value) in changes.items():
        pairs.loc[row, column] = value
    return replace(plan, pairs=pairs)


def test_valid_plan_passes(sample, rules, mentor_plan) -> None:
    """The model's own plan has no violation."""
    assert check_mentor_plan(sample, rules, mentor_plan) == []


def test_over_capacity_is_caught(sample, rules, mentor_plan) -> None:
    """Giving a full mentor one more mentee is reported as over capacity."""
    row = mentor_plan.pairs.index[mentor_plan.pairs["mentor_id"] != "M03"][0]
    problems = check_mentor_plan(sample, rules, tamper(mentor_plan, mentor_id=(row, "M03")))
    assert any("capacity 2" in p for p in problems)


def test_conflict_is_caught(sample, rules, mentor_plan) -> None:
    """Pairing R03 with M03 (kin) is reported."""
    row = mentor_plan.pairs.index[mentor_plan.pairs["reserve_id"] == "R03"][0]
    problems = check_mentor_plan(sample, rules, tamper(mentor_plan, mentor_id=(row, "M03")))
    assert "R03-M03 are in conflict" in problems


def test_distance_and_type_are_caught(sample, rules, mentor_plan) -> None:
    """Pairing the remote weak_lax reserve R13 with an instructor breaks two rules."""
    pairs = pd.concat(
        [
            mentor_plan.pairs,
            pd.DataFrame([{"reserve_id": "R13", "mentor_id": "M09", "score": 0.0}]),
        ],
        ignore_index=True,
    )
    plan = replace(mentor_plan, pairs=pairs)
    problems = check_mentor_plan(sample, rules, plan)
    assert any(p.startswith("R13-M09 is") and "km apart" in p for p in problems)
    assert "R13 of a weak_lax village has a instructor" in problems
    assert any("cover every reserve" in p for p in problems)


def test_wrong_objective_is_caught(sample, rules, mentor_plan) -> None:
    """A reported objective that is not the sum of the scores is reported."""
    problems = check_mentor_plan(sample, rules, replace(mentor_plan, objective=1.0))
    assert any(p.startswith("objective 1.0") for p in problems)


def test_pair_distances_are_road_distances(sample) -> None:
    """V12 to V07 is the single 26.8 km road; V01 to V03 goes through V02 (5.7 + 4.5)."""
    km = pair_distances(sample, pd.Series(["V12", "V01"]), pd.Series(["V07", "V03"]))
    assert km.tolist() == pytest.approx([26.8, 10.2])
