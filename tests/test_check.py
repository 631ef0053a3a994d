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


# --- Every branch of the checkers fires on a plan broken on purpose (issue 13, kind 10) ----


def _with_row(plan, table: str, row: dict, drop: int | None = None):
    frame = getattr(plan, table)
    if drop is not None:
        frame = frame.drop(index=drop)
    frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
    return replace(plan, **{table: frame})


def _edited(plan, table: str, where: tuple[str, str], **values):
    frame = getattr(plan, table).copy()
    mask = frame[where[0]] == where[1]
    for column, value in values.items():
        frame.loc[mask, column] = value
    return replace(plan, **{table: frame})


MENTOR_BREAKS = [
    (
        lambda p: _with_row(p, "pairs", {**p.pairs.iloc[0].to_dict(), "mentor_id": "M02"}),
        "R01 has 2 mentors",
    ),
    (lambda p: _edited(p, "pairs", ("reserve_id", "R01"), mentor_id="M99"), "unknown people"),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), km=1.0),
        "R01-M01: km is 1, recomputed 10.200",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), score_needs=0.0, score=53.2),
        "R01-M01: score_needs is 0, recomputed 40.0000",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), score_proximity=0.0),
        "1 rows whose components do not add up to the score",
    ),
    (lambda p: replace(p, assigned=p.assigned - 1), "assigned 22 != 23 pairs"),
    (
        lambda p: replace(p, unassigned=p.unassigned.iloc[0:0]),
        "the pairs and the unassigned do not cover every reserve exactly once",
    ),
    (
        lambda p: replace(p, unassigned=p.unassigned.assign(reason=" ")),
        "an unassigned reserve has no reason",
    ),
    (lambda p: replace(p, bound=p.objective - 5), "is below the objective"),
]


@pytest.mark.parametrize(("breaking", "message"), MENTOR_BREAKS)
def test_each_mentor_rule_fires_on_a_broken_plan(
    sample, rules, mentor_plan, breaking, message
) -> None:
    """A valid mentor plan broken in one way gives that rule's violation."""
    problems = check_mentor_plan(sample, rules, breaking(mentor_plan))
    assert any(message in p for p in problems), problems


def test_same_village_cap_fires(sample, rules, mentor_plan) -> None:
    """More mentees of one mentor from one village than same_village_max is reported."""
    tight = replace(rules, mentors=replace(rules.mentors, same_village_max=1))
    problems = check_mentor_plan(sample, tight, mentor_plan)
    assert any("mentees from" in p and "limit 1" in p for p in problems), problems


@pytest.fixture(scope="module")
def backfill_plan(sample, rules):
    """The optimal backfill plan of the sample district (V01 local, V04 and V09 cross)."""
    from cadreplan.solver.backfill import plan_backfill

    return plan_backfill(sample, rules)


def _appoint(plan, village: str, person: str, route: str, km: float = 0.0, drop: str = ""):
    rows = plan.appointments
    keep = rows[rows["village_id"] != drop] if drop else rows
    template = rows.iloc[0].to_dict()
    row = {**template, "village_id": village, "person_id": person, "route": route, "km": km}
    return replace(plan, appointments=pd.concat([keep, pd.DataFrame([row])], ignore_index=True))


