"""Results stay as they were while the models got faster (issue 14).

- the CSV bytes of ``plan mentors`` and ``plan backfill`` on the sample, with and without
  listed scores, equal the golden files written by the code before the change;
- the mentor candidate pairs equal those of the old cross-product formulation, and with
  ``pair_scores`` their count equals the listed pairs that pass the rules;
- the backfill optimum through the shared dispatched node equals the optimum of the old
  formulation (every dispatched cadre x every open post) solved by networkx, on random
  small districts (Hypothesis) and on generated districts; shortlists are those of the
  old formulation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from golden import CASES, COMMANDS, GOLDEN, case_data, run_plan
from helpers import make_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadreplan.solver.backfill import (
    candidate_arcs as backfill_arcs,
)
from cadreplan.solver.backfill import (
    plan_backfill,
    post_priorities,
)
from cadreplan.solver.check import check_backfill_plan, check_mentor_plan
from cadreplan.solver.dataset import Dataset
from cadreplan.solver.distances import build_distances
from cadreplan.solver.eligibility import assess
from cadreplan.solver.generate import generate_dataset
from cadreplan.solver.mentors import (
    MENTOR_TYPES,
    allowed_type_masks,
    candidate_arcs,
    mentor_capacities,
    plan_mentors,
)
from cadreplan.solver.network import SolveOptions
from cadreplan.solver.rules import Rules, load_rules

DEPARTMENTS = ["discipline", "police", "court", "procuratorate", "civil_affairs", "petition"]
REFRESH = "refresh them with `python tests/golden.py` if the change is meant"


# ----------------------------------------------------------------------------- golden bytes


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_csv_bytes_equal_the_golden_files(case: str, command: str, tmp_path: Path) -> None:
    """Every CSV of the plan has the bytes the code before issue 14 wrote (year 2026)."""
    data = case_data(case, tmp_path)
    out = tmp_path / "out"
    assert run_plan(command, data, out) == 0
    golden = sorted((GOLDEN / case / command).glob("*.csv"))
    assert golden, f"no golden files for {case}/{command}; {REFRESH}"
    for path in golden:
        written = out / path.name
        assert written.exists(), f"{path.name} not written"
        assert written.read_bytes() == path.read_bytes(), (
            f"{case}/{command}/{path.name} differs from the golden file; {REFRESH}"
        )


# ----------------------------------------------------------------------------- mentors


def old_mentor_pairs(data: Dataset, rules: Rules) -> pd.DataFrame:
    """The mentor pairs as built before issue 14: every reserve x mentor, then the rules."""
    distances = build_distances(data.villages, data.roads)
    index = data.village_index
    reserve_village = data.reserves["village_id"].map(index).to_numpy(dtype=np.int64)
    mentor_village = data.mentors["village_id"].map(index).to_numpy(dtype=np.int64)
    reserves, mentors = len(data.reserves), len(data.mentors)
    reserve = np.repeat(np.arange(reserves), mentors)
    mentor = np.tile(np.arange(mentors), reserves)
    reach = distances.within(reserve_village, mentor_village, rules.mentors.max_km).frame()
    km_of = {(s, t): k for s, t, k in reach.itertuples(index=False)}
    rows = []
    listed = None
    if data.pair_scores is not None:
        listed = {
            (r, m): s
            for r, m, s in data.pair_scores[["reserve_id", "mentor_id", "score"]].itertuples(
                index=False
            )
        }
    capacity = mentor_capacities(data, rules)
    masks = allowed_type_masks(data, rules)
    conflicts = set(zip(data.conflicts["person_a"], data.conflicts["person_b"], strict=True))
    reserve_ids = data.reserves["person_id"].to_numpy()
    mentor_ids = data.mentors["person_id"].to_numpy()
    types = data.mentors["type"].to_numpy()
    for r, m in zip(reserve, mentor, strict=True):
        key = (reserve_village[r], mentor_village[m])
        if capacity[m] <= 0 or key not in km_of:
            continue
        if not (masks[reserve_village[r]] >> MENTOR_TYPES.index(types[m])) & 1:
            continue
        rid, mid = reserve_ids[r], mentor_ids[m]
        if (rid, mid) in conflicts or (mid, rid) in conflicts:
            continue
        if listed is not None and (rid, mid) not in listed:
            continue
        rows.append((r, m, km_of[key]))
    return pd.DataFrame(rows, columns=["reserve", "mentor", "km"])


def _with_listed_pairs(data: Dataset, share: float, seed: int) -> Dataset:
    """The dataset with a pair_scores table listing a random share of all pairs."""
    rng = np.random.default_rng(seed)
    reserves = data.reserves["person_id"].to_numpy()
    mentors = data.mentors["person_id"].to_numpy()
    pick = rng.random((len(reserves), len(mentors))) < share
    r, m = np.nonzero(pick)
    listed = pd.DataFrame(
        {
            "reserve_id": reserves[r],
            "mentor_id": mentors[m],
            "score": np.round(rng.uniform(0, 50, len(r)), 1),
        }
    )
    return replace(data, pair_scores=listed)


@pytest.fixture(scope="module")
def district() -> Dataset:
    """A generated district of 300 villages (seed 7)."""
    return make_dataset(generate_dataset(300, seed=7, year=2026))


@pytest.mark.parametrize("max_km", [30.0, 8.0, 0.0])
def test_mentor_pairs_equal_the_cross_product_formulation(district, max_km) -> None:
    """Pairs, km and order from neighbourhoods equal the all-pairs formulation's."""
    base = load_rules()
    rules = replace(base, mentors=replace(base.mentors, max_km=max_km))
    arcs = candidate_arcs(district, rules, build_distances(district.villages, district.roads))
    old = old_mentor_pairs(district, rules)
    pd.testing.assert_frame_equal(
        arcs[["reserve", "mentor", "km"]].reset_index(drop=True), old, check_dtype=False
    )


