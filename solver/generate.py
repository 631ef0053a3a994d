"""Synthetic districts in the dataset format, from one village to a whole province.

Proportions follow DOMAIN.md: towns of 10-20 villages, a connected road network with
detour factors of 1.15-1.45 over straight lines, about 2 reserves per village (unevenly
spread), one mentor per about 3 reserves, about 8% vacant posts, about 5% vetting failures,
some cross-village pilot villages, and a few conflicts and previous pairs. Everything is
drawn from one ``numpy`` generator, so the same seed gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay

from .dataset import this_year
from .tables import DEPARTMENT_WORDS, MENTOR_TYPE_WORDS, SOURCE_WORDS

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红梅兰春玲海燕文斌宇浩凯鹏飞晨欣悦琳婷雪慧佳晓东成林峰波辉"
)
#: Words that open a place name: colours and directions (青, 白, 东 …) and things of the
#: land (石, 柳, 鹤 …); an opening and a thing make the longer names (白鹤岭, 金鱼塘).
PLACE_OPENING = list("青白红黄金银大小新长清东南西北")
PLACE_THING = list("石柳梅竹龙凤山桃杏松桂荷兰马牛鹤鹿鱼花茶枣")
#: Auspicious words that pair into names of their own (兴隆, 永安, 太平).
PLACE_GOOD = list("丰安和平乐福兴隆盛永宁康泰富太")
#: Landform characters that end a place name (…山, …湾, …坪); none of 村, 社, 区, 镇, 街.
PLACE_LAST = list("山桥湖塘岭港坪沙园泉岗溪田河冈洞坑围口坝湾庄堡寨林圩埠墩垄铺店坡畈垅嘴")
#: Prefixes that tell neighbouring places apart (上官庄, 大石桥).
PLACE_PREFIX = list("上下前后东西南北大小中")
SKILLS = (
    "党务",
    "村务",
    "集体经济",
    "调解",
    "电商",
    "规划",
    "财务",
    "治安",
    "教育",
    "医疗",
    "种植",
    "养殖",
    "法律",
    "社区治理",
    "物流",
)
UNITS = ("区农业农村局", "区民政局", "市供销集团", "区城管局", "区财政局", "市农商银行", "区人社局")
KM_PER_DEGREE = 111.32
#: Square kilometres per village; a province of 26,000 villages spans about 260,000 km².
AREA_PER_VILLAGE = 10.0


def generate_dataset(
    villages: int, seed: int = 0, year: int | None = None
) -> dict[str, pd.DataFrame]:
    """Draw a synthetic dataset of ``villages`` villages; returns one frame per table."""
    if villages < 1:
        raise ValueError("villages must be at least 1")
    year = this_year() if year is None else year
    rng = np.random.default_rng(seed)
    n = villages
    width = max(5, len(str(n)) + 1)

    # Towns of 10-20 villages, placed at random; villages scatter around their town.
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(10, 21)))
    sizes[-1] -= sum(sizes) - n
    town_of = np.repeat(np.arange(len(sizes)), sizes)
    side = np.sqrt(n * AREA_PER_VILLAGE)
    centres = rng.uniform(0, side, size=(len(sizes), 2))
    spread = np.sqrt(np.asarray(sizes) * AREA_PER_VILLAGE / np.pi) / 1.5
    xy = centres[town_of] + rng.normal(size=(n, 2)) * spread[town_of, None]
    lat = 23.0 + xy[:, 1] / KM_PER_DEGREE
    lon = 113.0 + xy[:, 0] / (KM_PER_DEGREE * np.cos(np.radians(23.0)))
    village_ids = np.array([f"V{i:0{width}d}" for i in range(1, n + 1)])
    # Towns (镇) and a few sub-districts (街道); villages (村) and communities (社区).
    town_suffix = rng.choice(["镇", "街道"], size=len(sizes), p=[0.85, 0.15])
    town_names = _unique_names(rng, town_suffix.tolist())
    categories = _categories(rng, n)
    population = np.round(rng.lognormal(np.log(2600), 0.6, size=n)).astype(np.int64)
    population[rng.random(n) < 0.01] = rng.integers(10_000, 30_000, size=1)
    kind = np.where(rng.random(n) < 0.15, "community", "village")
    pilot = rng.random(n) < 0.10
    village_names = _unique_names(
        rng, ["社区" if k == "community" else "村" for k in kind.tolist()]
    )
    villages_frame = pd.DataFrame(
        {
            "village_id": village_ids,
            "name": village_names,
            "town": town_names[town_of],
            "kind": kind,
            "population": population,
            "categories": categories,
            "cross_village_pilot": np.where(pilot, "true", "false"),
            "lat": np.round(lat, 5),
            "lon": np.round(lon, 5),
        }
    )
    roads = _roads(rng, xy, village_ids)

    # Secretaries: about 8% of posts vacant, as missing, to_adjust or leaving.
    vacant = rng.random(n) < 0.08
    vacancy_kind = rng.integers(0, 3, size=n)
    has_record = ~(vacant & (vacancy_kind == 0))
    status = np.where(vacant, np.where(vacancy_kind == 1, "to_adjust", "leaving"), "in_post")
    sec_index = np.flatnonzero(has_record)
    m = len(sec_index)
    secretaries = pd.DataFrame(
        {
            "person_id": [f"S{i:0{width}d}" for i in range(1, m + 1)],
            "name": _names(rng, m),
            "village_id": village_ids[sec_index],
            "birth_year": year - rng.integers(30, 62, size=m),
            "gender": np.where(rng.random(m) < 0.25, "F", "M"),
            "education": rng.choice(
                ["high_school", "college", "bachelor"], size=m, p=[0.3, 0.45, 0.25]
            ),
            "party_since": year - rng.integers(5, 35, size=m),
            "terms": rng.choice([1, 2, 3, 4], size=m, p=[0.35, 0.35, 0.2, 0.1]),
            "rating": rng.choice(
                ["excellent", "good", "fair", "poor"], size=m, p=[0.12, 0.5, 0.33, 0.05]
            ),
            "status": status[sec_index],
        }
    )

    # Reserves: about 2 per village, unevenly (negative binomial, some villages have none).
    counts = rng.negative_binomial(4, 4 / 6, size=n)
    reserve_village = np.repeat(np.arange(n), counts)
    r = len(reserve_village)
    rwidth = max(6, len(str(r)) + 1)
    reserve_ids = np.array([f"R{i:0{rwidth}d}" for i in range(1, r + 1)])
    member = rng.random(r) < 0.9
    party_since = year - rng.integers(0, 20, size=r)
    reserves = pd.DataFrame(
        {
            "person_id": reserve_ids,
            "name": _names(rng, r),
            "village_id": village_ids[reserve_village],
            "birth_year": year - np.clip(np.round(rng.normal(38, 8, size=r)), 22, 62).astype(int),
            "gender": np.where(rng.random(r) < 0.35, "F", "M"),
            "education": rng.choice(
                ["junior", "high_school", "vocational", "college", "bachelor", "master"],
                size=r,
                p=[0.06, 0.2, 0.1, 0.32, 0.28, 0.04],
            ),
            "party_since": np.where(member, party_since.astype(str), ""),
            "source": rng.choice(list(SOURCE_WORDS), size=r),
            "evaluation": np.clip(np.round(rng.normal(76, 10, size=r)), 35, 100).astype(int),
            "needs": _tags(rng, r, 1, 3),
            "skills": _tags(rng, r, 1, 2),
        }
    )

    # Mentors: one per about 3 reserves, placed in the villages, all four types.
    k = max(1, int(round(r / 3)))
    mentor_village = rng.integers(0, n, size=k)
    mwidth = max(5, len(str(k)) + 1)
    mentor_ids = np.array([f"M{i:0{mwidth}d}" for i in range(1, k + 1)])
    mentors = pd.DataFrame(
        {
            "person_id": mentor_ids,
            "name": _names(rng, k),
            "type": rng.choice(list(MENTOR_TYPE_WORDS), size=k, p=[0.3, 0.3, 0.2, 0.2]),
            "village_id": village_ids[mentor_village],
            "capacity": rng.choice([2, 3, 4], size=k, p=[0.3, 0.5, 0.2]),
            "skills": _tags(rng, k, 2, 4),
            "experience_years": rng.integers(2, 35, size=k),
        }
    )

    d = max(3, n // 30)
    dispatched_ids = np.array([f"D{i:0{width}d}" for i in range(1, d + 1)])
    dispatched = pd.DataFrame(
        {
            "person_id": dispatched_ids,
            "name": _names(rng, d),
            "unit": rng.choice(UNITS, size=d),
            "birth_year": year - rng.integers(28, 58, size=d),
            "gender": np.where(rng.random(d) < 0.3, "F", "M"),
            "education": rng.choice(["college", "bachelor", "master"], size=d, p=[0.3, 0.55, 0.15]),
            "party_since": year - rng.integers(2, 25, size=d),
            "evaluation": np.where(
                rng.random(d) < 0.2,
                "",
                np.clip(np.round(rng.normal(80, 8, size=d)), 50, 100).astype(int).astype(str),
            ),
        }
    )

    vetting = _vetting(rng, np.concatenate([reserve_ids, dispatched_ids]))
    conflicts, previous = _links(
        rng, reserve_ids, reserve_village, mentor_ids, mentor_village, town_of
    )
    # The yearly review's data (plan reserves / plan ratings) comes from a stream of its own,
    # so every table above stays the same for a seed as before it was added.
    secretaries, nominees = _review_tables(
        np.random.default_rng([seed, 15]), year, secretaries, village_ids
    )
    # Birth and Party-joining months (for the rosters' 1988.09), from a stream of their own.
    months = np.random.default_rng([seed, 12])
    secretaries, reserves, dispatched, nominees = (
        _with_months(months, frame) for frame in (secretaries, reserves, dispatched, nominees)
    )
    return {
        "villages": villages_frame,
        "roads": roads,
        "secretaries": secretaries,
        "reserves": reserves,
        "nominees": nominees,
        "mentors": mentors,
        "dispatched": dispatched,
        "vetting": vetting,
        "conflicts": conflicts,
        "previous_pairs": previous,
    }


def _with_months(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``birth_month`` after ``birth_year`` and ``party_month`` after
    ``party_since`` (uniform months; blank where there is no Party year)."""
    count = len(frame)
    birth = rng.integers(1, 13, size=count)
    party = rng.integers(1, 13, size=count)
    member = frame["party_since"].astype(str).str.strip().ne("").to_numpy()
    frame = frame.copy()
    frame.insert(frame.columns.get_loc("birth_year") + 1, "birth_month", birth)
    frame.insert(
        frame.columns.get_loc("party_since") + 1,
        "party_month",
        np.where(member, party.astype(str), ""),
    )
    return frame


