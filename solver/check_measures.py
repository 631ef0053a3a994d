"""The checkers' own measures: distances and scores recomputed from the raw tables.

Nothing here is shared with the models (:mod:`distances`, :mod:`mentors`, :mod:`backfill`):
the checkers compute every distance and score component their own way, from the README's
definitions, so that a model and its checker can catch each other's mistakes.

Distances are computed only for the pairs a plan uses: one Dijkstra per distinct source
village over an adjacency list of the roads table, stopping as soon as the source's targets
are settled or the search passes the limit, so the work grows with the plan (and the road
neighbourhood within the limit), not with the district. Without roads, great-circle
distances come from the haversine formula on lat/lon.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .dataset import Dataset
from .rules import Rules

#: Mean Earth radius (IUGG), km: the haversine distances' sphere.
EARTH_RADIUS_KM = 6371.0088
#: The education factors of the fit (README, *The fit*).
EDUCATION_FACTORS = {
    "primary": 0.1,
    "junior": 0.2,
    "high_school": 0.4,
    "vocational": 0.4,
    "college": 0.6,
    "bachelor": 0.8,
    "master": 0.9,
    "doctor": 1.0,
}
#: Village categories whose reserves get the full experience points (README).
WEAK = {"weak_lax", "poor", "weak_economy"}


class RoadNeighbours:
    """Each village's roads, read from the roads table on first need (the checkers' own).

    Parameters
    ----------
    roads
        The roads table (``from``, ``to``, ``km``; m rows, undirected).

    Notes
    -----
    The table is grouped once by village with numpy (a stable sort of the 2m road ends), so
    building costs no Python work per road; :meth:`get` turns one village's slice into its
    list of ``(neighbour, km)`` in the order of the table, as a dictionary of lists built
    road by road would hold it, and keeps it. A search that settles k villages reads k
    slices, however large the province.
    """

    def __init__(self, roads: pd.DataFrame) -> None:
        ends = np.column_stack(
            [roads["from"].to_numpy(dtype=object), roads["to"].to_numpy(dtype=object)]
        ).ravel()  # road i's ends at 2i (from) and 2i + 1 (to)
        others = np.column_stack(
            [roads["to"].to_numpy(dtype=object), roads["from"].to_numpy(dtype=object)]
        ).ravel()
        km = np.repeat(roads["km"].to_numpy(dtype=float), 2)
        codes, villages = pd.factorize(ends)
        order = np.argsort(codes, kind="stable")
        self._code = dict(zip(villages.tolist(), range(len(villages)), strict=True))
        self._bounds = np.searchsorted(codes[order], np.arange(len(villages) + 1))
        self._others = others[order]
        self._km = km[order]
        self._lists: dict[str, list[tuple[str, float]]] = {}

    def get(self, village: str, default: Any = ()) -> Any:
        """``[(neighbour, km), ...]`` of ``village`` (``default`` for a village with no road)."""
        found = self._lists.get(village)
        if found is None:
            code = self._code.get(village)
            if code is None:
                return default
            start, end = self._bounds[code], self._bounds[code + 1]
            found = list(
                zip(self._others[start:end].tolist(), self._km[start:end].tolist(), strict=True)
            )
            self._lists[village] = found
        return found


class PairDistances:
    """Road (or great-circle) km between villages of a dataset, pair by pair.

    ``method`` is ``road`` (the roads table), ``great_circle`` (every village has lat/lon)
    or ``none``. Road distances beyond a limit come back as inf.
    """

    def __init__(self, data: Dataset) -> None:
        villages = data.villages
        roads = data.roads
        self.method = "none"
        self.neighbours: RoadNeighbours | dict[str, list[tuple[str, float]]] = {}
        self.position: dict[str, tuple[float, float]] = {}
        #: Each searched village's ``[(neighbour, km), ...]``, kept after its first use.
        self._links: dict[str, Any] = {}
        if len(roads):
            self.method = "road"
            self.neighbours = RoadNeighbours(roads)
        elif villages["lat"].notna().all() and villages["lon"].notna().all():
            self.method = "great_circle"
            self.position = {
                v: (float(lat), float(lon))
                for v, lat, lon in zip(
                    villages["village_id"], villages["lat"], villages["lon"], strict=True
                )
            }

    @property
    def available(self) -> bool:
        return self.method != "none"

    def pairs(
        self, origins: Iterable[str], destinations: Iterable[str], limit: float = math.inf
    ) -> np.ndarray:
        """km from each origin village to the destination village of the same position."""
        origins, destinations = list(origins), list(destinations)
        if self.method == "great_circle":
            return np.array(
                [self._haversine(a, b) for a, b in zip(origins, destinations, strict=True)]
            )
        if self.method == "none":
            return np.full(len(origins), np.nan)
        wanted: dict[str, set[str]] = defaultdict(set)
        for a, b in zip(origins, destinations, strict=True):
            wanted[a].add(b)
        found = {a: self._dijkstra(a, targets, limit) for a, targets in wanted.items()}
        return np.array(
            [found[a].get(b, math.inf) for a, b in zip(origins, destinations, strict=True)]
        )

    def _dijkstra(self, source: str, targets: set[str], limit: float) -> dict[str, float]:
        """Shortest road km from ``source`` to ``targets`` (those within ``limit``).

        A village enters the heap only when a shorter way to it is found, so the heap holds
        no stale entries for villages already reached as cheaply; each village's road list
        is kept in a plain dictionary after its first use. The kilometres are those of the
        plain search: each is the first, hence least, sum ``km + step`` settled.
        """
        settled: dict[str, float] = {}
        best: dict[str, float] = {source: 0.0}
        left = set(targets)
        heap = [(0.0, source)]
        pop, push, inf = heapq.heappop, heapq.heappush, math.inf
        links_of = self._links
        while heap and left:
            km, village = pop(heap)
            if village in settled:
                continue
            if km > limit:
                break
            settled[village] = km
            left.discard(village)
            links = links_of.get(village)
            if links is None:
                links = links_of[village] = self.neighbours.get(village, ())
            for neighbour, step in links:
                reach = km + step
                if reach < best.get(neighbour, inf):
                    best[neighbour] = reach
                    push(heap, (reach, neighbour))
        return {t: settled[t] for t in targets if t in settled}

    def _haversine(self, a: str, b: str) -> float:
        (lat1, lon1), (lat2, lon2) = self.position[a], self.position[b]
        p1, p2 = math.radians(lat1), math.radians(lat2)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def mentor_components(
    data: Dataset, rules: Rules, pairs: pd.DataFrame, km: np.ndarray, distances_known: bool
) -> dict[str, np.ndarray]:
    """The four pair-score components (points) of each pair, from the raw tables.

    README, *The pair score*: needs covered, proximity, continuity (previous_pairs) and
    experience (in full for reserves of weak villages).
    """
    s = rules.mentors.score
    reserves, mentors = data.reserves, data.mentors
    needs_of = dict(zip(reserves["person_id"], reserves["needs"], strict=True))
    home_of = dict(zip(reserves["person_id"], reserves["village_id"], strict=True))
    skills_of = dict(zip(mentors["person_id"], mentors["skills"], strict=True))
    years_of = dict(zip(mentors["person_id"], mentors["experience_years"], strict=True))
    categories = dict(zip(data.villages["village_id"], data.villages["categories"], strict=True))
    previous = set(
        zip(data.previous_pairs["reserve_id"], data.previous_pairs["mentor_id"], strict=True)
    )
    out: dict[str, list[float]] = {"needs": [], "proximity": [], "continuity": [], "experience": []}
    for reserve, mentor, distance in zip(
        pairs["reserve_id"].tolist(), pairs["mentor_id"].tolist(), km.tolist(), strict=True
    ):
        needs = set(needs_of[reserve])
        skills = set(skills_of[mentor])
        out["needs"].append(s.needs * (len(needs & skills) / len(needs) if needs else 0.0))
        if not distances_known:
            closeness = 0.0
        elif rules.mentors.max_km > 0:
            closeness = min(max(1 - distance / rules.mentors.max_km, 0.0), 1.0)
        else:
            closeness = 10 / (10 + distance)
        out["proximity"].append(s.proximity * closeness)
        out["continuity"].append(s.continuity if (reserve, mentor) in previous else 0.0)
        years = years_of[mentor]
        years = 0.0 if pd.isna(years) else float(years)
        weak = bool(WEAK & set(categories[home_of[reserve]]))
        share = 1.0 if weak else s.experience_other_share
        cap = s.experience_cap_years
        out["experience"].append(s.experience * min(years, cap) / cap * share)
    return {name: np.array(values, dtype=float) for name, values in out.items()}


def named_people(data: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """The reserves and dispatched cadres among ``ids``, reserves first, with ``_reserve``.

    One pass over each people table: the rows are selected before anything is copied, so
    the work grows with the people named, not with the tables.

    Parameters
    ----------
    data : Dataset
        The raw tables (``reserves``, ``dispatched``).
    ids : iterable of str
        The person ids wanted.

    Returns
    -------
    pandas.DataFrame, shape (k, columns of both tables + 1)
        The rows of ``reserves`` whose id is among ``ids``, then those of ``dispatched``,
        in the tables' order, with a boolean ``_reserve`` column.
    """
    wanted = set(ids)
    return pd.concat(
        [
            frame[frame["person_id"].isin(wanted).to_numpy()].assign(_reserve=reserve)
            for frame, reserve in ((data.reserves, True), (data.dispatched, False))
        ],
        ignore_index=True,
    )


def fit_components(
    data: Dataset, rules: Rules, rows: pd.DataFrame, people: pd.DataFrame | None = None
) -> dict[str, np.ndarray]:
    """The five fit components (points) of each appointment, from the raw tables.

    README, *The fit*: evaluation (a dispatched cadre without one counts as
    ``missing_evaluation``), education, age profile, source group and route.

    Parameters
    ----------
    data : Dataset
        The raw tables.
    rules : Rules
        ``backfill.fit`` and the eligibility ages.
    rows : pandas.DataFrame, shape (n, ...)
        ``person_id`` and ``route`` of each appointment; every person must be known.
    people : pandas.DataFrame, optional
        :func:`named_people` of (at least) the rows' people, when the caller has read it
        already; read here otherwise. Of a person listed twice, the last row counts.

    Returns
    -------
    dict of str to numpy.ndarray of float, each shape (n,)
        ``evaluation``, ``education``, ``age``, ``source`` and ``route`` points per row,
        computed column-wise with the same floating-point steps as one row at a time.
    """
    fit, e = rules.backfill.fit, rules.eligibility
    if people is None:
        people = named_people(data, rows["person_id"].tolist())
    position = dict(zip(people["person_id"].tolist(), range(len(people)), strict=True))
    at = np.array([position[p] for p in rows["person_id"].tolist()], dtype=np.int64)
    evaluation = people["evaluation"].to_numpy(dtype=float, na_value=np.nan)[at]
    evaluation = np.where(np.isnan(evaluation), float(fit.missing_evaluation), evaluation)
    education = np.array(
        [EDUCATION_FACTORS.get(level, 0.0) for level in people["education"].tolist()],
        dtype=float,
    )[at]
    age = data.year - people["birth_year"].to_numpy(dtype=np.int64)[at]
    factor = np.ones(len(at))
    young, old = age < fit.peak_age_min, age > fit.peak_age_max
    factor[young] = (age[young] - e.min_age) / max(fit.peak_age_min - e.min_age, 1)
    factor[old] = (e.max_age - age[old]) / max(e.max_age - fit.peak_age_max, 1)
    sources = people["source"].tolist() if "source" in people else [None] * len(people)
    bonus = np.array(
        [
            float(fit.source_bonus.get(source, 0)) if reserve and isinstance(source, str) else 0.0
            for source, reserve in zip(sources, people["_reserve"].tolist(), strict=True)
        ],
        dtype=float,
    )
    return {
        "evaluation": fit.evaluation * evaluation / 100,
        "education": fit.education * education,
        "age": fit.age * np.minimum(np.maximum(factor, 0.0), 1.0),
        "source": bonus[at],
        "route": np.array(
            [float(fit.route_bonus.get(route, 0)) for route in rows["route"].tolist()], dtype=float
        ),
    }


def component_problems(
    rows: pd.DataFrame, key: pd.Series, own: dict[str, np.ndarray], scale: int
) -> list[str]:
    """Rows whose reported ``score_<part>`` differs from the checker's own by more than rounding."""
    tolerance = 1 / max(scale, 1) + 1e-6
    problems = []
    for name, values in own.items():
        column = f"score_{name}"
        if column not in rows:
            problems.append(f"the plan has no {column} column")
            continue
        off = np.abs(rows[column].to_numpy(dtype=float) - values) > tolerance
        for label, mine, theirs in zip(
            key[off], values[off], rows[column].to_numpy(dtype=float)[off], strict=True
        ):
            problems.append(f"{label}: {column} is {theirs:g}, recomputed {mine:.4f}")
    return problems


def given_problems(
    rows: pd.DataFrame, left: str, right: str, table: pd.DataFrame, scale: int
) -> list[str]:
    """Rows whose score differs from the given score of their pair (beyond the plan's rounding).

    The given scores are looked up by a join on the pair (the last one of a pair listed
    twice), not through a dictionary of every listed pair.
    """
    mine = pd.DataFrame({"a": rows[left].to_numpy(), "b": rows[right].to_numpy()})
    listed = pd.DataFrame(
        {
            "a": table[left].to_numpy(),
            "b": table[right].to_numpy(),
            "given": table["score"].to_numpy(dtype=float),
        }
    ).drop_duplicates(["a", "b"], keep="last")
    given = mine.merge(listed, on=["a", "b"], how="left", sort=False)["given"].to_numpy()
    scores = rows["score"].to_numpy(dtype=float)
    tolerance = 0.5 / max(scale, 1) + 1e-9
    off = ~np.isnan(given) & (np.abs(given - scores) > tolerance)
    return [
        f"{a}-{b}: score {score:g}, given {value:g}"
        for a, b, score, value in zip(
            mine["a"][off].tolist(),
            mine["b"][off].tolist(),
            scores[off].tolist(),
            given[off].tolist(),
            strict=True,
        )
    ]
