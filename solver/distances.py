"""Distances between villages: shortest road paths, or great-circle distances.

Road distances run Dijkstra from many sources at once with ``scipy.sparse.csgraph`` and a
distance cutoff, in chunks, so that a province of 26,000 villages never needs the full
distance matrix in memory. A network of at most ``SMALL_NETWORK`` villages (a
sub-district) is searched by the same algorithm in plain Python instead: importing
``scipy.sparse.csgraph`` costs about 0.4 s, more than a small plan takes in all. Both give
the same kilometres bit for bit (each distance is the minimum over settled neighbours of
``distance + link``, whatever order the heap settles them in).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

EARTH_RADIUS_KM = 6371.0088
#: Sources per Dijkstra call; each call holds a (chunk x villages) float64 array.
CHUNK = 512
#: Road networks of at most this many villages are searched without scipy.
SMALL_NETWORK = 200

#: Kilometres a distance may exceed a limit and still count as within it (1 mm): the
#: rounding of summed road lengths, never a real kilometre. The checkers allow the same.
REACH_TOLERANCE_KM = 1e-6


@dataclass(frozen=True)
class SmallGraph:
    """A small road network as adjacency lists: ``links[v]`` = ((neighbour, km), ...)."""

    size: int
    links: tuple[tuple[tuple[int, float], ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (self.size, self.size)


def dijkstra(
    graph: Any,
    directed: bool = False,
    indices: Any = None,
    limit: float = np.inf,
    min_only: bool = False,
) -> np.ndarray:
    """Shortest road km from ``indices``, as ``scipy.sparse.csgraph.dijkstra`` gives them.

    ``graph`` is what :func:`road_graph` returns: a :class:`SmallGraph` is searched in plain
    Python, a sparse matrix by scipy (imported only then). Distances beyond ``limit`` and
    unreachable villages are ``inf``; ``min_only`` gives, per village, the distance from the
    nearest of the sources.
    """
    if not isinstance(graph, SmallGraph):
        from scipy.sparse.csgraph import dijkstra as sparse_dijkstra

        return sparse_dijkstra(
            graph, directed=directed, indices=indices, limit=limit, min_only=min_only
        )
    sources = np.atleast_1d(np.arange(graph.size) if indices is None else indices)
    sources = sources.astype(np.int64).tolist()
    if min_only:
        return _python_dijkstra(graph, sources, limit)
    table = np.empty((len(sources), graph.size))
    for row, source in enumerate(sources):
        table[row] = _python_dijkstra(graph, [source], limit)
    return table


def _python_dijkstra(graph: SmallGraph, sources: list[int], limit: float) -> np.ndarray:
    distance = [np.inf] * graph.size
    heap = []
    for source in sources:
        distance[source] = 0.0
        heap.append((0.0, source))
    heapq.heapify(heap)
    settled = [False] * graph.size
    while heap:
        km, village = heapq.heappop(heap)
        if settled[village]:
            continue
        settled[village] = True
        for neighbour, link in graph.links[village]:
            reach = km + link
            if reach < distance[neighbour] and reach <= limit:
                distance[neighbour] = reach
                heapq.heappush(heap, (reach, neighbour))
    return np.array(distance, dtype=float)


@dataclass(frozen=True)
class VillagePairs:
    """Village pairs within a distance: positions into the village table and kilometres."""

    source: np.ndarray
    target: np.ndarray
    km: np.ndarray

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"source": self.source, "target": self.target, "km": self.km})


@dataclass(frozen=True)
class Distances:
    """Distances between the villages of a dataset.

    ``method`` is ``road`` (shortest paths over the roads table), ``great_circle`` (from
    lat/lon) or ``none`` (neither is available, so distance limits cannot be applied).
    """

    method: str
    size: int
    graph: csr_matrix | SmallGraph | None = field(default=None, repr=False)
    unit_vectors: np.ndarray | None = field(default=None, repr=False)

    @property
    def available(self) -> bool:
        return self.method != "none"

    def within(self, sources: np.ndarray, targets: np.ndarray, cutoff: float) -> VillagePairs:
        """Every (source, target) village pair at most ``cutoff`` km apart (0: no cutoff).

        With ``method == 'none'`` every pair is returned with ``km = nan``.
        """
        sources = np.unique(np.asarray(sources, dtype=np.int64))
        targets = np.unique(np.asarray(targets, dtype=np.int64))
        # A limit holds up to rounding: road lengths written with decimals that add up to
        # it (10.1 + 19.9 = 30) sum to 30.000000000000004 in binary floating point.
        limit = np.inf if cutoff <= 0 else float(cutoff) + REACH_TOLERANCE_KM
        if len(sources) == 0 or len(targets) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return VillagePairs(empty, empty, np.zeros(0))
        if self.method == "none":
            s, t = np.meshgrid(sources, targets, indexing="ij")
            return VillagePairs(s.ravel(), t.ravel(), np.full(s.size, np.nan))
        if self.method == "road":
            return self._road_within(sources, targets, limit)
        return self._great_circle_within(sources, targets, limit)

    def _road_within(self, sources: np.ndarray, targets: np.ndarray, limit: float) -> VillagePairs:
        if isinstance(self.graph, SmallGraph):
            matrix = dijkstra(self.graph, indices=sources, limit=limit)[:, targets]
            rows, cols = np.nonzero(np.isfinite(matrix) & (matrix <= limit))
            return VillagePairs(sources[rows], targets[cols], matrix[rows, cols])
        from scipy.sparse.csgraph import reverse_cuthill_mckee

        # Sources taken in an order where road neighbours sit together, so that each
        # chunk's villages within the limit form a small part of the network.
        rank = np.empty(self.size, dtype=np.int64)
        rank[reverse_cuthill_mckee(self.graph, symmetric_mode=True)] = np.arange(self.size)
        sources = sources[np.argsort(rank[sources], kind="stable")]
        parts_s, parts_t, parts_km = [], [], []
        for start in range(0, len(sources), CHUNK):
            chunk = sources[start : start + CHUNK]
            graph, chunk_nodes, target_nodes, chunk_targets = self._reachable_part(
                chunk, targets, limit
            )
            matrix = dijkstra(graph, directed=False, indices=chunk_nodes, limit=limit)
            sub = matrix[:, target_nodes]
            rows, cols = np.nonzero(np.isfinite(sub) & (sub <= limit))
            parts_s.append(chunk[rows])
            parts_t.append(chunk_targets[cols])
            parts_km.append(sub[rows, cols])
        source = np.concatenate(parts_s)
        target = np.concatenate(parts_t)
        order = np.lexsort((target, source))
        return VillagePairs(source[order], target[order], np.concatenate(parts_km)[order])

    def _reachable_part(
        self, chunk: np.ndarray, targets: np.ndarray, limit: float
    ) -> tuple[csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
        """The road network cut to the villages within ``limit`` of some village of ``chunk``.

        Every village on a path of at most ``limit`` km from a source is itself within
        ``limit`` of it, so the cut network keeps every such distance exactly, while the
        Dijkstra that follows fills a (chunk x nearby) table instead of (chunk x province).
        Returns the cut graph, the chunk's and the targets' positions in it, and the targets
        (village positions) those columns stand for. With no limit the part is the chunk's
        connected components.
        """
        assert self.graph is not None, "road distances need the road graph"
        assert not isinstance(self.graph, SmallGraph), "a small network is searched whole"
        nearest = dijkstra(self.graph, directed=False, indices=chunk, limit=limit, min_only=True)
        near = np.flatnonzero(np.isfinite(nearest))
        graph = self.graph[near][:, near]
        reached = targets[np.isin(targets, near, assume_unique=True)]
        return (
            graph,
            np.searchsorted(near, chunk),
            np.searchsorted(near, reached),
            reached,
        )

    def _great_circle_within(
        self, sources: np.ndarray, targets: np.ndarray, limit: float
    ) -> VillagePairs:
        assert self.unit_vectors is not None, "great-circle distances need lat/lon"
        a = self.unit_vectors[sources]
        b = self.unit_vectors[targets]
        if np.isinf(limit):
            chord = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
            rows, cols = np.nonzero(np.ones_like(chord, dtype=bool))
            km = _chord_to_km(chord[rows, cols])
        else:
            from scipy.spatial import cKDTree  # only great-circle districts need it

            max_chord = 2 * np.sin(min(limit / EARTH_RADIUS_KM, np.pi) / 2) + 1e-12
            # "ndarray" output keeps pairs at distance 0 (a coo_matrix would drop them).
            pairs = cKDTree(a).sparse_distance_matrix(cKDTree(b), max_chord, output_type="ndarray")
            rows, cols = pairs["i"].astype(np.int64), pairs["j"].astype(np.int64)
            km = _chord_to_km(pairs["v"])
            ok = km <= limit
            rows, cols, km = rows[ok], cols[ok], km[ok]
        return VillagePairs(sources[rows], targets[cols], km)

    def between(self, sources: np.ndarray, targets: np.ndarray, cutoff: float) -> np.ndarray:
        """Kilometres of each pair ``(sources[i], targets[i])``: never a cross product.

        Returns an array of ``len(sources)`` floats: ``inf`` for a pair farther apart than
        ``cutoff`` (0: no cutoff) or not connected by roads, ``nan`` with ``method ==
        'none'``. The values are those :meth:`within` gives for the same villages, bit for
        bit: with a cutoff they are looked up in the distance-limited neighbourhoods of the
        pairs' villages; without one, great-circle pairs are computed pair by pair and road
        pairs by one Dijkstra per distinct source village (in chunks, keeping only the
        columns of the targets).
        """
        sources = np.asarray(sources, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64)
        if self.method == "none":
            return np.full(len(sources), np.nan)
        if len(sources) == 0:
            return np.zeros(0)
        if cutoff > 0:
            reach = self.within(np.unique(sources), np.unique(targets), cutoff)
            return _look_up(reach, sources, targets, self.size)
        if self.method == "great_circle":
            vectors = self.unit_vectors
            assert vectors is not None  # great-circle distances always carry them
            chord = np.linalg.norm(vectors[sources] - vectors[targets], axis=1)
            return _chord_to_km(chord)
        km = np.full(len(sources), np.inf)
        order = np.argsort(sources, kind="stable")
        distinct, first = np.unique(sources[order], return_index=True)
        bounds = np.append(first, len(order))
        # Each call fills a (chunk x villages) table: at most 2^24 floats (128 MiB).
        step = max(1, min(CHUNK, 2**24 // max(self.size, 1)))
        for start in range(0, len(distinct), step):
            chunk = distinct[start : start + step]
            members = order[bounds[start] : bounds[min(start + step, len(distinct))]]
            wanted, column = np.unique(targets[members], return_inverse=True)
            table = dijkstra(self.graph, directed=False, indices=chunk)[:, wanted]
            row = np.searchsorted(chunk, sources[members])
            km[members] = table[row, column]
        return km

    def nearest(self, source: int, targets: np.ndarray) -> tuple[int, float] | None:
        """The nearest of ``targets`` to village ``source`` with no cutoff, or None."""
        targets = np.asarray(targets, dtype=np.int64)
        if len(targets) == 0 or self.method == "none":
            return None
        if self.method == "road":
            row = dijkstra(self.graph, directed=False, indices=[int(source)])[0][targets]
        else:
            assert self.unit_vectors is not None, "great-circle distances need lat/lon"
            chord = np.linalg.norm(self.unit_vectors[targets] - self.unit_vectors[source], axis=1)
            row = _chord_to_km(chord)
        if not np.isfinite(row).any():
            return None
        best = int(np.argmin(row))
        return int(targets[best]), float(row[best])


def _look_up(
    reach: VillagePairs, sources: np.ndarray, targets: np.ndarray, size: int
) -> np.ndarray:
    """km of each (source, target) found in ``reach`` (sorted by source, target), else inf."""
    known = reach.source * size + reach.target
    order = np.argsort(known, kind="stable")
    known = known[order]
    wanted = sources * size + targets
    at = np.searchsorted(known, wanted)
    found = at < len(known)
    found[found] = known[at[found]] == wanted[found]
    km = np.full(len(sources), np.inf)
    km[found] = reach.km[order[at[found]]]
    return km


def _chord_to_km(chord: np.ndarray) -> np.ndarray:
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord) / 2, 0, 1))


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km between points given in degrees (vectorised)."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(x, dtype=float)) for x in (lat1, lon1, lat2, lon2)
    )
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def road_graph(
    size: int, source: np.ndarray, target: np.ndarray, km: np.ndarray
) -> csr_matrix | SmallGraph:
    """A symmetric graph of road links; of parallel links the shortest counts.

    A sparse matrix, or a :class:`SmallGraph` up to ``SMALL_NETWORK`` villages; search it
    with this module's :func:`dijkstra`.
    """
    frame = pd.DataFrame(
        {
            "a": np.minimum(source, target),
            "b": np.maximum(source, target),
            "km": np.asarray(km, dtype=float),
        }
    )
    frame = frame.groupby(["a", "b"], as_index=False)["km"].min()
    if size <= SMALL_NETWORK:
        links: list[list[tuple[int, float]]] = [[] for _ in range(size)]
        for a, b, length in frame.itertuples(index=False):
            if a != b:
                links[int(a)].append((int(b), float(length)))
                links[int(b)].append((int(a), float(length)))
        return SmallGraph(size, tuple(tuple(sorted(x)) for x in links))
    from scipy.sparse import coo_matrix

    rows = np.concatenate([frame["a"].to_numpy(), frame["b"].to_numpy()])
    cols = np.concatenate([frame["b"].to_numpy(), frame["a"].to_numpy()])
    data = np.concatenate([frame["km"].to_numpy(), frame["km"].to_numpy()])
    return coo_matrix((data, (rows, cols)), shape=(size, size)).tocsr()


def build_distances(villages: pd.DataFrame, roads: pd.DataFrame) -> Distances:
    """Choose road distances when there are roads, else great-circle ones, else none."""
    size = len(villages)
    if len(roads):
        index = dict(zip(villages["village_id"], range(size), strict=True))
        source = roads["from"].map(index).to_numpy(dtype=np.int64)
        target = roads["to"].map(index).to_numpy(dtype=np.int64)
        graph = road_graph(size, source, target, roads["km"].to_numpy(dtype=float))
        return Distances("road", size, graph=graph)
    lat = villages["lat"].to_numpy(dtype=float)
    lon = villages["lon"].to_numpy(dtype=float)
    if size and np.isfinite(lat).all() and np.isfinite(lon).all():
        phi, lam = np.radians(lat), np.radians(lon)
        vectors = np.column_stack(
            [np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)]
        )
        return Distances("great_circle", size, unit_vectors=vectors)
    return Distances("none", size)
