"""Tests of mentor pairing: rules, optimality against networkx, explanations, scaling."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from helpers import make_dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver.check import check_mentor_plan
from cadreplan.solver.distances import build_distances
from cadreplan.solver.mentors import candidate_arcs, plan_mentors
from cadreplan.solver.network import SolveOptions, Status
from cadreplan.solver.rules import load_rules

LAP = Path(__file__).resolve().parent / "data"
TYPES = ["subdistrict_cadre", "instructor", "retired_secretary", "advanced_secretary"]


def test_sample_pairs_everyone_who_can_be_paired(sample, rules) -> None:
    """On the sample, 23 of 24 are paired; R13 is explained by type and distance."""
    plan = plan_mentors(sample, rules)
    assert plan.status is Status.OPTIMAL
    assert plan.assigned == 23
    assert check_mentor_plan(sample, rules, plan) == []
    assert plan.unassigned["reserve_id"].tolist() == ["R13"]
    reason = plan.unassigned["reason"].iloc[0]
    assert "weak and lax village needs sub-district cadre or advanced-village secretary" in reason
    assert "nearest of a required type: 孔德明 (M05) at 34.7 km" in reason


def test_sample_keeps_last_years_pairs(sample, rules) -> None:
    """Continuity: the previous pairs that are still allowed are kept and flagged."""
    plan = plan_mentors(sample, rules)
    kept = plan.pairs[plan.pairs["kept"]]
    kept_pairs = set(zip(kept["reserve_id"], kept["mentor_id"], strict=True))
    assert kept_pairs >= {("R01", "M01"), ("R21", "M07")}
    assert (kept["score_continuity"] == rules.mentors.score.continuity).all()


def test_both_solvers_agree_on_the_sample(sample, rules) -> None:
    """flow and cpsat give the same count and total score on the sample."""
    flow = plan_mentors(sample, rules, SolveOptions(solver="flow"))
    cpsat = plan_mentors(sample, rules, SolveOptions(solver="cpsat", time_limit=20))
    assert cpsat.status is Status.OPTIMAL
    assert (flow.assigned, flow.objective) == (cpsat.assigned, cpsat.objective)
    assert cpsat.bound == pytest.approx(cpsat.objective)


def test_score_components_add_up_exactly(sample, rules) -> None:
    """Scores are sums of 0.01-exact components; the integer weight is 100 x the score."""
    arcs = candidate_arcs(sample, rules, build_distances(sample.villages, sample.roads))
    components = arcs[["score_needs", "score_proximity", "score_continuity", "score_experience"]]
    centi = components.to_numpy() * 100
    assert np.allclose(centi, np.round(centi), atol=1e-9)
    assert np.array_equal(arcs["weight"], np.round(components.sum(axis=1) * 100).astype(int))
    # Ordering is kept: a higher score never gets a lower weight.
    order = np.argsort(arcs["score"].to_numpy(), kind="stable")
    assert np.all(np.diff(arcs["weight"].to_numpy()[order]) >= 0)


@st.composite
def instances(draw):
    """Small districts with roads, categories, conflicts, capacities and pair scores."""
    villages = draw(st.integers(1, 5))
    reserves = draw(st.integers(1, 8))
    mentors = draw(st.integers(1, 5))
    vids = [f"V{i}" for i in range(villages)]
    cats = [draw(st.sampled_from(["", "weak_lax", "poor", "weak_lax;poor"])) for _ in vids]
    roads = []
    for i in range(1, villages):
        roads.append((vids[draw(st.integers(0, i - 1))], vids[i], draw(st.integers(1, 25))))
    reserve_village = [draw(st.sampled_from(vids)) for _ in range(reserves)]
    mentor_village = [draw(st.sampled_from(vids)) for _ in range(mentors)]
    mentor_type = [draw(st.sampled_from(TYPES)) for _ in range(mentors)]
    capacity = [draw(st.integers(0, 3)) for _ in range(mentors)]
    pairs = [
        (f"R{r}", f"M{m}", draw(st.integers(-5, 30)))
        for r in range(reserves)
        for m in range(mentors)
        if draw(st.booleans()) or draw(st.booleans())
    ]
    conflicts = [
        (f"R{r}", f"M{m}")
        for r in range(reserves)
        for m in range(mentors)
        if draw(st.integers(0, 9)) == 0
    ]
    max_km = draw(st.sampled_from([0, 10, 20]))
    same_village = draw(st.sampled_from([0, 1, 2]))
    tables = {
        "villages": pd.DataFrame(
            {"village_id": vids, "name": vids, "town": "T", "categories": cats}
        ),
        "roads": pd.DataFrame(roads, columns=["from", "to", "km"]),
        "reserves": pd.DataFrame(
            {
                "person_id": [f"R{r}" for r in range(reserves)],
                "name": "r",
                "village_id": reserve_village,
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {
                "person_id": [f"M{m}" for m in range(mentors)],
                "name": "m",
                "type": mentor_type,
                "village_id": mentor_village,
                "capacity": capacity,
            }
        ),
        "conflicts": pd.DataFrame(conflicts, columns=["person_a", "person_b"]),
        "pair_scores": pd.DataFrame(pairs, columns=["reserve_id", "mentor_id", "score"]),
    }
    return tables, max_km, same_village


def reference_optimum(tables, rules) -> tuple[int, int]:
    """Most pairs, then best total score, by networkx max_flow_min_cost on the raw tables."""
    roads = nx.Graph()
    roads.add_nodes_from(tables["villages"]["village_id"])
    for a, b, km in tables["roads"].itertuples(index=False):
        roads.add_edge(a, b, weight=km)
    km = dict(nx.all_pairs_dijkstra_path_length(roads))
    villages = tables["villages"]
    cats = dict(zip(villages["village_id"], villages["categories"], strict=True))
    mentors = tables["mentors"].set_index("person_id")
    reserves = tables["reserves"].set_index("person_id")
    banned = set(map(tuple, tables["conflicts"].to_numpy()))
    graph = nx.DiGraph()
    for mentor, row in mentors.iterrows():
        graph.add_edge(("m", mentor), "sink", capacity=int(row["capacity"]), weight=0)
    for reserve, mentor, score in tables["pair_scores"].itertuples(index=False):
        home, base = reserves.at[reserve, "village_id"], mentors.at[mentor, "village_id"]
        distance = km[home].get(base)
        if distance is None or (rules.mentors.max_km and distance > rules.mentors.max_km):
            continue
        if (reserve, mentor) in banned:
            continue
        needed = [
            rules.mentors.require[c] for c in cats[home].split(";") if c in rules.mentors.require
        ]
        if any(mentors.at[mentor, "type"] not in types for types in needed):
            continue
        cap = rules.mentors.same_village_max or int(mentors.at[mentor, "capacity"])
        graph.add_edge("source", ("r", reserve), capacity=1, weight=0)
        graph.add_edge(("r", reserve), ("g", mentor, home), capacity=1, weight=-int(score))
        graph.add_edge(("g", mentor, home), ("m", mentor), capacity=cap, weight=0)
    if "source" not in graph:
        return 0, 0
    flow = nx.max_flow_min_cost(graph, "source", "sink")
    count = sum(flow["source"].values())
    return count, -nx.cost_of_flow(graph, flow)


@settings(max_examples=120, deadline=None)
@given(instances(), st.sampled_from(["flow", "cpsat"]))
def test_random_instances_are_optimal_and_valid(instance, solver) -> None:
    """On random instances the checker passes and the plan equals networkx's optimum."""
    tables, max_km, same_village = instance
    base = load_rules()
    rules = replace(
        base, mentors=replace(base.mentors, max_km=max_km, same_village_max=same_village)
    )
    data = make_dataset(tables)
    plan = plan_mentors(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert check_mentor_plan(data, rules, plan) == []
    count, score = reference_optimum(tables, rules)
    assert plan.assigned == count
    assert plan.objective == pytest.approx(score)
    assert plan.status is Status.OPTIMAL


def test_given_scores_keep_their_decimals() -> None:
    """pair_scores with two decimals are scaled by 100, so 0.01 differences decide."""
    tables = {
        "villages": pd.DataFrame({"village_id": ["V"], "name": ["v"], "town": ["t"]}),
        "reserves": pd.DataFrame(
            {
                "person_id": ["R1", "R2"],
                "name": "r",
                "village_id": "V",
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {
                "person_id": ["M1"],
                "name": "m",
                "type": "instructor",
                "village_id": "V",
                "capacity": 1,
            }
        ),
        "pair_scores": pd.DataFrame(
            {"reserve_id": ["R1", "R2"], "mentor_id": ["M1", "M1"], "score": [10.01, 10.02]}
        ),
    }
    rules = load_rules()
    plan = plan_mentors(make_dataset(tables), rules)
    assert plan.score_scale == 100
    assert plan.pairs["reserve_id"].tolist() == ["R2"]
    assert plan.objective == pytest.approx(10.02)
    assert "every eligible" not in plan.unassigned["reason"].iloc[0]
    assert "all at capacity (m (M1))" in plan.unassigned["reason"].iloc[0]
    assert "r (R2, score 10.02)" in plan.unassigned["reason"].iloc[0]


def test_conflict_only_reason() -> None:
    """A reserve whose only mentor in reach is in conflict is told so, with the relation."""
    tables = {
        "villages": pd.DataFrame({"village_id": ["V"], "name": ["v"], "town": ["t"]}),
        "reserves": pd.DataFrame(
            {
                "person_id": ["R1"],
                "name": "r",
                "village_id": "V",
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {"person_id": ["M1"], "name": "m", "type": "instructor", "village_id": "V"}
        ),
        "conflicts": pd.DataFrame({"person_a": ["M1"], "person_b": ["R1"], "relation": ["亲属"]}),
    }
    plan = plan_mentors(make_dataset(tables), load_rules())
    assert plan.unassigned["reason"].tolist() == [
        "the only mentors in the dataset are in conflict (m (M1): 亲属)"
    ]


def test_assign100_reaches_the_published_optimum(tmp_path: Path) -> None:
    """OR-Library assign100 through pair_scores: total score 101*100 - 305 = 9795."""
    tokens = np.array((LAP / "assign100.txt").read_text().split(), dtype=np.int64)
    n = int(tokens[0])
    cost = tokens[1:].reshape(n, n)
    rows, cols = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    tables = {
        "villages": pd.DataFrame({"village_id": ["V"], "name": ["v"], "town": ["t"]}),
        "reserves": pd.DataFrame(
            {
                "person_id": [f"R{i}" for i in range(n)],
                "name": "r",
                "village_id": "V",
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {
                "person_id": [f"M{j}" for j in range(n)],
                "name": "m",
                "type": "instructor",
                "village_id": "V",
                "capacity": 1,
            }
        ),
        "pair_scores": pd.DataFrame(
            {
                "reserve_id": [f"R{i}" for i in rows.ravel()],
                "mentor_id": [f"M{j}" for j in cols.ravel()],
                "score": 101 - cost.ravel(),
            }
        ),
    }
    rules_file = tmp_path / "lap.toml"
    rules_file.write_text("[mentors]\nmax_km = 0\nsame_village_max = 0\n", "utf-8")
    plan = plan_mentors(make_dataset(tables), load_rules(rules_file))
    assert plan.assigned == 100
    assert plan.objective == 101 * 100 - 305
