"""Tests of the structured reasons and the tie rule (solver/explain.py)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import make_dataset
from helpers_lang import english_words
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check import check_backfill_plan, check_mentor_plan
from cadreplan.solver.explain import (
    Reason,
    describe_ineligible,
    eligibility_text,
    prefer_fewer_options_mentors,
    prefer_fewer_options_posts,
)
from cadreplan.solver.mentors import plan_mentors
from cadreplan.solver.network import SolveOptions
from cadreplan.solver.rules import load_rules

DEPARTMENTS = ["discipline", "police", "court", "procuratorate", "civil_affairs", "petition"]


def _reserves(ids: list[str], village: str = "V1") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ids,
            "name": [f"人{i}" for i in range(len(ids))],
            "village_id": village,
            "birth_year": 1990,
            "education": "college",
        }
    )


def _mentors(ids: list[str], capacity: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ids,
            "name": [f"师{i}" for i in range(len(ids))],
            "type": "instructor",
            "village_id": "V1",
            "capacity": capacity,
        }
    )


def _one_village() -> pd.DataFrame:
    return pd.DataFrame({"village_id": ["V1"], "name": ["甲村"], "town": "T"})


def test_every_mentor_in_reach_is_counted_and_the_cut_list_says_how_many_more() -> None:
    """With no distances, a reserve among 60 full mentors is told 60, not the first few."""
    mentors = [f"M{i:02d}" for i in range(1, 61)]
    reserves = [f"R{i:02d}" for i in range(1, 62)]
    data = make_dataset(
        {"villages": _one_village(), "reserves": _reserves(reserves), "mentors": _mentors(mentors)}
    )
    plan = plan_mentors(data, load_rules())
    assert plan.assigned == 60
    assert check_mentor_plan(data, load_rules(), plan) == []
    row = plan.unassigned.iloc[0]
    assert row["reason_code"] == "lost_tie"
    reason = row["reason"]
    assert reason.startswith(
        "60 mentor(s) in reach, all at capacity (师0 (M01), 师1 (M02), 师2 (M03), 师3 (M04), "
        "师4 (M05), 师5 (M06), 师6 (M07), 师7 (M08) and 52 more)"
    )
    assert "and 54 more, since pairing this reserve" in reason
    assert "this reserve's best available score: 0, with 师0 (M01)" in reason
    assert "as many mentors in reach (60)" in reason
    assert "then the reserve listed first in the roster is paired first" in reason
    zh = plan.reasons[0].render("zh")
    assert "可结对的 60 名导师均已满额" in zh and "另有 52 名" in zh and "另有 52 个" not in zh
    assert "本人可得的最高分：与师0（M01）结对 0 分" in zh
    assert english_words(zh) == []


def _tie_district() -> tuple:
    """R1 may pair only M1, R3 only M2, R2 either, all at the same score: one is left out."""
    pair_scores = pd.DataFrame(
        {
            "reserve_id": ["R1", "R2", "R2", "R3"],
            "mentor_id": ["M1", "M1", "M2", "M2"],
            "score": [10, 10, 10, 10],
        }
    )
    data = make_dataset(
        {
            "villages": _one_village(),
            "reserves": _reserves(["R1", "R2", "R3"]),
            "mentors": _mentors(["M1", "M2"]),
            "pair_scores": pair_scores,
        }
    )
    return data, load_rules()


@pytest.mark.parametrize("solver", ["flow", "cpsat"])
def test_mentor_tie_goes_to_the_reserve_with_fewer_options(solver: str) -> None:
    """Equal scores: the reserve with two mentors in reach waits, and the reason says why."""
    data, rules = _tie_district()
    plan = plan_mentors(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert plan.assigned == 2
    assert plan.objective == pytest.approx(20)
    assert plan.unassigned["reserve_id"].tolist() == ["R2"]
    assert check_mentor_plan(data, rules, plan) == []
    reason = plan.unassigned["reason"].iloc[0]
    assert plan.unassigned["reason_code"].iloc[0] == "lost_tie"
    assert "where scores are equal, the reserve with fewer mentors in reach is paired first" in (
        reason
    )
    assert "(人0 (R1): 1, this reserve: 2)" in reason or "(人2 (R3): 1, this reserve: 2)" in reason
    assert "同分时可结对导师较少者优先" in plan.reasons[0].render("zh")


def test_mentor_exchange_keeps_the_weight_and_frees_the_reserve_with_more_options() -> None:
    """From a plan that leaves R1 out, one exchange gives M1 to R1 and leaves R2 out."""
    arcs = pd.DataFrame(
        {"reserve": [0, 1, 1, 2], "mentor": [0, 0, 1, 1], "weight": [1000, 1000, 1000, 1000]}
    )
    chosen = np.array([False, True, False, True])  # R2-M1, R3-M2: R1 (one option) left out
    mask, swaps = prefer_fewer_options_mentors(arcs, chosen, np.zeros(3, dtype=np.int64), 0)
    assert swaps == 1
    assert mask.tolist() == [True, False, False, True]
    assert arcs["weight"][mask].sum() == arcs["weight"][chosen].sum()


def test_mentor_exchange_respects_same_village_max() -> None:
    """No exchange that would put more reserves of one village with a mentor than allowed."""
    arcs = pd.DataFrame({"reserve": [0, 1, 1, 2], "mentor": [0, 0, 1, 0], "weight": [5] * 4})
    chosen = np.array([False, True, False, True])  # M1 (cap 2) holds R2 (V1) and R3 (V0)
    villages = np.array([0, 1, 0])
    # R3 stands before R1 (same options, same village), so only R2's place could go to R1,
    # and that would give M1 two reserves of V0.
    standing = np.array([2, 1, 0])
    mask, swaps = prefer_fewer_options_mentors(arcs, chosen, villages, 1, standing=standing)
    assert swaps == 0 and mask.tolist() == chosen.tolist()
    # By roster order R1 stands before R3 of the same village: that exchange is allowed.
    mask, swaps = prefer_fewer_options_mentors(arcs, chosen, villages, 1)
    assert swaps == 1 and mask.tolist() == [True, True, False, False]


def _exchanges_by_scanning(arcs, chosen, villages, same_village_max, standing):
    """The tie rule's exchanges by the plain scan: every held arc of every candidate mentor,
    the waiting reserves kept as a sorted list (the reference for the indexed version)."""
    mask = chosen.copy()
    reserve, mentor, weight = (arcs[c].to_numpy() for c in ("reserve", "mentor", "weight"))
    count = int(reserve.max()) + 1
    bounds = np.searchsorted(reserve, np.arange(count + 1))
    options = np.diff(bounds)
    order = np.lexsort((np.arange(count), standing[:count], options))
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    holder = {int(reserve[a]): a for a in np.flatnonzero(mask)}
    waiting = sorted((rank[u], u) for u in range(count) if u not in holder and options[u] > 0)
    while waiting:
        _, u = waiting.pop(0)
        if u in holder:
            continue
        best = None
        for a in range(bounds[u], bounds[u + 1]):
            for held in sorted(h for h in holder.values() if mentor[h] == mentor[a]):
                t = int(reserve[held])
                if weight[held] != weight[a] or rank[t] <= rank[u]:
                    continue
                same = sum(
                    1
                    for h in holder.values()
                    if mentor[h] == mentor[a] and villages[reserve[h]] == villages[u]
                )
                if same_village_max and villages[u] != villages[t] and same >= same_village_max:
                    continue
                if best is None or rank[t] > rank[best[1]]:
                    best = (a, t, held)
        if best is not None:
            a, t, held = best
            mask[held], mask[a] = False, True
            del holder[t]
            holder[u] = a
            waiting = sorted([*waiting, (rank[t], t)])
    return mask


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 9),
    st.integers(1, 4),
    st.integers(0, 2),
)
def test_mentor_exchanges_equal_the_plain_scan(seed, reserves, mentors, same_village_max) -> None:
    """The indexed tie rule makes exactly the exchanges of the plain scan over every holder."""
    rng = np.random.default_rng(seed)
    pairs = [(r, m) for r in range(reserves) for m in range(mentors) if rng.random() < 0.6]
    if not pairs:
        return
    arcs = pd.DataFrame(pairs, columns=["reserve", "mentor"])
    arcs["weight"] = rng.integers(1, 3, len(arcs)) * 100  # many exact ties
    villages = rng.integers(0, 3, reserves)
    standing = rng.permutation(reserves)
    # A feasible plan: each mentor takes up to two of its arcs, one per reserve.
    chosen = np.zeros(len(arcs), dtype=bool)
    taken: set[int] = set()
    load = dict.fromkeys(range(mentors), 0)
    for i in rng.permutation(len(arcs)).tolist():
        r, m = pairs[i]
        if r not in taken and load[m] < 2:
            chosen[i], load[m] = True, load[m] + 1
            taken.add(r)
    if same_village_max:
        per = pd.Series(villages[arcs["reserve"][chosen]]).groupby(
            arcs["mentor"][chosen].to_numpy()
        )
        if (per.value_counts() > same_village_max).any():
            return  # the plan itself breaks the village limit: not a solver's plan
    mask, _ = prefer_fewer_options_mentors(
        arcs, chosen, villages, same_village_max, standing=standing
    )
    expected = _exchanges_by_scanning(arcs, chosen, villages, same_village_max, standing)
    assert mask.tolist() == expected.tolist()


def _dispatched_district(villages: pd.DataFrame, fits: dict[str, list[str]]) -> tuple:
    """Vacant ``villages`` with dispatched cadres only, each fitting the villages in ``fits``
    at the same score (50), every vetting passed."""
    people = list(fits)
    dispatched = pd.DataFrame(
        {
            "person_id": people,
            "name": ["张三", "李四", "王五"][: len(people)],
            "unit": "局",
            "birth_year": 1985,
            "education": "bachelor",
            "party_since": 2010,
        }
    )
    vetting = pd.DataFrame(
        [(p, d, "pass") for p in people for d in DEPARTMENTS],
        columns=["person_id", "department", "result"],
    )
    pairs = [(p, v) for p, places in fits.items() for v in places]
    post_scores = pd.DataFrame(pairs, columns=["person_id", "village_id"]).assign(score=50)
    data = make_dataset(
        {
            "villages": villages,
            "dispatched": dispatched,
            "vetting": vetting,
            "post_scores": post_scores,
            "reserves": pd.DataFrame(
                columns=["person_id", "name", "village_id", "birth_year", "education"]
            ),
        }
    )
    return data, load_rules()


def _posts_district() -> tuple:
    """Three vacant posts; D1 fits V1 and V2, D2 fits V2 and V3, all equal: one stays empty."""
    villages = pd.DataFrame(
        {"village_id": ["V1", "V2", "V3"], "name": ["甲村", "乙村", "丙村"], "town": "T"}
    )
    return _dispatched_district(villages, {"D1": ["V1", "V2"], "D2": ["V2", "V3"]})


@pytest.mark.parametrize("solver", ["flow", "cpsat"])
def test_post_tie_goes_to_the_post_with_fewer_candidates(solver: str) -> None:
    """Equal fits and priorities: the post with two candidates stays empty, and says why."""
    data, rules = _posts_district()
    plan = plan_backfill(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert plan.filled == 2
    assert plan.unfilled["village_id"].tolist() == ["V2"]
    assert check_backfill_plan(data, rules, plan) == []
    assert plan.unfilled["reason_code"].iloc[0] == "post_lost_tie"
    reason = plan.unfilled["reason"].iloc[0]
    assert "where fits are equal, the post with fewer candidates is filled first" in reason
    assert "this post: 2)" in reason
    zh = plan.reasons[0].render("zh")
    assert "同分时人选较少的岗位优先" in zh
    assert english_words(zh) == []


def test_post_move_keeps_the_person_and_the_weight() -> None:
    """A move from a post with more candidates to one with fewer keeps the appointee."""
    pairs = pd.DataFrame(
        {"person": [0, 0, 1, 1], "post": [0, 1, 1, 2], "weight": [7, 7, 7, 7], "route": "x"}
    )
    chosen = pairs.iloc[[1, 3]]  # D1 at V2, D2 at V3: V1 (one candidate) empty
    options = np.array([1, 2, 1])

    def candidates_of(post: int) -> pd.DataFrame:
        return pairs[pairs["post"] == post]

    moved, moves = prefer_fewer_options_posts(chosen, candidates_of, [0], options, np.ones(3))
    assert moves == 1
    assert sorted(moved["post"].tolist()) == [0, 2]
    assert sorted(moved["person"].tolist()) == [0, 1]


def test_eligibility_codes_are_worded_in_both_languages() -> None:
    """Eligibility codes read as words, counted over people, in English and Chinese."""
    assert (
        eligibility_text(["vetting_fail:police", "age_over"], "zh")
        == "公安联审不通过、超过年龄上限"
    )
    assert eligibility_text(["vetting_fail:police"], "en") == "failed vetting (police)"
    people = [("vetting_fail:police",), ("vetting_fail:court",), ("age_over",)]
    assert describe_ineligible(people, "en") == "2 failed vetting (police, court), 1 over age"
    assert describe_ineligible(people, "zh") == "2 人联审不通过（公安、法院）、1 人超过年龄上限"


def test_reason_without_parts_renders_its_headline() -> None:
    """A reason with a code and parameters renders the catalogue's message for it."""
    reason = Reason("no_mentor_in_reach", {"max_km": 30.0, "nearest": ("M05", 34.66)})
    assert reason.render("en") == "no mentor within 30 km (nearest: M05 at 34.7 km)"
    assert reason.render("zh") == "30 公里内没有导师（最近的是M05，34.7 公里）"


