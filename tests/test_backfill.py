"""Tests of backfill: eligibility on the sample, optimality against scipy, reasons, structure."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from helpers import make_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check import check_backfill_plan
from cadreplan.solver.errors import InfeasibleError
from cadreplan.solver.network import SolveOptions, Status
from cadreplan.solver.rules import load_rules

DEPARTMENTS = ["discipline", "police", "court", "procuratorate", "civil_affairs", "petition"]


def test_sample_fills_every_post_and_passes_the_checker(sample, rules) -> None:
    """On the sample the three vacancies are filled: V01 locally, V04 and V09 cross-village."""
    plan = plan_backfill(sample, rules)
    assert plan.status is Status.OPTIMAL
    assert check_backfill_plan(sample, rules, plan) == []
    routes = dict(zip(plan.appointments["village_id"], plan.appointments["route"], strict=True))
    assert routes == {"V01": "local", "V04": "cross_village", "V09": "cross_village"}
    assert plan.priority == 4 + 3 + 1


def test_sample_vetting_failures_are_named(sample, rules) -> None:
    """R02 failed police vetting, R17 waits on the court, R12 lacks a petition record."""
    plan = plan_backfill(sample, rules)
    reasons = dict(zip(plan.eligibility["person_id"], plan.eligibility["reasons"], strict=True))
    assert reasons["R02"] == "vetting_fail:police"
    assert reasons["R17"] == "vetting_pending:court"
    assert reasons["R12"] == "vetting_missing:petition"
    assert reasons["R18"] == "not_party_member"
    assert reasons["R23"] == "age_over"
    assert reasons["R01"] == ""
    assert not set(plan.appointments["person_id"]) & {"R02", "R17", "R12", "R18", "R23", "D03"}


def test_sample_shortlist_and_reserve_ratio(sample, rules) -> None:
    """Each shortlist names alternates with appointed_to; the ratio counts who left."""
    plan = plan_backfill(sample, rules)
    v04 = plan.shortlist[plan.shortlist["village_id"] == "V04"]
    assert v04["rank"].tolist() == [1, 2, 3]
    assert plan.appointments.set_index("village_id").at["V04", "person_id"] not in set(
        v04["person_id"]
    )
    assert (v04["score"].diff().dropna() <= 0).all()
    ratio = plan.reserve_ratio.set_index("village_id")
    appointed = plan.appointments.set_index("village_id")
    home = appointed.at["V09", "home_village"]
    assert ratio.at[home, "reserves_after"] == ratio.at[home, "reserves_before"] - 1
    assert (ratio["shortfall"] == (2 - ratio["reserves_after"]).clip(lower=0)).all()


def test_both_solvers_agree_on_the_sample(sample, rules) -> None:
    """flow and cpsat give the same priority and fit on the sample."""
    flow = plan_backfill(sample, rules, SolveOptions(solver="flow"))
    cpsat = plan_backfill(sample, rules, SolveOptions(solver="cpsat", time_limit=20))
    assert (flow.priority, flow.objective) == (cpsat.priority, cpsat.objective)
    assert cpsat.status is Status.OPTIMAL


def _person_rows(prefix, count, draw, villages=None):
    rows = []
    for i in range(count):
        row = {
            "person_id": f"{prefix}{i}",
            "name": f"{prefix}{i}",
            "birth_year": draw(st.sampled_from([1960, 1975, 1985, 1995])),
            "gender": draw(st.sampled_from(["M", "F"])),
            "education": draw(st.sampled_from(["junior", "high_school", "college", "bachelor"])),
            "party_since": draw(st.sampled_from([2000, 2015, ""])),
            "evaluation": draw(st.sampled_from([50, 70, 90])),
        }
        if villages is not None:
            row["village_id"] = draw(st.sampled_from(villages))
        else:
            row["unit"] = "局"
        rows.append(row)
    return rows


@st.composite
def districts(draw):
    """Districts with vetting, pilots, roads, categories, dispatched cadres and post scores."""
    n = draw(st.integers(1, 6))
    vids = [f"V{i}" for i in range(n)]
    villages = pd.DataFrame(
        {
            "village_id": vids,
            "name": vids,
            "town": "T",
            "categories": [
                draw(st.sampled_from(["", "weak_lax", "poor", "advanced"])) for _ in vids
            ],
            "cross_village_pilot": [draw(st.booleans()) for _ in vids],
        }
    )
    roads = [
        (vids[draw(st.integers(0, i - 1))], vids[i], draw(st.integers(1, 30))) for i in range(1, n)
    ]
    secretaries = [
        {
            "person_id": f"S{i}",
            "name": "s",
            "village_id": v,
            "birth_year": 1970,
            "status": draw(st.sampled_from(["in_post", "to_adjust", "leaving"])),
        }
        for i, v in enumerate(vids)
        if draw(st.integers(0, 3)) > 0
    ]
    reserves = _person_rows("R", draw(st.integers(0, 8)), draw, vids)
    dispatched = _person_rows("D", draw(st.integers(0, 3)), draw)
    vetting = [
        (p["person_id"], d, draw(st.sampled_from(["pass"] * 8 + ["fail", "pending"])))
        for p in reserves + dispatched
        for d in DEPARTMENTS
    ]
    scores = [
        (p["person_id"], v, draw(st.integers(1, 60)))
        for p in reserves + dispatched
        for v in vids
        if draw(st.integers(0, 2)) > 0
    ]
    tables = {
        "villages": villages,
        "roads": pd.DataFrame(roads, columns=["from", "to", "km"]),
        "secretaries": pd.DataFrame(
            secretaries, columns=["person_id", "name", "village_id", "birth_year", "status"]
        ),
        "reserves": pd.DataFrame(
            reserves,
            columns=[
                "person_id",
                "name",
                "village_id",
                "birth_year",
                "gender",
                "education",
                "party_since",
                "evaluation",
            ],
        ),
        "dispatched": pd.DataFrame(
            dispatched,
            columns=[
                "person_id",
                "name",
                "unit",
                "birth_year",
                "gender",
                "education",
                "party_since",
                "evaluation",
            ],
        ),
        "vetting": pd.DataFrame(vetting, columns=["person_id", "department", "result"]),
        "post_scores": pd.DataFrame(scores, columns=["person_id", "village_id", "score"]),
    }
    options = {
        "outside_only_if_no_local": draw(st.booleans()),
        "allow_dispatched": draw(st.booleans()),
        "cross_village_max_km": draw(st.sampled_from([10.0, 25.0])),
    }
    return tables, options


def reference(tables, rules) -> tuple[int, int]:
    """Priority filled and total fit by scipy's linear_sum_assignment, from the raw tables."""
    b, e = rules.backfill, rules.eligibility
    villages = tables["villages"].set_index("village_id")
    in_post = set(tables["secretaries"].query("status == 'in_post'")["village_id"])
    posts = [v for v in villages.index if v not in in_post]
    rank = {"junior": 1, "high_school": 2, "college": 3, "bachelor": 4}
    vetting = tables["vetting"]

    def eligible(person) -> bool:
        results = vetting[vetting["person_id"] == person["person_id"]]
        age = 2026 - person["birth_year"]
        return (
            (results["result"] == "pass").all()
            and len(results) == len(DEPARTMENTS)
            and e.min_age <= age <= e.max_age
            and rank[person["education"]] >= 2
            and person["party_since"] != ""
            and int(person["party_since"]) <= 2025
            and person["evaluation"] >= e.min_evaluation
        )

    reserves = [p for p in tables["reserves"].to_dict("records") if eligible(p)]
    cadres = [p for p in tables["dispatched"].to_dict("records") if eligible(p)]
    graph = nx.Graph()
    graph.add_nodes_from(villages.index)
    graph.add_weighted_edges_from(tables["roads"].itertuples(index=False))
    km = dict(nx.all_pairs_dijkstra_path_length(graph))
    scores = {(p, v): s for p, v, s in tables["post_scores"].itertuples(index=False)}
    people = reserves + cadres
    big = 10**6
    weights = np.zeros((max(len(people), 1), max(len(posts), 1)), dtype=np.int64)
    for j, post in enumerate(posts):
        local = [p for p in reserves if p["village_id"] == post]
        cats = [c for c in villages.at[post, "categories"].split(";") if c in b.priority]
        priority = max([b.priority[c] for c in cats], default=b.priority["default"])
        outside = not (b.outside_only_if_no_local and local)
        for i, person in enumerate(people):
            if person in reserves and person["village_id"] == post:
                allowed = True
            elif person in reserves:
                distance = km[person["village_id"]].get(post, np.inf)
                allowed = (
                    outside
                    and villages.at[post, "cross_village_pilot"]
                    and distance <= b.cross_village_max_km
                )
            else:
                allowed = outside and b.allow_dispatched
            if allowed and (person["person_id"], post) in scores:
                weights[i, j] = priority * big + scores[(person["person_id"], post)]
    rows, cols = linear_sum_assignment(weights, maximize=True)
    total = int(weights[rows, cols].sum())
    return total // big, total % big