def _review_tables(
    rng: np.random.Generator, year: int, secretaries: pd.DataFrame, village_ids: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assessments and vetoes of the secretaries, and nominees (推荐人选) for the pool.

    Assessments (实绩考核得分) are whole points around 84 (sd 7: about 20% reach 90, more
    than the cap of 15%), so the cap binds and ties at its boundary happen as in an office;
    about 1% of secretaries carry a veto (一票否决). About
    0.6 nominees per village (Poisson), shaped like the reserves, with a nomination
    assessment around 78.
    """
    m = len(secretaries)
    assessed = secretaries.assign(
        assessment=np.clip(np.round(rng.normal(84, 7, size=m)), 40, 100).astype(int),
        veto=np.where(rng.random(m) < 0.01, "true", "false"),
    )
    counts = rng.poisson(0.6, size=len(village_ids))
    home = np.repeat(np.arange(len(village_ids)), counts)
    k = len(home)
    width = max(6, len(str(k)) + 1)
    member = rng.random(k) < 0.8
    nominees = pd.DataFrame(
        {
            "person_id": [f"N{i:0{width}d}" for i in range(1, k + 1)],
            "name": _names(rng, k),
            "village_id": village_ids[home],
            "birth_year": year - np.clip(np.round(rng.normal(33, 7, size=k)), 22, 55).astype(int),
            "gender": np.where(rng.random(k) < 0.4, "F", "M"),
            "education": rng.choice(
                ["junior", "high_school", "vocational", "college", "bachelor", "master"],
                size=k,
                p=[0.04, 0.16, 0.1, 0.34, 0.32, 0.04],
            ),
            "party_since": np.where(member, (year - rng.integers(1, 15, size=k)).astype(str), ""),
            "source": rng.choice(list(SOURCE_WORDS), size=k),
            "evaluation": np.clip(np.round(rng.normal(78, 9, size=k)), 40, 100).astype(int),
            "needs": _tags(rng, k, 1, 3),
            "skills": _tags(rng, k, 1, 2),
        }
    )
    return assessed, nominees


def _unique_names(rng: np.random.Generator, suffixes: list[str]) -> np.ndarray:
    """Distinct names, the i-th a place name plus ``suffixes[i]`` (镇/街道, 村/社区).

    A name drawn twice is drawn again (after 20 tries in a longer form), never numbered.
    """
    names: list[str] = []
    seen: set[str] = set()
    for suffix in suffixes:
        for attempt in range(1000):
            name = _place(rng, longer=attempt >= 20) + suffix
            if name not in seen:
                break
        else:  # pragma: no cover - would need more than a million names
            raise ValueError("ran out of distinct place names")
        seen.add(name)
        names.append(name)
    return np.array(names)


def _place(rng: np.random.Generator, longer: bool = False) -> str:
    """A believable place name without its suffix: 青山, 白鹤岭, 兴隆, 王家庄, 上金沙湾.

    The forms: an opening or a thing and a landform (柳塘), an opening, a thing and a
    landform (白鹤岭), two auspicious words (永安), a surname with 家 and a landform (王家庄),
    and, when ``longer`` (names are running out), a direction before the three-word form.
    """
    landform = str(rng.choice(PLACE_LAST))
    form = 4 if longer else int(rng.choice(4, p=[0.3, 0.4, 0.1, 0.2]))
    if form == 0:
        first = str(rng.choice(PLACE_OPENING + PLACE_THING))
        return first + landform if first != landform else first + "溪"
    if form == 2:
        first, second = rng.choice(PLACE_GOOD, size=2, replace=False)
        return str(first) + str(second)
    if form == 3:
        return str(rng.choice(SURNAMES)) + "家" + landform
    thing = str(rng.choice(PLACE_THING))
    name = str(rng.choice(PLACE_OPENING)) + thing + (landform if landform != thing else "岗")
    return str(rng.choice(PLACE_PREFIX)) + name if longer else name


def _names(rng: np.random.Generator, count: int) -> np.ndarray:
    surname = rng.choice(SURNAMES, size=count)
    first = rng.choice(GIVEN, size=count)
    second = np.where(rng.random(count) < 0.6, rng.choice(GIVEN, size=count), "")
    return np.char.add(np.char.add(surname, first), second)


def _tags(rng: np.random.Generator, count: int, low: int, high: int) -> list[str]:
    sizes = rng.integers(low, high + 1, size=count)
    order = np.argsort(rng.random((count, len(SKILLS))), axis=1)
    skills = np.array(SKILLS)
    return [";".join(skills[order[i, : sizes[i]]]) for i in range(count)]


def _categories(rng: np.random.Generator, n: int) -> list[str]:
    shares = {"weak_lax": 0.05, "poor": 0.10, "weak_economy": 0.15, "advanced": 0.08}
    draws = {name: rng.random(n) < share for name, share in shares.items()}
    # An advanced village is neither weak nor poor.
    for name in ("weak_lax", "poor", "weak_economy"):
        draws["advanced"] &= ~draws[name]
    return [";".join(name for name in shares if draws[name][i]) for i in range(n)]


def _roads(rng: np.random.Generator, xy: np.ndarray, village_ids: np.ndarray) -> pd.DataFrame:
    n = len(xy)
    if n < 2:
        return pd.DataFrame({"from": [], "to": [], "km": []})
    if n < 4:
        a = np.arange(n - 1)
        b = a + 1
    else:
        triangles = Delaunay(xy + rng.normal(scale=1e-6, size=xy.shape)).simplices
        edges = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [0, 2]]])
        edges = np.unique(np.sort(edges, axis=1), axis=0)
        length = np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1)
        tree = minimum_spanning_tree(
            coo_matrix((length + 1e-9, (edges[:, 0], edges[:, 1])), shape=(n, n))
        )
        tree = tree.tocoo()
        spanning = set(
            zip(np.minimum(tree.row, tree.col), np.maximum(tree.row, tree.col), strict=True)
        )
        # Keep the spanning tree (so all villages connect) and the shorter half of the rest.
        short = length <= np.quantile(length, 0.5)
        in_tree = np.array([(int(x), int(y)) in spanning for x, y in edges])
        keep = in_tree | short
        a, b = edges[keep, 0], edges[keep, 1]
    straight = np.linalg.norm(xy[a] - xy[b], axis=1)
    km = np.maximum(0.3, np.round(straight * rng.uniform(1.15, 1.45, size=len(a)), 1))
    return pd.DataFrame({"from": village_ids[a], "to": village_ids[b], "km": km})


def _vetting(rng: np.random.Generator, person_ids: np.ndarray) -> pd.DataFrame:
    departments = np.array(list(DEPARTMENT_WORDS))
    p = len(person_ids)
    persons = np.repeat(person_ids, len(departments))
    depts = np.tile(departments, p)
    result = np.full(len(persons), "pass", dtype=object)
    note = np.full(len(persons), "", dtype=object)
    fail = np.flatnonzero(rng.random(p) < 0.05) * len(departments) + rng.integers(
        0, len(departments)
    )
    result[fail] = "fail"
    note[fail] = "联审未通过"
    pending = np.flatnonzero(rng.random(p) < 0.02) * len(departments) + rng.integers(
        0, len(departments)
    )
    result[pending] = "pending"
    keep = np.ones(len(persons), dtype=bool)
    missing = np.flatnonzero(rng.random(p) < 0.01) * len(departments) + len(departments) - 1
    keep[missing] = False
    return pd.DataFrame(
        {
            "person_id": persons[keep],
            "department": depts[keep],
            "result": result[keep],
            "note": note[keep],
        }
    )


def _links(rng, reserve_ids, reserve_village, mentor_ids, mentor_village, town_of):
    """Conflicts (about 1% of reserves) and previous pairs (about 30%) within the same town."""
    if len(reserve_ids) == 0 or len(mentor_ids) == 0:
        empty = pd.DataFrame({"person_a": [], "person_b": [], "relation": []})
        return empty, pd.DataFrame({"reserve_id": [], "mentor_id": []})
    mentor_town = town_of[mentor_village]
    order = np.argsort(mentor_town, kind="stable")
    sorted_towns = mentor_town[order]
    reserve_town = town_of[reserve_village]
    start = np.searchsorted(sorted_towns, reserve_town, side="left")
    stop = np.searchsorted(sorted_towns, reserve_town, side="right")
    has = stop > start
    pick = start + np.floor(rng.random(len(reserve_ids)) * np.maximum(stop - start, 1)).astype(int)
    pick = np.minimum(pick, len(order) - 1)
    partner = mentor_ids[order[pick]]
    draw = rng.random(len(reserve_ids))
    conflict = has & (draw < 0.01)
    previous = has & (draw >= 0.01) & (draw < 0.31)
    conflicts = pd.DataFrame(
        {
            "person_a": reserve_ids[conflict],
            "person_b": partner[conflict],
            "relation": rng.choice(["亲属", "同村利益关系", "上下级"], size=int(conflict.sum())),
        }
    )
    previous_pairs = pd.DataFrame(
        {"reserve_id": reserve_ids[previous], "mentor_id": partner[previous]}
    )
    return conflicts, previous_pairs


def write_dataset(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """Write the tables as a folder of UTF-8 CSV files, or one workbook when ``out`` is .xlsx."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        for name, frame in tables.items():
            sheet = workbook.create_sheet(name)
            sheet.append(list(frame.columns))
            for row in frame.itertuples(index=False):
                sheet.append([_plain(v) for v in row])
        out.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(out)
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    return value