QINGXI = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"
GENERATED_ID = re.compile(r"[A-Z]-[0-9a-f]{8}")


@pytest.mark.skipif(not QINGXI.exists(), reason="shared/forms/qingxi is not beside the clone")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reasons_on_office_forms_name_every_person(lang: str) -> None:
    """On the office forms (people get generated ids such as M-2e6d20dd), every id a reason
    mentions comes after that person's name, in brackets."""
    from cadreplan.solver.dataset import load_dataset

    data = load_dataset(QINGXI, 2026)
    names = dict(zip(data.reserves["person_id"], data.reserves["name"], strict=True))
    names.update(zip(data.mentors["person_id"], data.mentors["name"], strict=True))
    plan = plan_mentors(data, load_rules())
    texts = [reason.render(lang) for reason in plan.reasons]
    assert texts and any(GENERATED_ID.search(text) for text in texts)
    open_bracket = "（" if lang == "zh" else " ("
    for text in texts:
        for found in GENERATED_ID.finditer(text):
            ident = found.group(0)
            assert f"{names[ident]}{open_bracket}{ident}" in text, text


@pytest.mark.parametrize("seed", [1, 2])
def test_reasons_read_back_from_json_render_the_same_in_both_languages(seed: int) -> None:
    """Every reason of a tight district, stored as JSON (summary.json) and read back, words
    exactly as the original in English and in Chinese (the web page rewords stored runs)."""
    import dataclasses
    import json

    from cadreplan.cli.render.output import to_json
    from cadreplan.solver.explain import reasons_from_record, reasons_record
    from cadreplan.solver.generate import generate_dataset

    data = make_dataset(generate_dataset(120, seed=seed, year=2026))
    rules = load_rules()
    tight = dataclasses.replace(
        rules, mentors=dataclasses.replace(rules.mentors, capacity=1, max_km=8.0)
    )
    mentors = plan_mentors(data, tight)
    backfill = plan_backfill(data, tight)
    codes = set()
    for frame, reasons in (
        (mentors.unassigned, mentors.reasons),
        (backfill.unfilled, backfill.reasons),
    ):
        stored = json.loads(to_json(reasons_record(frame, reasons)))
        assert [row[frame.columns[0]] for row in stored["rows"]] == frame.iloc[:, 0].tolist()
        if reasons:  # only the names the reasons mention, not the district's
            assert 0 < len(stored["names"]) < len(reasons[0].names)
        for original, again in zip(reasons, reasons_from_record(stored), strict=True):
            codes.add(again.code)
            for lang in ("en", "zh"):
                assert again.render(lang) == original.render(lang)
    assert len(codes) >= 3