@settings(max_examples=100, deadline=None)
@given(districts(), st.sampled_from(["flow", "cpsat"]))
def test_random_districts_are_optimal_and_valid(district, solver) -> None:
    """On random districts the checker passes and priority and fit equal scipy's optimum."""
    tables, options = district
    base = load_rules()
    rules = replace(base, backfill=replace(base.backfill, **options))
    data = make_dataset(tables)
    plan = plan_backfill(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert check_backfill_plan(data, rules, plan) == []
    assert (plan.priority, round(plan.objective)) == reference(tables, rules)
    assert plan.status is Status.OPTIMAL


def _small_district(reserves, vetting, pilot=False, dispatched=None, categories=("", "")):
    return make_dataset(
        {
            "villages": pd.DataFrame(
                {
                    "village_id": ["V1", "V2"],
                    "name": ["甲村", "乙村"],
                    "town": "T",
                    "cross_village_pilot": [pilot, False],
                    "categories": list(categories),
                }
            ),
            "roads": pd.DataFrame({"from": ["V1"], "to": ["V2"], "km": [5]}),
            "reserves": pd.DataFrame(reserves),
            "dispatched": pd.DataFrame(
                dispatched or [],
                columns=["person_id", "name", "unit", "birth_year", "education", "party_since"],
            ),
            "vetting": pd.DataFrame(vetting, columns=["person_id", "department", "result"]),
        }
    )


def _passes(person, failing=None):
    return [(person, d, "fail" if d == failing else "pass") for d in DEPARTMENTS]


def test_unfilled_reason_counts_what_was_excluded(rules) -> None:
    """An empty post says how many reserves failed and why, and what else was missing."""
    reserves = [
        {
            "person_id": "R1",
            "name": "a",
            "village_id": "V1",
            "birth_year": 1985,
            "education": "college",
            "party_since": 2010,
            "evaluation": 80,
        },
        {
            "person_id": "R2",
            "name": "b",
            "village_id": "V1",
            "birth_year": 1960,
            "education": "college",
            "party_since": 2010,
            "evaluation": 80,
        },
    ]
    data = _small_district(reserves, _passes("R1", failing="police") + _passes("R2"))
    plan = plan_backfill(data, rules)
    assert plan.unfilled["village_id"].tolist() == ["V1", "V2"]
    assert plan.unfilled["reason"].iloc[0] == (
        "2 reserve(s) of this village: 1 failed vetting (police), 1 over age; "
        "not a cross-village pilot; no dispatched cadre eligible (0)"
    )
    assert check_backfill_plan(data, rules, plan) == []


def test_unfilled_reason_names_the_higher_priority_post(rules) -> None:
    """When the only candidate went to a weak_lax post, the reason says where and why."""
    dispatched = [
        {
            "person_id": "D1",
            "name": "d",
            "unit": "局",
            "birth_year": 1985,
            "education": "bachelor",
            "party_since": 2010,
        }
    ]
    data = _small_district(
        [
            {
                "person_id": "R9",
                "name": "z",
                "village_id": "V2",
                "birth_year": 1985,
                "education": "college",
                "party_since": 2010,
                "evaluation": 80,
            }
        ],
        _passes("D1") + _passes("R9", failing="court"),
        dispatched=dispatched,
        categories=("", "weak_lax"),
    )
    plan = plan_backfill(data, rules)
    assert plan.appointments["village_id"].tolist() == ["V2"]
    reason = plan.unfilled.set_index("village_id").at["V1", "reason"]
    assert (
        "every candidate who could fill it went to another post: d (D1) to 乙村 (priority 4: "
        "weak and lax)" in reason
    )
    assert "this post's priority is 1" in reason


def test_impossible_structure_rule_is_named(sample, tmp_path) -> None:
    """min_share_women = 1 cannot hold on the sample: InfeasibleError names the rule."""
    path = tmp_path / "r.toml"
    path.write_text("[backfill.structure]\nmin_share_women = 1.0\n", "utf-8")
    with pytest.raises(InfeasibleError) as caught:
        plan_backfill(sample, load_rules(path))
    message = str(caught.value)
    assert message.startswith(
        "backfill.structure.min_share_women = 1 needs 3 women among the appointees"
    )
    assert "at most 2 such eligible candidates can be appointed" in message


def test_feasible_structure_rule_holds(sample, tmp_path) -> None:
    """A structure rule that can hold is met by the CP-SAT plan, at some cost in fit."""
    path = tmp_path / "r.toml"
    path.write_text("[backfill.structure]\nmin_share_women = 0.6\n", "utf-8")
    rules = load_rules(path)
    plan = plan_backfill(sample, rules)
    assert plan.solver == "cpsat"
    assert plan.structure["min_share_women"] == {"share": 0.6, "needed": 2, "appointed": 2}
    assert check_backfill_plan(sample, rules, plan) == []