BACKFILL_BREAKS = [
    (lambda p: _appoint(p, "V04", "R01", "cross_village", 9.0), "R01 fills 2 posts"),
    (lambda p: _appoint(p, "V01", "R02", "local"), "post V01 has 2 appointees"),
    (lambda p: _appoint(p, "V02", "R03", "local"), "V02 is not a vacant post"),
    (lambda p: _appoint(p, "V01", "R02", "local", drop="V01"), "R02 is not eligible: police"),
    (
        lambda p: _appoint(p, "V04", "R05", "dispatched", drop="V04"),
        "R05 is not a dispatched cadre",
    ),
    (lambda p: _appoint(p, "V04", "D01", "local", drop="V04"), "D01 is not a reserve"),
    (lambda p: _appoint(p, "V04", "R07", "local", drop="V04"), "R07 is local to V03, not V04"),
    (
        lambda p: _appoint(p, "V01", "R01", "cross_village", drop="V01"),
        "R01 is marked cross-village in their own village",
    ),
    (
        lambda p: _appoint(p, "V01", "R07", "cross_village", 9.0, drop="V01"),
        "V01 is not a cross-village pilot",
    ),
    (lambda p: _appoint(p, "V04", "R07", "airlift", drop="V04"), "unknown route airlift"),
    (
        lambda p: _appoint(p, "V01", "D01", "dispatched", drop="V01"),
        "D01 reached V01 from outside although it has an eligible reserve",
    ),
    (
        lambda p: _appoint(p, "V09", "R13", "cross_village", 30.0, drop="V09"),
        "R13 lives",
    ),
    (
        lambda p: _edited(p, "appointments", ("village_id", "V04"), km=1.0),
        "R07 to V04: km is 1, recomputed 9.100",
    ),
    (
        lambda p: _edited(
            p, "appointments", ("village_id", "V01"), score_evaluation=40.0, score=87.0
        ),
        "R01 to V01: score_evaluation is 40, recomputed 32.8000",
    ),
    (
        lambda p: _edited(p, "appointments", ("village_id", "V01"), score_age=0.0),
        "1 rows whose components do not add up to the score",
    ),
    (lambda p: replace(p, objective=1.0), "objective 1.0 != sum of scores"),
    (lambda p: replace(p, priority=99), "priority 99 != recomputed 8"),
    (
        lambda p: replace(p, appointments=p.appointments.iloc[1:]),
        "appointments and unfilled posts do not cover every vacancy exactly once",
    ),
    (
        lambda p: replace(
            p,
            appointments=p.appointments.iloc[1:],
            unfilled=pd.DataFrame([{"village_id": "V01", "village_name": "x", "reason": ""}]),
        ),
        "an unfilled post has no reason",
    ),
    (lambda p: replace(p, bound=p.objective - 5), "is below the objective"),
    (
        lambda p: _appoint(p, "V04", "X9", "local", drop="V04"),
        "unknown people or posts in the plan: ['X9']",
    ),
]


@pytest.mark.parametrize(("breaking", "message"), BACKFILL_BREAKS)
def test_each_backfill_rule_fires_on_a_broken_plan(
    sample, rules, backfill_plan, breaking, message
) -> None:
    """A valid backfill plan broken in one way gives that rule's violation."""
    from cadreplan.solver.check import check_backfill_plan

    assert check_backfill_plan(sample, rules, backfill_plan) == []
    problems = check_backfill_plan(sample, rules, breaking(backfill_plan))
    assert any(message in p for p in problems), problems


def test_dispatched_when_not_allowed_fires(sample, rules, backfill_plan) -> None:
    """A dispatched appointee under allow_dispatched = false is reported."""
    from cadreplan.solver.check import check_backfill_plan

    strict = replace(rules, backfill=replace(rules.backfill, allow_dispatched=False))
    plan = _appoint(backfill_plan, "V04", "D01", "dispatched", drop="V04")
    problems = check_backfill_plan(sample, strict, plan)
    assert "D01 dispatched although allow_dispatched is false" in problems


def test_structure_target_fires(sample, rules, backfill_plan) -> None:
    """A structure target the plan misses is reported with the count needed."""
    from cadreplan.solver.check import check_backfill_plan

    structure = replace(rules.backfill.structure, min_share_women=1.0)
    strict = replace(rules, backfill=replace(rules.backfill, structure=structure))
    problems = check_backfill_plan(sample, strict, backfill_plan)
    assert any(p.startswith("structure rule min_share_women needs 3") for p in problems)


def test_given_scores_are_checked(sample_copy, rules) -> None:
    """With score tables, unlisted pairs and scores other than the given one are reported."""
    from cadreplan.solver.backfill import plan_backfill
    from cadreplan.solver.check import check_backfill_plan
    from cadreplan.solver.dataset import load_dataset

    (sample_copy / "post_scores.csv").write_text(
        "person_id,village_id,score\nR01,V01,70.25\nR07,V04,50\n", "utf-8"
    )
    (sample_copy / "pair_scores.csv").write_text(
        "reserve_id,mentor_id,score\nR01,M01,12.5\nR02,M01,3\n", "utf-8"
    )
    data = load_dataset(sample_copy, 2026)
    plan = plan_backfill(data, rules)
    assert check_backfill_plan(data, rules, plan) == []
    wrong = _edited(plan, "appointments", ("village_id", "V01"), score=71.0, score_given=71.0)
    assert "R01-V01: score 71, given 70.25" in check_backfill_plan(data, rules, wrong)
    extra = _appoint(plan, "V09", "R24", "cross_village", 10.1)
    assert "R24-V09 is not listed in post_scores" in check_backfill_plan(data, rules, extra)
    mentors = plan_mentors(data, rules)
    assert check_mentor_plan(data, rules, mentors) == []
    broken = _edited(mentors, "pairs", ("reserve_id", "R02"), score=4.0, score_given=4.0)
    assert "R02-M01: score 4, given 3" in check_mentor_plan(data, rules, broken)
    moved = _edited(mentors, "pairs", ("reserve_id", "R02"), mentor_id="M02")
    assert "R02-M02 is not listed in pair_scores" in check_mentor_plan(data, rules, moved)