def _one_mentor_two_reserves(evaluation, birth_year, birth_month, order) -> tuple:
    """R1 and R2 can pair only M1 (one place), at the same score; rows in ``order``."""
    reserves = _reserves(["R1", "R2"]).assign(
        evaluation=evaluation, birth_year=birth_year, birth_month=birth_month
    )
    reserves = reserves.iloc[list(order)].reset_index(drop=True)
    pair_scores = pd.DataFrame({"reserve_id": ["R1", "R2"], "mentor_id": ["M1", "M1"], "score": 10})
    data = make_dataset(
        {
            "villages": _one_village(),
            "reserves": reserves,
            "mentors": _mentors(["M1"]),
            "pair_scores": pair_scores,
        }
    )
    return data, load_rules()


@pytest.mark.parametrize("solver", ["flow", "cpsat"])
@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
@pytest.mark.parametrize(
    ("evaluation", "birth_year", "birth_month", "paired", "step", "zh"),
    [
        (
            [70.0, 90.0],
            [1990, 1990],
            [5, 5],
            "R2",
            "the higher performance evaluation",
            "履职评估较高者优先",
        ),
        (
            [80.0, np.nan],
            [1990, 1980],
            [5, 5],
            "R1",
            "the higher performance evaluation",
            "本人：—",
        ),
        ([80.0, 80.0], [1988, 1992], [5, 5], "R2", "the younger reserve", "此时年轻者优先"),
        ([80.0, 80.0], [1990, 1990], [3, 11], "R2", "born 1990.11", "1990.11 出生"),
        (
            [80.0, 80.0],
            [1990, 1990],
            [5, 5],
            "first",
            "listed first in the roster",
            "花名册中排序在前",
        ),
    ],
)
def test_an_exact_tie_is_settled_by_evaluation_then_age_then_roster_order(
    solver, order, evaluation, birth_year, birth_month, paired, step, zh
) -> None:
    """Same score and as many options: the higher evaluation, then the younger, then the
    reserve listed first is paired, whichever solver and whatever the ids; the reason says
    which step decided (a missing evaluation counts as the lowest)."""
    data, rules = _one_mentor_two_reserves(evaluation, birth_year, birth_month, order)
    plan = plan_mentors(data, rules, SolveOptions(solver=solver, time_limit=10))
    first = data.reserves["person_id"].iat[0]
    expected = first if paired == "first" else paired
    assert plan.pairs["reserve_id"].tolist() == [expected]
    assert check_mentor_plan(data, rules, plan) == []
    assert plan.unassigned["reason_code"].tolist() == ["lost_tie"]
    reason = plan.unassigned["reason"].iloc[0]
    assert step in reason and "solver's choice" not in reason
    rendered = plan.reasons[0].render("zh")
    assert zh in rendered and "求解器" not in rendered
    assert english_words(rendered) == []


