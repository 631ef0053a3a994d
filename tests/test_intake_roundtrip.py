"""Hypothesis: random well-formed datasets written as office forms read back to the same data.

Forms get random title and 填报单位 rows, header synonyms (with full-width brackets, units and
year prefixes), date forms for 出生年月, names instead of ids, and wide or long vetting.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from helpers import write_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadreplan.solver.dataset import load_dataset

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀"
VILLAGE_WORDS = "青石东柳梅新南白竹龙凤西金"
EDUCATION = {"junior": "初中", "high_school": "高中", "college": "大学专科", "bachelor": "大学本科"}
DEPARTMENTS = {"discipline": "纪委监委", "police": "公安", "court": "法院"}
RESULTS = {"pass": ["通过", "未发现问题"], "fail": ["不通过"], "pending": ["待定"]}


@st.composite
def districts(draw):
    """A small district: villages with unique names, reserves with unique (name, village)."""
    count = draw(st.integers(1, 4))
    names = draw(
        st.lists(st.sampled_from(VILLAGE_WORDS), min_size=count, max_size=count, unique=True)
    )
    villages = [
        {
            "name": f"{n}{draw(st.sampled_from(['村', '社区']))}",
            "population": draw(st.integers(100, 20000)),
        }
        for n in names
    ]
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(SURNAMES), st.sampled_from(GIVEN), st.integers(0, count - 1)),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    reserves = []
    for surname, first_name, village in people:
        reserves.append(
            {
                "name": surname + first_name,
                "village": villages[village]["name"],
                "birth_year": draw(st.integers(1960, 2000)),
                "birth_month": draw(st.integers(1, 12)),
                "education": draw(st.sampled_from(sorted(EDUCATION))),
                "evaluation": draw(st.integers(0, 100)),
                "vetting": {
                    d: draw(st.sampled_from(["pass", "fail", "pending", None])) for d in DEPARTMENTS
                },
            }
        )
    return villages, reserves


def _birth(year: int, month: int, form: int):
    return [
        f"{year}.{month:02d}",
        f"{year}年{month}月",
        f"{year}-{month:02d}-15",
        f"{year}/{month}/1",
        str(year),
    ][form]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    districts(),
    st.integers(0, 2),
    st.integers(0, 4),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["2025年履职评估得分", "履职评估得分", "评估得分（分）"]),
)
def test_forms_read_back_to_the_same_data(
    district, titles: int, date_form: int, wide: bool, workbook: bool, evaluation_header: str
) -> None:
    """Random forms (titles, header variants, date forms, wide or long vetting) read back."""
    villages, reserves = district
    title_rows = [["某某街道村级后备干部花名册"], ["填报单位：某某街道", "", "填报时间：2026年"]][
        :titles
    ]
    village_rows = [
        *title_rows[:titles],
        ["序号", "村（社区）名称", "户籍人口（人）", "镇街"],
        *[[i + 1, v["name"], v["population"], "某某街道"] for i, v in enumerate(villages)],
        ["合计", "", sum(v["population"] for v in villages), ""],
    ]
    reserve_rows = [
        *title_rows,
        ["序号", "姓名", "村（社区）", "出生年月", "学历", evaluation_header],
        *[
            [
                i + 1,
                r["name"],
                r["village"],
                _birth(r["birth_year"], r["birth_month"], date_form),
                EDUCATION[r["education"]],
                r["evaluation"],
            ]
            for i, r in enumerate(reserves)
        ],
        ["填表人：某某", "", "审核人：某某"],
    ]
    if wide:
        vetting_rows = [
            ["序号", "人选类别", "姓名", "村（社区）/工作单位", *DEPARTMENTS.values()],
            *[
                [i + 1, "村级后备干部", r["name"], r["village"]]
                + [RESULTS[r["vetting"][d]][0] if r["vetting"][d] else "" for d in DEPARTMENTS]
                for i, r in enumerate(reserves)
            ],
        ]
    else:
        vetting_rows = [["姓名", "村（社区）", "部门", "结果"]] + [
            [r["name"], r["village"], DEPARTMENTS[d], RESULTS[result][-1]]
            for r in reserves
            for d, result in r["vetting"].items()
            if result
        ]
    sheets = {
        "村基本情况": village_rows,
        "后备干部花名册": reserve_rows,
        "联审汇总表": vetting_rows,
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if workbook:
            data = load_dataset(write_book(root / "forms.xlsx", sheets), 2026)
        else:
            for name, rows in sheets.items():
                width = max(len(r) for r in rows)
                text = "\n".join(
                    ",".join(str(c) for c in [*r, *[""] * (width - len(r))]) for r in rows
                )
                (root / f"{name}.csv").write_bytes(text.encode("gbk"))
            data = load_dataset(root, 2026)
    assert data.villages["name"].tolist() == [v["name"] for v in villages]
    assert data.villages["population"].tolist() == [v["population"] for v in villages]
    read = {(row.name, row.village_id): row for row in data.reserves.itertuples()}
    assert len(read) == len(reserves)
    by_id = {row.person_id: (row.name, row.village_id) for row in data.reserves.itertuples()}
    for r in reserves:
        row = read[(r["name"], r["village"])]
        assert row.birth_year == r["birth_year"]
        assert row.education == r["education"]
        assert row.evaluation == r["evaluation"]
    vetting = {
        (by_id[p], d): result
        for p, d, result in zip(
            data.vetting["person_id"],
            data.vetting["department"],
            data.vetting["result"],
            strict=True,
        )
    }
    expected = {
        ((r["name"], r["village"]), d): result
        for r in reserves
        for d, result in r["vetting"].items()
        if result
    }
    assert vetting == expected
