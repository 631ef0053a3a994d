"""Tests of plan ratings: thresholds, veto, the cap by district and by town, tied boundaries."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from helpers import make_dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver.check_review import check_rating_plan
from cadreplan.solver.ratings import cap_of, plan_ratings
from cadreplan.solver.rules import load_rules


def district(scores: dict[str, tuple[str, str]], towns: dict[str, str] | None = None, **rating):
    """A dataset of one secretary per village: person -> (assessment, veto)."""
    ids = list(scores)
    towns = towns or {p: "T1" for p in ids}
    frames = {
        "villages": pd.DataFrame(
            {
                "village_id": [f"V{p}" for p in ids],
                "name": [f"V{p}" for p in ids],
                "town": [towns[p] for p in ids],
            }
        ),
        "secretaries": pd.DataFrame(
            {
                "person_id": ids,
                "name": ids,
                "village_id": [f"V{p}" for p in ids],
                "birth_year": "1975",
                "assessment": [scores[p][0] for p in ids],
                "veto": [scores[p][1] for p in ids],
                "rating": [rating.get(p, "") for p in ids],
            }
        ),
    }
    return make_dataset(frames)


def rules_with(**changes):
    """The bundled rules with some [ratings] keys changed."""
    rules = load_rules()
    return replace(rules, ratings=replace(rules.ratings, **changes))


def ratings_of(plan) -> dict[str, str]:
    return dict(zip(plan.ratings["person_id"], plan.ratings["rating"], strict=True))


def codes_of(plan) -> dict[str, str]:
    return dict(zip(plan.ratings["person_id"], plan.ratings["reason_code"], strict=True))


def test_thresholds_give_each_rating() -> None:
    """95/85/65/50 give 好/较好/一般/差 when the cap allows one 好 (7 rated x 0.15 = 1)."""
    data = district(
        {
            "A": ("95", ""),
            "B": ("85", ""),
            "C": ("65", ""),
            "D": ("50", ""),
            "E": ("80", ""),
            "F": ("60", ""),
            "G": ("79.5", ""),
        }
    )
    plan = plan_ratings(data, load_rules())
    assert ratings_of(plan) == {
        "A": "excellent",
        "B": "good",
        "C": "fair",
        "D": "poor",
        "E": "good",
        "F": "fair",
        "G": "fair",
    }
    assert set(codes_of(plan).values()) == {"threshold"}
    assert check_rating_plan(data, load_rules(), plan) == []


def test_veto_rates_poor_whatever_the_score() -> None:
    """A veto (一票否决) gives 差 even to the best score, and with no score at all."""
    data = district({"A": ("98", "是"), "B": ("", "true"), "C": ("70", "")})
    plan = plan_ratings(data, load_rules())
    assert ratings_of(plan) == {"A": "poor", "B": "poor", "C": "fair"}
    assert codes_of(plan)["A"] == "veto"
    next_status = dict(
        zip(plan.secretaries_next["person_id"], plan.secretaries_next["status"], strict=True)
    )
    assert next_status == {"A": "to_adjust", "B": "to_adjust", "C": "in_post"}


def test_cap_by_district_keeps_the_highest() -> None:
    """20 rated, cap floor(0.15 x 20) = 3: the three highest of five 好 candidates keep 好."""
    scores = {f"P{i:02d}": (str(70 + i), "") for i in range(20)}  # 70..89
    scores.update({"P15": ("95", ""), "P16": ("94", ""), "P17": ("93", "")})
    scores.update({"P18": ("92", ""), "P19": ("91", "")})
    plan = plan_ratings(district(scores), load_rules())
    rated = ratings_of(plan)
    assert [p for p, r in rated.items() if r == "excellent"] == ["P15", "P16", "P17"]
    assert rated["P18"] == rated["P19"] == "good"
    assert codes_of(plan)["P18"] == "cap"
    assert plan.caps["district"] == {
        "posts": 20,
        "rated": 20,
        "cap": 3,
        "excellent": 3,
        "unused": 0,
        "tied": 0,
        "tied_at": None,
    }


def test_cap_by_town_counts_each_town() -> None:
    """scope = town: 7 in T1 (cap 1) and 7 in T2 (cap 1) give one 好 per town, not two in T1."""
    scores = {f"A{i}": (str(91 + i), "") for i in range(3)} | {
        f"A{i}": ("70", "") for i in range(3, 7)
    }
    scores |= {f"B{i}": ("90", "") if i == 0 else ("75", "") for i in range(7)}
    towns = {p: "T1" if p.startswith("A") else "T2" for p in scores}
    data = district(scores, towns)
    by_district = plan_ratings(data, rules_with(scope="district"))  # 14 x 0.15 = 2
    assert sorted(p for p, r in ratings_of(by_district).items() if r == "excellent") == [
        "A1",
        "A2",
    ]
    by_town = plan_ratings(data, rules_with(scope="town"))
    assert sorted(p for p, r in ratings_of(by_town).items() if r == "excellent") == ["A2", "B0"]
    assert by_town.caps == {
        "T1": {
            "posts": 7,
            "rated": 7,
            "cap": 1,
            "excellent": 1,
            "unused": 0,
            "tied": 0,
            "tied_at": None,
        },
        "T2": {
            "posts": 7,
            "rated": 7,
            "cap": 1,
            "excellent": 1,
            "unused": 0,
            "tied": 0,
            "tied_at": None,
        },
    }
    assert check_rating_plan(data, rules_with(scope="town"), by_town) == []


def test_tied_group_on_the_boundary_goes_down_whole() -> None:
    """Cap 2 with 96, 93, 93, 93: 96 keeps 好 and the three tied at 93 are all 较好."""
    scores = {"A": ("96", ""), "B": ("93", ""), "C": ("93", ""), "D": ("93", "")}
    scores |= {f"X{i}": ("70", "") for i in range(10)}  # 14 rated: cap 2
    plan = plan_ratings(district(scores), load_rules())
    rated, codes = ratings_of(plan), codes_of(plan)
    assert rated["A"] == "excellent"
    assert [rated[p] for p in "BCD"] == ["good"] * 3
    assert [codes[p] for p in "BCD"] == ["cap_tie"] * 3
    reason = plan.ratings.set_index("person_id").at["B", "reason"]
    assert "3 secretaries are tied at 93" in reason and "no lottery" in reason


def test_tie_below_the_boundary_is_not_a_tie_group() -> None:
    """Cap 1 with 96, 93, 93: only 96 keeps 好; the 93s are moved by the cap, not a tie."""
    scores = {"A": ("96", ""), "B": ("93", ""), "C": ("93", "")}
    scores |= {f"X{i}": ("70", "") for i in range(4)}  # 7 rated: cap 1
    codes = codes_of(plan_ratings(district(scores), load_rules()))
    assert (codes["A"], codes["B"], codes["C"]) == ("threshold", "cap", "cap")


def test_existing_ratings_over_the_cap_are_reported(sample) -> None:
    """The sample's roster rates S03 and S08 好 for 13 secretary posts: cap 1, reported."""
    plan = plan_ratings(sample, load_rules())
    over = plan.over_cap.to_dict("records")
    assert over == [
        {
            "scope": "district",
            "posts": 13,
            "cap": 1,
            "excellent_in_data": 2,
            "over_cap": True,
            "people": "S03;S08",
        }
    ]