def reference_components(data: Dataset, rules: Rules, arcs: pd.DataFrame) -> dict:
    """The four score components of each arc, pair by pair in plain Python (README)."""
    s = rules.mentors.score
    needs = data.reserves["needs"].tolist()
    skills = data.mentors["skills"].tolist()
    years = data.mentors["experience_years"].fillna(0).astype(float).tolist()
    weak = [
        bool(set(c) & {"weak_lax", "poor", "weak_economy"}) for c in data.villages["categories"]
    ]
    previous = set(
        zip(data.previous_pairs["reserve_id"], data.previous_pairs["mentor_id"], strict=True)
    )
    reserve_ids = data.reserves["person_id"].tolist()
    mentor_ids = data.mentors["person_id"].tolist()
    out: dict[str, list[float]] = {"needs": [], "proximity": [], "continuity": [], "experience": []}
    for r, m, km, v in zip(
        arcs["reserve"].tolist(),
        arcs["mentor"].tolist(),
        arcs["km"].tolist(),
        arcs["village"].tolist(),
        strict=True,
    ):
        wanted = set(needs[r])
        out["needs"].append(s.needs * (len(wanted & set(skills[m])) / len(wanted) if wanted else 0))
        if rules.mentors.max_km > 0:
            close = min(max(1 - km / rules.mentors.max_km, 0.0), 1.0)
        else:
            close = 10 / (10 + km)
        out["proximity"].append(s.proximity * (0.0 if np.isnan(close) else close))
        kept = (reserve_ids[r], mentor_ids[m]) in previous
        out["continuity"].append(s.continuity if kept else 0.0)
        share = 1.0 if weak[v] else s.experience_other_share
        cap = s.experience_cap_years
        out["experience"].append(s.experience * (min(years[m], cap) / cap * share))
    return {name: np.round(np.array(values) * 100) / 100 for name, values in out.items()}


@pytest.mark.parametrize("max_km", [30.0, 0.0])
@pytest.mark.parametrize("office", [False, True])
def test_mentor_score_components_equal_those_computed_pair_by_pair(
    district, max_km, office
) -> None:
    """Each arc's four components (computed once per distinct value) equal the README's
    formulas evaluated pair by pair, bit for bit, mentors with no place included."""
    base = load_rules()
    rules = replace(base, mentors=replace(base.mentors, max_km=max_km))
    data = district
    if office:  # three mentors with a blank village and no office_village: km unknown
        mentors = data.mentors.copy()
        mentors.loc[mentors.index[:3], "village_id"] = None
        data = replace(data, mentors=mentors)
    arcs = candidate_arcs(data, rules, build_distances(data.villages, data.roads))
    assert arcs["km"].isna().any() == office
    expected = reference_components(data, rules, arcs)
    for name, values in expected.items():
        assert arcs[f"score_{name}"].to_numpy().tobytes() == values.tobytes(), name
    total = sum(np.round(v * 100).astype(np.int64) for v in expected.values())
    assert arcs["weight"].to_numpy().tolist() == total.tolist()