def test_distances_are_computed_for_the_pairs_used_only(sample, monkeypatch) -> None:
    """The checker's Dijkstra runs once per distinct source and stops at its targets."""
    from cadreplan.solver import check_measures

    calls = []
    original = check_measures.PairDistances._dijkstra

    def counting(self, source, targets, limit):
        calls.append((source, frozenset(targets)))
        return original(self, source, targets, limit)

    monkeypatch.setattr(check_measures.PairDistances, "_dijkstra", counting)
    km = pair_distances(
        sample, pd.Series(["V01", "V01", "V12"]), pd.Series(["V03", "V02", "V07"]), limit=30
    )
    assert sorted(calls) == [("V01", frozenset({"V02", "V03"})), ("V12", frozenset({"V07"}))]
    assert km.tolist()[0] == pytest.approx(10.2) and km.tolist()[2] == pytest.approx(26.8)


# --- Rows that would tell the user something false (kind 10, more members) ----------------


def _load_edit(plan, mentor: str, **values):
    load = plan.load.copy()
    for column, value in values.items():
        load.loc[load["mentor_id"] == mentor, column] = value
    return replace(plan, load=load)


MENTOR_ROW_BREAKS = [
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), kept=False),
        "R01-M01: kept is False, but the pair is in previous_pairs",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), mentor_type="instructor"),
        "R01-M01: mentor_type is 'instructor', the data say 'subdistrict_cadre'",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), reserve_name="某人"),
        "R01-M01: reserve_name is '某人', the data say '林志鹏'",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), reserve_village="V09"),
        "R01-M01: reserve_village is 'V09', the data say 'V01'",
    ),
    (
        lambda p: _edited(p, "pairs", ("reserve_id", "R01"), mentor_village="V09"),
        "R01-M01: mentor_village is 'V09', the data say 'V03'",
    ),
    (lambda p: _load_edit(p, "M01", load=2), "mentor M01: load is 2, the pairs give 3"),
    (
        lambda p: _load_edit(p, "M01", capacity=5),
        "mentor M01: capacity is 5, the data and rules give 3",
    ),
    (
        lambda p: _load_edit(p, "M01", mentees="R01;R02"),
        "mentor M01: mentees ['R01', 'R02'] are not its pairs",
    ),
    (
        lambda p: replace(p, load=p.load.iloc[1:]),
        "the load table does not list every mentor exactly once",
    ),
]


@pytest.mark.parametrize(("breaking", "message"), MENTOR_ROW_BREAKS)
def test_a_mentor_row_that_misstates_the_data_is_caught(
    sample, rules, mentor_plan, breaking, message
) -> None:
    """A pair or load row that misstates a name, village, type, kept flag or load is caught."""
    assert check_mentor_plan(sample, rules, mentor_plan) == []
    problems = check_mentor_plan(sample, rules, breaking(mentor_plan))
    assert message in problems, problems


def _listed(plan, village: str, at: int, **values):
    frame = plan.shortlist.copy()
    mask = (frame["village_id"] == village) & (frame["rank"] == at)
    assert mask.sum() == 1
    for column, value in values.items():
        frame.loc[mask, column] = value
    return replace(plan, shortlist=frame)


def _list_extra(plan, **row):
    template = plan.shortlist.iloc[0].to_dict()
    extra = pd.DataFrame([{**template, "appointed_to": "", **row}])
    return replace(plan, shortlist=pd.concat([plan.shortlist, extra], ignore_index=True))


