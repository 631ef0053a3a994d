"""The checkers' distances: great-circle km reported to 0.01 pass, a wrong km does not."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from cadreplan.scenarios import sample_path
from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check import check_backfill_plan, check_mentor_plan
from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.mentors import plan_mentors


def test_great_circle_plans_pass_their_checkers(tmp_path: Path, rules) -> None:
    """Without roads, km (many decimals) are reported to 0.01 and the checkers accept them."""
    folder = tmp_path / "district"
    shutil.copytree(sample_path(), folder)
    (folder / "roads.csv").unlink()
    data = load_dataset(folder, 2026)
    mentors = plan_mentors(data, rules)
    assert mentors.distance_method == "great_circle"
    assert (mentors.pairs["km"] != mentors.pairs["km"].round(1)).any()  # not one-decimal
    assert check_mentor_plan(data, rules, mentors) == []
    assert check_backfill_plan(data, rules, plan_backfill(data, rules)) == []
    pairs = mentors.pairs.copy()
    pairs.loc[0, "km"] = pairs.loc[0, "km"] + 0.02
    problems = check_mentor_plan(data, rules, replace(mentors, pairs=pairs))
    assert any(": km is " in p for p in problems)


def road_lists(roads) -> dict[str, list[tuple[str, float]]]:
    """The reference: each village's (neighbour, km) appended road by road, both ways."""
    lists: dict[str, list[tuple[str, float]]] = {}
    for a, b, km in zip(roads["from"], roads["to"], roads["km"], strict=True):
        lists.setdefault(a, []).append((b, float(km)))
        lists.setdefault(b, []).append((a, float(km)))
    return lists


def test_road_neighbours_equal_the_lists_built_road_by_road(sample) -> None:
    """Grouped by numpy, every village's roads are those of a road-by-road build, in order."""
    from cadreplan.solver.check_measures import RoadNeighbours

    for data in (sample, generated_district()):
        expected = road_lists(data.roads)
        neighbours = RoadNeighbours(data.roads)
        for village in [*data.villages["village_id"], "NOT-A-VILLAGE"]:
            assert neighbours.get(village, ()) == expected.get(village, ()), village
            assert neighbours.get(village, ()) is neighbours.get(village, ())  # kept once read


def test_road_neighbours_keep_loops_and_repeated_roads(sample) -> None:
    """A road from a village to itself and a road listed twice are kept as written."""
    import pandas as pd

    from cadreplan.solver.check_measures import RoadNeighbours

    roads = pd.DataFrame(
        {"from": ["A", "B", "A", "C"], "to": ["B", "B", "B", "A"], "km": [1.5, 2.0, 1.5, 3.0]}
    )
    neighbours = RoadNeighbours(roads)
    assert neighbours.get("A") == [("B", 1.5), ("B", 1.5), ("C", 3.0)]
    assert neighbours.get("B") == [("A", 1.5), ("B", 2.0), ("B", 2.0), ("A", 1.5)]
    assert neighbours.get("D", ()) == ()


def generated_district():
    """A generated district of 300 villages with its roads (year 2026)."""
    from helpers import make_dataset

    from cadreplan.solver.generate import generate_dataset

    return make_dataset(generate_dataset(300, seed=4, year=2026), 2026)


def test_checker_road_km_equal_networkx_shortest_paths() -> None:
    """The checker's pruned Dijkstra gives networkx's shortest road km for every pair
    (within a limit and beyond it), and inf exactly where networkx finds none in reach."""
    import math

    import networkx as nx
    import numpy as np

    from cadreplan.solver.check_measures import PairDistances

    data = generated_district()
    graph = nx.Graph()
    for a, b, km in data.roads[["from", "to", "km"]].itertuples(index=False):
        if not graph.has_edge(a, b) or graph[a][b]["km"] > km:
            graph.add_edge(a, b, km=float(km))
    villages = data.villages["village_id"].to_numpy()
    rng = np.random.default_rng(11)
    origins = rng.choice(villages, 400)
    destinations = rng.choice(villages, 400)
    for limit in (12.0, math.inf):
        found = PairDistances(data).pairs(origins, destinations, limit)
        for a, b, km in zip(origins, destinations, found.tolist(), strict=True):
            lengths = nx.single_source_dijkstra_path_length(graph, a, weight="km")
            expected = lengths.get(b, math.inf)
            if expected > limit:
                assert km == math.inf, (a, b)
            else:
                assert km == pytest.approx(expected, abs=1e-9), (a, b)