@pytest.mark.parametrize("max_km", [30.0, 0.0])
@pytest.mark.parametrize("roads", [True, False])
def test_listed_pair_count_equals_the_listed_pairs_that_pass_the_rules(
    district, max_km, roads
) -> None:
    """With pair_scores the model has exactly the listed pairs that pass every rule."""
    base = load_rules()
    rules = replace(base, mentors=replace(base.mentors, max_km=max_km))
    data = _with_listed_pairs(district, 0.05, seed=3)
    if not roads:
        data = replace(data, roads=data.roads.iloc[:0])
    arcs = candidate_arcs(data, rules, build_distances(data.villages, data.roads))
    old = old_mentor_pairs(data, rules)
    assert len(arcs) == len(old)
    assert len(arcs) < len(data.pair_scores)  # some listed pairs break a rule
    pd.testing.assert_frame_equal(
        arcs[["reserve", "mentor", "km"]].reset_index(drop=True), old, check_dtype=False
    )
    given = dict(
        zip(
            zip(data.pair_scores["reserve_id"], data.pair_scores["mentor_id"], strict=True),
            data.pair_scores["score"],
            strict=True,
        )
    )
    reserve_ids = data.reserves["person_id"].to_numpy()[arcs["reserve"].to_numpy()]
    mentor_ids = data.mentors["person_id"].to_numpy()[arcs["mentor"].to_numpy()]
    expected = [given[(r, m)] for r, m in zip(reserve_ids, mentor_ids, strict=True)]
    assert np.allclose(arcs["score"].to_numpy(), expected)


def test_listed_mentor_plan_is_optimal_and_valid(district) -> None:
    """With pair_scores the plan pairs as many reserves, at the networkx optimum score."""
    rules = load_rules()
    data = _with_listed_pairs(district, 0.05, seed=5)
    plan = plan_mentors(data, rules)
    assert check_mentor_plan(data, rules, plan) == []
    old = old_mentor_pairs(data, rules)
    given = data.pair_scores.set_index(["reserve_id", "mentor_id"])["score"]
    old["weight"] = [
        int(
            round(given[(data.reserves["person_id"].iat[r], data.mentors["person_id"].iat[m])] * 10)
        )
        for r, m in zip(old["reserve"], old["mentor"], strict=True)
    ]
    paired, total = _networkx_mentors(data, rules, old)
    assert plan.assigned == paired
    assert round(plan.objective * 10) == total


def _networkx_mentors(data: Dataset, rules: Rules, arcs: pd.DataFrame) -> tuple[int, int]:
    """Most reserves paired, then the highest total weight, by networkx max_flow_min_cost."""
    graph = nx.DiGraph()
    capacity = mentor_capacities(data, rules)
    village = data.reserves["village_id"].to_numpy()
    limit = rules.mentors.same_village_max
    for r, m, w in arcs[["reserve", "mentor", "weight"]].itertuples(index=False):
        graph.add_edge("s", ("r", r), capacity=1, weight=0)
        group = ("g", m, village[r])
        graph.add_edge(("r", r), group, capacity=1, weight=-int(w))
        graph.add_edge(group, ("m", m), capacity=limit if limit else 10**6, weight=0)
        graph.add_edge(("m", m), "t", capacity=int(capacity[m]), weight=0)
    if not len(arcs):
        return 0, 0
    flow = nx.max_flow_min_cost(graph, "s", "t")
    paired = sum(flow["s"].values())
    return paired, -nx.cost_of_flow(graph, flow)


# ----------------------------------------------------------------------------- backfill