BACKFILL_ROW_BREAKS = [
    (
        lambda p: _edited(p, "appointments", ("village_id", "V01"), village_name="某村"),
        "R01 to V01: village_name is '某村', the data say '青山村'",
    ),
    (
        lambda p: _edited(p, "appointments", ("village_id", "V01"), name="某人"),
        "R01 to V01: name is '某人', the data say '林志鹏'",
    ),
    (
        lambda p: _edited(p, "appointments", ("village_id", "V04"), home_village="V05"),
        "R07 to V04: home_village is 'V05', the data say 'V03'",
    ),
    (
        lambda p: _edited(p, "appointments", ("village_id", "V01"), km=5.0),
        "R01 to V01: a local appointment shows 5 km",
    ),
    (
        lambda p: _listed(p, "V04", 2, person_id="R02", name="黄永强"),
        "shortlist of V04, rank 2 (R02): not eligible: police vetting is ['fail']",
    ),
    (
        lambda p: _listed(p, "V04", 2, person_id="R07", name="许静", appointed_to="V04"),
        "shortlist of V04, rank 2 (R07): the post's own appointee is listed as an alternate",
    ),
    (
        lambda p: _listed(p, "V04", 2, appointed_to="V01"),
        "shortlist of V04, rank 2 (R03): appointed_to is 'V01', the plan gives ''",
    ),
    (
        lambda p: _listed(p, "V04", 1, appointed_to=""),
        "shortlist of V04, rank 1 (R24): appointed_to is '', the plan gives 'V09'",
    ),
    (
        lambda p: _listed(p, "V04", 2, name="某人"),
        "shortlist of V04, rank 2 (R03): name is '某人', the data say '刘晓梅'",
    ),
    (
        lambda p: _listed(p, "V04", 2, route="local"),
        "shortlist of V04, rank 2 (R03): local, but lives in V02",
    ),
    (
        lambda p: _listed(p, "V04", 2, route="dispatched"),
        "shortlist of V04, rank 2 (R03): dispatched, but is a reserve",
    ),
    (
        lambda p: _listed(p, "V04", 2, route="airlift"),
        "shortlist of V04, rank 2 (R03): unknown route 'airlift'",
    ),
    (
        lambda p: _list_extra(p, village_id="V01", rank=1, person_id="R07", name="许静"),
        "shortlist of V01, rank 1 (R07): from outside although V01 has an eligible reserve",
    ),
    (
        lambda p: _list_extra(p, village_id="V02", rank=1, person_id="R07", name="许静"),
        "shortlist of V02, rank 1 (R07): V02 is not a vacant post",
    ),
    (
        lambda p: _list_extra(p, village_id="V09", rank=4, person_id="X9"),
        "shortlist of V09: unknown person X9",
    ),
    (
        lambda p: _listed(p, "V04", 3, rank=5),
        "shortlist of V04: ranks [1, 2, 5], not 1 to at most 3",
    ),
    (
        lambda p: _list_extra(p, village_id="V04", rank=4, person_id="R11", name="曾凡", score=1),
        "shortlist of V04: ranks [1, 2, 3, 4], not 1 to at most 3",
    ),
    (
        lambda p: _listed(p, "V04", 3, score=99.0),
        "shortlist of V04: scores do not fall with the rank",
    ),
    (
        lambda p: _listed(p, "V04", 3, score=80.0),
        "shortlist of V04, rank 3 (R11): score 80, recomputed 85.40",
    ),
    (
        lambda p: _listed(p, "V04", 3, person_id="R03", name="刘晓梅", score=86.2),
        "shortlist of V04: a person is listed twice",
    ),
]


@pytest.mark.parametrize(("breaking", "message"), BACKFILL_ROW_BREAKS)
def test_an_appointment_or_shortlist_row_that_misstates_the_data_is_caught(
    sample, rules, backfill_plan, breaking, message
) -> None:
    """An appointment or shortlist row that misstates the data or breaks a candidate rule."""
    from cadreplan.solver.check import check_backfill_plan

    assert check_backfill_plan(sample, rules, backfill_plan) == []
    problems = check_backfill_plan(sample, rules, breaking(backfill_plan))
    assert message in problems, problems


def test_eligibility_check_words_twice_vetted_and_missing_departments(sample, rules) -> None:
    """A department vetting twice is named with both results; an absent one as missing."""
    from cadreplan.solver.check import EligibilityCheck

    vetting = sample.vetting
    mine = vetting[vetting["person_id"] == "R01"]
    assert set(mine["department"]) >= {"police", "court"}
    again = mine[mine["department"] == "police"].assign(result="fail")
    edited = pd.concat(
        [vetting[~((vetting["person_id"] == "R01") & (vetting["department"] == "court"))], again],
        ignore_index=True,
    )
    check = EligibilityCheck(replace(sample, vetting=edited), rules, ["R01"])
    problems = check.problems("R01")
    assert "police vetting is ['fail', 'pass']" in problems
    assert "court vetting is missing" in problems
    assert EligibilityCheck(sample, rules, ["R01"]).problems("R01") == []