@pytest.mark.parametrize("solver", ["flow", "cpsat"])
@pytest.mark.parametrize(
    ("population", "filled", "step"),
    [
        ([800, 2400], "V2", "the village with the larger population is filled first"),
        ([2400, 800], "V1", "the village with the larger population is filled first"),
        ([1000, 1000], "V1", "then the village listed first is filled first"),
    ],
)
def test_an_exact_post_tie_is_settled_by_population_then_village_order(
    solver, population, filled, step
) -> None:
    """One dispatched cadre fits two equal posts with one candidate each: the larger
    village's post is filled, then the village listed first; the reason says which step."""
    villages = pd.DataFrame(
        {
            "village_id": ["V1", "V2"],
            "name": ["甲村", "乙村"],
            "town": "T",
            "population": population,
        }
    )
    data, rules = _dispatched_district(villages, {"D1": ["V1", "V2"]})
    plan = plan_backfill(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert plan.appointments["village_id"].tolist() == [filled]
    assert check_backfill_plan(data, rules, plan) == []
    assert plan.unfilled["reason_code"].tolist() == ["post_lost_tie"]
    reason = plan.unfilled["reason"].iloc[0]
    assert step in reason and "solver's choice" not in reason
    zh = plan.reasons[0].render("zh")
    assert "求解器" not in zh and english_words(zh) == []


def test_listed_reserves_are_explained_from_own_pairs_or_from_everyone_in_reach() -> None:
    """pair_scores: a left-out reserve with listed pairs is told its full mentors; one with
    none is told every mentor in reach that is not listed (both kinds in one plan)."""
    pair_scores = pd.DataFrame(
        {
            "reserve_id": ["R1", "R2", "R3", "R3"],
            "mentor_id": ["M1", "M1", "M1", "M2"],
            "score": [30, 20, 10, 10],
        }
    )
    data = make_dataset(
        {
            "villages": _one_village(),
            "reserves": _reserves(["R1", "R2", "R3", "R4"]),
            "mentors": _mentors(["M1", "M2", "M3"]),
            "pair_scores": pair_scores,
        }
    )
    plan = plan_mentors(data, load_rules())
    assert check_mentor_plan(data, load_rules(), plan) == []
    reasons = dict(zip(plan.unassigned["reserve_id"], plan.reasons, strict=True))
    assert sorted(reasons) == ["R2", "R4"]
    assert reasons["R2"].code == "mentors_full"
    assert reasons["R2"].params["usable"] == 1
    assert reasons["R2"].params["full"] == {"count": 1, "items": ["M1"]}
    assert reasons["R4"].code == "no_usable_mentor"
    assert reasons["R4"].params["count"] == 3
    assert reasons["R4"].params["excluded"] == {
        "not_listed": {"count": 3, "items": ["M1", "M2", "M3"]}
    }