def _networkx_backfill(data: Dataset, rules: Rules) -> tuple[int, int]:
    """(priority, fit) of the old formulation: every allowed (candidate, post) pair an arc."""
    people = assess(data, rules.eligibility)
    arcs = backfill_arcs(data, rules, people, build_distances(data.villages, data.roads))
    priority = post_priorities(data, rules).to_numpy(dtype=np.int64)
    big = 10**9
    graph = nx.DiGraph()
    graph.add_edge("s", "t", capacity=len(people) + 1, weight=0)
    for person, post, weight in arcs[["person", "post", "weight"]].itertuples(index=False):
        graph.add_edge("s", ("p", person), capacity=1, weight=0)
        graph.add_edge(
            ("p", person), ("v", post), capacity=1, weight=-(priority[post] * big + int(weight))
        )
        graph.add_edge(("v", post), "t", capacity=1, weight=0)
    flow = nx.max_flow_min_cost(graph, "s", "t")
    total = -nx.cost_of_flow(graph, flow)
    return total // big, total % big


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
            "evaluation": draw(st.sampled_from([50, 70, 90, ""])),
        }
        if villages is not None:
            row["village_id"] = draw(st.sampled_from(villages))
            row["source"] = draw(st.sampled_from(["", "returnee", "graduate"]))
        else:
            row["unit"] = "局"
        rows.append(row)
    return rows


@st.composite
def districts(draw):
    """Small districts with many dispatched cadres and computed (not listed) fits."""
    n = draw(st.integers(1, 7))
    vids = [f"V{i}" for i in range(n)]
    villages = pd.DataFrame(
        {
            "village_id": vids,
            "name": vids,
            "town": "T",
            "categories": [draw(st.sampled_from(["", "weak_lax", "poor"])) for _ in vids],
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
        if draw(st.integers(0, 2)) > 0
    ]
    reserves = _person_rows("R", draw(st.integers(0, 6)), draw, vids)
    dispatched = _person_rows("D", draw(st.integers(0, 6)), draw)
    vetting = [
        (p["person_id"], d, draw(st.sampled_from(["pass"] * 12 + ["fail"])))
        for p in reserves + dispatched
        for d in DEPARTMENTS
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
                "source",
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
    }
    options = {
        "outside_only_if_no_local": draw(st.booleans()),
        "allow_dispatched": draw(st.booleans()),
        "cross_village_max_km": draw(st.sampled_from([10.0, 25.0])),
        "shortlist": draw(st.integers(0, 3)),
    }
    return tables, options


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts(), st.sampled_from(["flow", "cpsat"]))
def test_shared_dispatched_node_keeps_the_optimum(district, solver) -> None:
    """Priority and fit through the shared node equal networkx on every cadre x post arc."""
    tables, options = district
    base = load_rules()
    rules = replace(base, backfill=replace(base.backfill, **options))
    data = make_dataset(tables)
    plan = plan_backfill(data, rules, SolveOptions(solver=solver, time_limit=10))
    assert check_backfill_plan(data, rules, plan) == []
    priority, fit = _networkx_backfill(data, rules)
    assert (plan.priority, round(plan.objective * 100)) == (priority, fit)
    assert_shortlist_as_before(data, rules, plan)


def assert_shortlist_as_before(data: Dataset, rules: Rules, plan) -> None:
    """The shortlist equals the old one: each post's best other candidates from all pairs."""
    people = assess(data, rules.eligibility)
    arcs = backfill_arcs(data, rules, people, build_distances(data.villages, data.roads))
    size = rules.backfill.shortlist
    appointee = dict(
        zip(plan.appointments["village_id"], plan.appointments["person_id"], strict=True)
    )
    village_ids = data.villages["village_id"].to_numpy()
    person_ids = people["person_id"].to_numpy()
    expected = []
    if size:
        for post in sorted(set(arcs["post"])):
            rows = arcs[arcs["post"] == post]
            order = np.lexsort((rows["person"].to_numpy(), -rows["weight"].to_numpy()))
            ranked = [
                (person_ids[p], s)
                for p, s in zip(
                    rows["person"].to_numpy()[order], rows["score"].to_numpy()[order], strict=True
                )
                if person_ids[p] != appointee.get(village_ids[post])
            ][:size]
            expected += [(village_ids[post], k + 1, p, s) for k, (p, s) in enumerate(ranked)]
    got = list(
        plan.shortlist[["village_id", "rank", "person_id", "score"]].itertuples(
            index=False, name=None
        )
    )
    assert got == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_district_backfill_optimum_as_before(seed) -> None:
    """On generated 600-village districts the optimum equals the old formulation's."""
    data = make_dataset(generate_dataset(600, seed=seed, year=2026))
    rules = load_rules()
    plan = plan_backfill(data, rules)
    assert check_backfill_plan(data, rules, plan) == []
    assert (plan.appointments["route"] == "dispatched").any()
    assert (plan.priority, round(plan.objective * 100)) == _networkx_backfill(data, rules)
    assert_shortlist_as_before(data, rules, plan)
