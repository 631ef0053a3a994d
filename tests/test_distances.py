"""Tests of distances: csgraph road distances against networkx, and great-circle ones."""

from __future__ import annotations

from unittest import mock

import networkx as nx
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver import distances as distances_module
from cadreplan.solver.distances import (
    SmallGraph,
    build_distances,
    dijkstra,
    great_circle_km,
    road_graph,
)


@st.composite
def road_networks(draw):
    size = draw(st.integers(2, 25))
    edges = draw(
        st.lists(
            st.tuples(
                st.integers(0, size - 1),
                st.integers(0, size - 1),
                st.floats(0.1, 40, allow_nan=False),
            ),
            max_size=60,
        )
    )
    edges = [(a, b, km) for a, b, km in edges if a != b]
    cutoff = draw(st.sampled_from([0.0, 5.0, 15.0, 30.0]))
    return size, edges, cutoff


def road_tables(size: int, edges: list) -> tuple[pd.DataFrame, pd.DataFrame, nx.Graph]:
    """The villages and roads tables of a drawn network, and networkx's graph of it."""
    ids = [f"V{i}" for i in range(size)]
    villages = pd.DataFrame({"village_id": ids, "lat": np.nan, "lon": np.nan})
    roads = pd.DataFrame(
        {
            "from": [ids[a] for a, _, _ in edges],
            "to": [ids[b] for _, b, _ in edges],
            "km": [km for _, _, km in edges],
        }
    )
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    for a, b, km in edges:
        if not graph.has_edge(a, b) or graph[a][b]["weight"] > km:
            graph.add_edge(a, b, weight=km)
    return villages, roads, graph


@settings(max_examples=60, deadline=None)
@given(road_networks())
def test_road_distances_match_networkx(network) -> None:
    """Every pair within the cutoff, and its km, equal networkx's Dijkstra."""
    size, edges, cutoff = network
    villages, roads, graph = road_tables(size, edges)
    if not edges:
        return
    distances = build_distances(villages, roads)
    assert distances.method == "road"
    pairs = distances.within(np.arange(size), np.arange(size), cutoff)
    triples = zip(pairs.source, pairs.target, pairs.km, strict=True)
    got = {(int(s), int(t)): km for s, t, km in triples}
    expected = {}
    for source, lengths in nx.all_pairs_dijkstra_path_length(graph):
        for target, km in lengths.items():
            if cutoff == 0 or km <= cutoff:
                expected[(source, target)] = km
    assert got.keys() == expected.keys()
    for key, km in expected.items():
        assert abs(got[key] - km) < 1e-9


def test_parallel_roads_keep_the_shortest() -> None:
    """Of two roads between the same villages, the shorter one counts."""
    graph = road_graph(2, np.array([0, 1]), np.array([1, 0]), np.array([5.0, 3.0]))
    assert dijkstra(graph, indices=[0])[0, 1] == 3.0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 25).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 400)),
                min_size=1,
                max_size=3 * n,
            ),
            st.sampled_from([0.0, 7.5, 20.0]),
        )
    )
)
def test_small_network_search_equals_scipy_bit_for_bit(network) -> None:
    """The plain-Python search of a small network gives scipy's kilometres exactly."""
    size, links, cutoff = network
    source = np.array([a for a, _, _ in links])
    target = np.array([b for _, b, _ in links])
    km = np.array([k / 10 for _, _, k in links])
    small = road_graph(size, source, target, km)
    assert isinstance(small, SmallGraph)
    limit = cutoff or np.inf
    with mock.patch.object(distances_module, "SMALL_NETWORK", -1):
        sparse = road_graph(size, source, target, km)
    assert not isinstance(sparse, SmallGraph)
    expected = dijkstra(sparse, indices=np.arange(size), limit=limit)
    assert np.array_equal(dijkstra(small, indices=np.arange(size), limit=limit), expected)
    nearest = dijkstra(sparse, indices=[0, size - 1], limit=limit, min_only=True)
    assert np.array_equal(
        dijkstra(small, indices=[0, size - 1], limit=limit, min_only=True), nearest
    )


def test_great_circle_within_cutoff_matches_haversine() -> None:
    """Without roads, distances are great-circle km from lat/lon, cut at the limit."""
    rng = np.random.default_rng(3)
    lat = 23 + rng.random(40) * 0.5
    lon = 113 + rng.random(40) * 0.5
    villages = pd.DataFrame({"village_id": [f"V{i}" for i in range(40)], "lat": lat, "lon": lon})
    distances = build_distances(villages, pd.DataFrame({"from": [], "to": [], "km": []}))
    assert distances.method == "great_circle"
    pairs = distances.within(np.arange(40), np.arange(40), 20.0)
    full = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    expected = {(i, j) for i in range(40) for j in range(40) if full[i, j] <= 20.0}
    got = {(int(s), int(t)) for s, t in zip(pairs.source, pairs.target, strict=False)}
    assert got == expected
    assert np.allclose(pairs.km, full[pairs.source, pairs.target], atol=1e-6)


def test_no_roads_and_no_coordinates_is_flagged() -> None:
    """Without roads or lat/lon, the method is 'none' and every pair is returned."""
    villages = pd.DataFrame({"village_id": ["A", "B"], "lat": np.nan, "lon": np.nan})
    distances = build_distances(villages, pd.DataFrame({"from": [], "to": [], "km": []}))
    assert not distances.available
    assert len(distances.within(np.arange(2), np.arange(2), 10).km) == 4


@settings(max_examples=60, deadline=None)
@given(road_networks(), st.integers(1, 4), st.data())
def test_chunked_search_on_cut_networks_matches_networkx(network, chunk, data) -> None:
    """Small chunks of some sources, each searching only its nearby part, keep every distance."""
    size, edges, cutoff = network
    if not edges:
        return
    sources = np.array(sorted(data.draw(st.sets(st.integers(0, size - 1), min_size=1))))
    targets = np.array(sorted(data.draw(st.sets(st.integers(0, size - 1), min_size=1))))
    villages, roads, graph = road_tables(size, edges)
    with mock.patch("cadreplan.solver.distances.CHUNK", chunk):
        pairs = build_distances(villages, roads).within(sources, targets, cutoff)
    keys = list(zip(pairs.source.tolist(), pairs.target.tolist(), strict=True))
    assert keys == sorted(keys)
    got = dict(zip(keys, pairs.km, strict=True))
    expected = {}
    for source in sorted(set(sources.tolist())):
        lengths = nx.single_source_dijkstra_path_length(graph, source)
        for target in set(targets.tolist()) & set(lengths):
            if cutoff == 0 or lengths[target] <= cutoff:
                expected[(source, target)] = lengths[target]
    assert got.keys() == expected.keys()
    for key, km in expected.items():
        assert abs(got[key] - km) < 1e-9