def test_sample_ratings_show_tie_veto_and_poor(sample) -> None:
    """The sample: S03/S08 tied at 93 both 较好, S07 vetoed to 差, S01 below 60, S09 unrated."""
    plan = plan_ratings(sample, load_rules())
    codes = codes_of(plan)
    assert codes["S03"] == codes["S08"] == "cap_tie"
    assert codes["S07"] == "veto" and codes["S09"] == "not_assessed"
    assert ratings_of(plan)["S01"] == "poor"
    assert plan.counts() == {"excellent": 0, "good": 7, "fair": 2, "poor": 2, "not_assessed": 1}
    assert check_rating_plan(sample, load_rules(), plan) == []


@pytest.mark.parametrize(("share", "count", "cap"), [(0.15, 13, 1), (0.15, 20, 3), (0.1, 30, 3)])
def test_cap_is_floor_without_float_error(share, count, cap) -> None:
    """floor(share x n) counts as the finance office does: 0.15 x 20 is 3, not 2."""
    assert cap_of(share, count) == cap


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "55", "60", "79", "80", "89", "90", "93", "97"]), st.booleans()
        ),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([0.1, 0.15, 0.3]),
)
def test_cap_holds_and_checker_agrees(rows, share) -> None:
    """On random rosters: never more 好 than the cap, no split tie, and the checker passes."""
    scores = {f"P{i:02d}": (score, "true" if veto else "") for i, (score, veto) in enumerate(rows)}
    data = district(scores)
    rules = rules_with(cap_excellent=share)
    plan = plan_ratings(data, rules)
    rated = plan.ratings[plan.ratings["rating"] != ""]
    top = rated[rated["rating"] == "excellent"]
    assert len(top) <= cap_of(share, len(rows))  # one post per secretary here
    moved = plan.ratings[plan.ratings["reason_code"].isin(["cap", "cap_tie"])]
    if len(top) and len(moved):
        assert top["assessment"].min() > moved["assessment"].max()
    assert check_rating_plan(data, rules, plan) == []


def test_cap_counts_posts_not_only_the_rated() -> None:
    """13 posts with 6 assessed: the cap is floor(0.15 × 13) = 1, not floor(0.15 × 6) = 0."""
    scores = {"A": ("95", "")} | {f"X{i}": ("70", "") for i in range(5)}
    scores |= {f"U{i}": ("", "") for i in range(7)}
    data = district(scores)
    plan = plan_ratings(data, load_rules())
    assert ratings_of(plan)["A"] == "excellent"
    assert plan.caps["district"]["posts"] == 13 and plan.caps["district"]["cap"] == 1
    assert check_rating_plan(data, load_rules(), plan) == []
