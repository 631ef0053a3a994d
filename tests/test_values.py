"""Tests of the cell-value parsers (solver/intake/values): every form offices write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cadreplan.solver.intake.values import (
    CellProblem,
    Parsed,
    birth_contradiction,
    blank_mask,
    category_of_flag,
    first_difference,
    higher_education,
    id_check_character,
    normalise_department,
    parse_bool,
    parse_column,
    parse_department_notes,
    parse_departments,
    parse_education,
    parse_enum,
    parse_id_number,
    parse_list,
    parse_number,
    parse_party_status,
    parse_vetting_result,
    parse_year_month,
    party_since,
    settle_month,
)
from cadreplan.solver.words import has, say

#: The shared folder sits beside the clone (CI) or beside the worktrees' folder (/work/wt/x).
_CLONE = Path(__file__).resolve().parents[1]
SHARED = next(
    (p for p in (_CLONE.parent / "shared", _CLONE.parent.parent / "shared") if p.is_dir()),
    _CLONE.parent / "shared",
)
QINGXI = SHARED / "forms" / "qingxi"


def cells(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def problem_of(parse, *values: object, **options: object) -> CellProblem:
    with pytest.raises(CellProblem) as caught:
        parse(cells(*values), **options)
    return caught.value


# ------------------------------------------------------------------------ years and months


@pytest.mark.parametrize(
    ("cell", "year", "month", "day", "ambiguous"),
    [
        ("1985", 1985, None, None, False),
        (1985, 1985, None, None, False),
        (1985.0, 1985, None, None, False),
        ("1985年", 1985, None, None, False),
        ("1985.03", 1985, 3, None, False),
        ("1985.3", 1985, 3, None, False),
        (1985.3, 1985, 3, None, False),
        (1985.03, 1985, 3, None, False),
        ("1985.10", 1985, 10, None, False),
        ("1985.12", 1985, 12, None, False),
        (1985.12, 1985, 12, None, False),
        (1972.1, 1972, 10, None, True),
        ("1984.1", 1984, 10, None, True),
        ("1985.01", 1985, 1, None, False),
        ("1985年3月", 1985, 3, None, False),
        ("1985年03月", 1985, 3, None, False),
        ("1985-03", 1985, 3, None, False),
        ("1985/3", 1985, 3, None, False),
        ("1985-1", 1985, 1, None, False),
        ("1985-03-12", 1985, 3, 12, False),
        ("1985/3/1", 1985, 3, 1, False),
        ("1985.3.12", 1985, 3, 12, False),
        ("1985年3月12日", 1985, 3, 12, False),
        ("1985-03-12 00:00:00", 1985, 3, 12, False),
        ("198503", 1985, 3, None, False),
        ("19850312", 1985, 3, 12, False),
        (198503, 1985, 3, None, False),
        ("１９８５．０３", 1985, 3, None, False),
        (" 1985.03 ", 1985, 3, None, False),
        ("1985。03", 1985, 3, None, False),
        (dt.datetime(1985, 3, 12), 1985, 3, 12, False),
        (dt.date(1985, 3, 12), 1985, 3, 12, False),
        (pd.Timestamp("1985-03-12"), 1985, 3, 12, False),
        (31107, 1985, 3, 1, False),
        (31118.5, 1985, 3, 12, False),
        ("31118", 1985, 3, 12, False),
    ],
)
def test_year_month_forms(cell: object, year: int, month: int | None, day, ambiguous) -> None:
    """Every accepted way of writing 出生年月/入党时间 gives its year, month, day exactly."""
    parsed = parse_year_month(cells(cell))
    assert parsed.values.tolist() == [year]
    assert parsed.extra["month"].tolist() == [pd.NA if month is None else month]
    assert parsed.extra["day"].tolist() == [pd.NA if day is None else day]
    assert parsed.extra["ambiguous"].tolist() == [ambiguous]
    plain = isinstance(cell, int | float) and float(cell) == 1985 or cell == "1985"
    assert parsed.converted == (0 if plain else 1)


@pytest.mark.parametrize("cell", [None, np.nan, "", "  ", "/", "—", "－", "无", "空", "暂无"])
def test_year_month_blanks(cell: object) -> None:
    """Blank cells and blank marks read as <NA> with no month."""
    parsed = parse_year_month(cells("1990.01", cell))
    assert parsed.values.isna().tolist() == [False, True]
    assert parsed.extra["month"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("cell", "key", "params"),
    [
        ("abc", "value.not_a_year_month", {}),
        ("1985.13", "value.not_a_month", {"month": 13}),
        ("1985年13月", "value.not_a_month", {"month": 13}),
        ("1985.0", "value.not_a_month", {"month": 0}),
        ("1985-02-30", "value.not_a_day", {"year": 1985, "month": 2, "day": 30}),
        ("1850.03", "value.year_out_of_range", {"year": 1850, "low": 1900, "high": 2100}),
        ("85.03", "value.not_a_year_month", {}),
        ("985", "value.not_a_year_month", {}),
        (9999, "value.not_a_year_month", {}),
        (73051, "value.not_a_year_month", {}),
        (1_000_000_000, "value.not_a_year_month", {}),
        (True, "value.not_a_year_month", {}),
        ("1985.3.4.5", "value.not_a_year_month", {}),
    ],
)
def test_year_month_refused(cell: object, key: str, params: dict[str, object]) -> None:
    """A cell that is no year and month is refused at its position with the right key."""
    problem = problem_of(parse_year_month, "1980.01", None, cell, "bad too")
    assert (problem.position, problem.key) == (2, key)
    assert problem.params == {"value": str(cell).strip(), **params}


def test_whole_datetime_column() -> None:
    """A datetime64 column (a date column read by pandas) gives years, months and days."""
    parsed = parse_year_month(pd.Series(pd.to_datetime(["1985-03-12", None])))
    assert parsed.values.tolist() == [1985, pd.NA]
    assert parsed.extra["month"].tolist() == [3, pd.NA]
    assert parsed.converted == 1


_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

_FORMS = [
    lambda y, m: f"{y}.{m:02d}",
    lambda y, m: f"{y}年{m}月",
    lambda y, m: f"{y}年{m:02d}月",
    lambda y, m: f"{y}-{m:02d}-15",
    lambda y, m: f"{y}/{m}/1",
    lambda y, m: f"{y}{m:02d}",
    lambda y, m: dt.datetime(y, m, 28),
    lambda y, m: float(f"{y}.{m:02d}"),  # a General cell: 1985.10 is stored as 1985.1
    lambda y, m: (dt.date(y, m, 5) - dt.date(1899, 12, 30)).days,  # an Excel serial: _SERIAL_FORM
    lambda y, m: f"{y}.{m}" if m != 1 else f"{y}.01",  # 1985.3 (a lone 1 would be October)
    lambda y, m: f"{y}-{m:02d}-01 00:00:00",  # a date cell written out by pandas
    lambda y, m: f"{y}年{m}月".translate(_FULL_WIDTH),  # full-width digits
    lambda y, m: f"{y}{m:02d}{9:02d}",
    lambda y, m: pd.Timestamp(y, m, 9),
]


_SERIAL_FORM = 8


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1900, 2099),
    st.integers(1, 12),
    st.sampled_from(range(len(_FORMS))),
)
def test_any_form_reads_back_the_year_and_month(year: int, month: int, form: int) -> None:
    """Any year and month written in any accepted form parses back to that year and month."""
    assume(form != _SERIAL_FORM or year >= 1928)  # serials are read from 1927-05-18 on
    cell = _FORMS[form](year, month)
    parsed = parse_year_month(cells(cell))
    assert parsed.values.tolist() == [year]
    assert parsed.extra["month"].tolist() == [month]


# ------------------------------------------------------------------------------ ID numbers


def make_id(region: str, birth: dt.date, sequence: int) -> str:
    """An 18-character ID number with its GB 11643 check character."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_character(body)


def test_check_character_of_the_standards_example() -> None:
    """The check character of GB 11643-1999's own example number 11010519491231002X is X."""
    assert id_check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("cell", "number", "birth", "gender"),
    [
        ("449902198809062352", "449902198809062352", (1988, 9, 6), "M"),
        ("44990219841022249X", "44990219841022249X", (1984, 10, 22), "M"),
        ("44990219841022249x", "44990219841022249X", (1984, 10, 22), "M"),
        ("449902199107102561", "449902199107102561", (1991, 7, 10), "F"),
        (" 449902 19910710 2561 ", "449902199107102561", (1991, 7, 10), "F"),
        ("'449902199107102561", "449902199107102561", (1991, 7, 10), "F"),
        ("４４９９０２１９９１０７１０２５６１", "449902199107102561", (1991, 7, 10), "F"),
        ("11010519491231002X", "11010519491231002X", (1949, 12, 31), "F"),
        ("449902880906235", "449902880906235", (1988, 9, 6), "M"),
        ("449902880906234", "449902880906234", (1988, 9, 6), "F"),
        (449902880906235, "449902880906235", (1988, 9, 6), "M"),
    ],
)
def test_id_numbers(cell: object, number: str, birth: tuple[int, int, int], gender: str) -> None:
    """Valid 18-digit and legacy 15-digit numbers give the number, birth date and gender."""
    parsed = parse_id_number(cells(cell, None))
    assert parsed.values.tolist() == [number, pd.NA]
    extra = parsed.extra
    assert (extra["birth_year"][0], extra["birth_month"][0], extra["birth_day"][0]) == birth
    assert extra["gender"].tolist() == [gender, pd.NA]
    assert parsed.converted == (0 if cell == number and len(number) == 18 else 1)


@pytest.mark.parametrize(
    ("cell", "key", "params"),
    [
        ("449902198809062353", "value.id_check_digit", {"expected": "2"}),
        ("449902198809162352", "value.id_check_digit", {"expected": "3"}),
        (4.49902198809062e17, "value.id_excel_number", {}),
        (449902198809062000, "value.id_excel_number", {}),
        ("4.49902E+17", "value.id_excel_number", {}),
        ("4.49902e17", "value.id_excel_number", {}),
        ("449902198809062000", "value.id_excel_number", {"expected": "2"}),
        ("44990219880230235X", "value.id_birth_date", {"date": "1988-02-30"}),
        ("449902881306235", "value.id_birth_date", {"date": "1988-13-06"}),
        ("44990219880906235", "value.id_malformed", {}),
        ("4499021988090623521", "value.id_malformed", {}),
        ("44990219880906235Y", "value.id_malformed", {}),
        (True, "value.id_malformed", {}),
    ],
)
def test_bad_id_numbers(cell: object, key: str, params: dict[str, object]) -> None:
    """Wrong check characters, Excel's numbers, impossible dates and other text are refused."""
    problem = problem_of(parse_id_number, "449902198809062352", cell)
    assert (problem.position, problem.key) == (1, key)
    assert {k: v for k, v in problem.params.items() if k != "value"} == params


def test_excel_number_message_says_how_to_keep_the_id_as_text() -> None:
    """The message for an ID Excel made a number shows it as Excel does and says: use text."""
    problem = problem_of(parse_id_number, 4.49902198809062e17)
    assert problem.params["value"] == "4.49902E+17"
    assert "format the column as text" in problem.render("en").lower()
    assert "文本" in problem.render("zh")


def test_first_bad_id_is_the_one_reported() -> None:
    """Among several bad numbers the one with the smallest position is reported."""
    problem = problem_of(parse_id_number, "449902198809062352", "449902198809062353", "abc", 4.4e17)
    assert (problem.position, problem.key) == (1, "value.id_check_digit")


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
    st.integers(0, 999),
)
def test_random_valid_id_gives_its_birth_and_gender(region, birth, sequence) -> None:
    """A random ID built with the GB 11643 check character parses to its birth and gender."""
    number = make_id(region, birth, sequence)
    parsed = parse_id_number(cells(number))
    extra = parsed.extra
    assert parsed.values.tolist() == [number]
    assert (extra["birth_year"][0], extra["birth_month"][0], extra["birth_day"][0]) == (
        birth.year,
        birth.month,
        birth.day,
    )
    assert extra["gender"][0] == ("M" if sequence % 2 else "F")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
    st.integers(0, 999),
    st.integers(0, 17),
    st.integers(1, 9),
)
def test_changing_one_digit_breaks_the_check(birth, sequence, place, shift) -> None:
    """Changing any one digit of a valid ID number makes it fail the check (or its date)."""
    number = make_id("449902", birth, sequence)
    if place == 17 and number[17] == "X":
        changed = number[:17] + str(shift)
    else:
        changed = number[:place] + str((int(number[place]) + shift) % 10) + number[place + 1 :]
    with pytest.raises(CellProblem) as caught:
        parse_id_number(cells(changed))
    assert caught.value.key in {
        "value.id_check_digit",
        "value.id_birth_date",
        "value.id_excel_number",
    }


# -------------------------------------------------------------------- birth and ID compared


def test_birth_contradiction_names_the_first_row() -> None:
    """出生年月 that disagrees with the ID number in year or month is found by position."""
    birth = parse_year_month(cells("1988.09", "1984.1", "1990/1/1", "1991.07", "1993.02", None))
    ids = parse_id_number(
        cells(
            "449902198809062352",  # agrees
            "44990219841022249X",  # 1984.1 is October: agrees
            "449902199001174241",  # a /1 day placeholder: days are not compared
            None,  # no ID: nothing to compare
            "449902199311022745",  # November, not February
            "449902198809062352",
        )
    )
    assert birth_contradiction(birth, ids) == 4


def test_ambiguous_month_agrees_with_january_and_settles_from_the_id() -> None:
    """A YYYY.1 agrees with a January ID, and settle_month takes the month from the ID."""
    birth = parse_year_month(cells("1985.1", "1985.1", "1985.1"))
    ids = parse_id_number(
        cells(
            make_id("449902", dt.date(1985, 1, 5), 11),
            make_id("449902", dt.date(1985, 10, 5), 11),
            None,
        )
    )
    assert birth_contradiction(birth, ids) is None
    settled = settle_month(birth, ids)
    assert settled.extra["month"].tolist() == [1, 10, 10]
    assert settled.extra["ambiguous"].tolist() == [False, False, True]


def test_year_contradiction() -> None:
    """A year that differs from the ID number's is a contradiction even without months."""
    birth = parse_year_month(cells(1988, 1987))
    ids = parse_id_number(cells("449902198809062352", "449902198809062352"))
    assert birth_contradiction(birth, ids) == 1


def test_gender_contradiction_by_first_difference() -> None:
    """first_difference finds a 性别 that disagrees with the ID number's gender."""
    gender = parse_enum(cells("男", "女", None, "男"), "gender").values
    ids = parse_id_number(
        cells(
            "449902198809062352", "449902199107102561", "449902199107102561", "449902199107102561"
        )
    )
    assert first_difference(gender, ids.extra["gender"]) == 3
    assert first_difference(gender.iloc[:3], ids.extra["gender"].iloc[:3]) is None


# ------------------------------------------------------------------------- Party membership


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("中共党员", "member"),
        ("党员", "member"),
        ("中国共产党党员", "member"),
        ("中共预备党员", "probationary"),
        ("预备党员", "probationary"),
        ("中共党员（预备）", "probationary"),
        ("共青团员", "non_member"),
        ("团员", "non_member"),
        ("群众", "non_member"),
        ("无党派人士", "non_member"),
        ("民革党员", "non_member"),
        ("民盟盟员", "non_member"),
        ("九三学社社员", "non_member"),
        ("致公党党员", "non_member"),
        ("入党积极分子", "non_member"),
        ("member", "member"),
    ],
)
def test_party_status_words(cell: str, code: str) -> None:
    """政治面貌 words read as member / probationary (not a full member) / non_member."""
    assert parse_party_status(cells(cell)).values.tolist() == [code]


def test_party_status_unknown_word() -> None:
    """An unknown 政治面貌 is refused with the accepted words in the fix."""
    problem = problem_of(parse_party_status, "中共党员", "党外人士啊")
    assert (problem.position, problem.key) == (1, "value.unknown.party_status")
    assert "中共党员" in problem.render("zh")


def test_party_since_rule() -> None:
    """Members count from 转正时间 or else 入党时间; probationary members are no members yet."""
    status = parse_party_status(
        cells("中共党员", "中共党员", "中共预备党员", "中共预备党员", "群众", None, "共青团员")
    )
    admitted = parse_year_month(
        cells("2012.12", "2010.07", "2025.06", "2025.06", None, "2001.01", None)
    )
    full = parse_year_month(cells(None, "2011.07", None, "2026.09", None, None, None))
    result = party_since(status, admitted, full)
    assert result.values.tolist() == [2012, 2011, pd.NA, pd.NA, pd.NA, pd.NA, pd.NA]
    assert result.extra["full_from_year"].tolist() == [
        pd.NA,
        pd.NA,
        2026,
        2026,
        pd.NA,
        pd.NA,
        pd.NA,
    ]
    assert result.extra["full_from_month"].tolist() == [pd.NA, pd.NA, 6, 9, pd.NA, pd.NA, pd.NA]
    assert party_since(status, admitted).values.tolist()[:2] == [2012, 2010]


@pytest.mark.parametrize(
    ("statuses", "dates", "position", "key"),
    [
        (("中共党员", "中共党员"), ("2001.01", None), 1, "value.party_member_without_date"),
        (("中共党员", "群众"), ("2001.01", "2003.05"), 1, "value.party_date_without_membership"),
        (("共青团员",), ("2010.05",), 0, "value.party_date_without_membership"),
    ],
)
def test_party_contradictions(statuses, dates, position: int, key: str) -> None:
    """A member without a date, or a non-member with one, is refused at that row."""
    with pytest.raises(CellProblem) as caught:
        party_since(parse_party_status(cells(*statuses)), parse_year_month(cells(*dates)))
    assert (caught.value.position, caught.value.key) == (position, key)


# -------------------------------------------------------------------------------- education


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("研究生", "master"),
        ("硕士研究生", "master"),
        ("博士研究生", "doctor"),
        ("大学本科", "bachelor"),
        ("本科", "bachelor"),
        ("大学专科", "college"),
        ("大专", "college"),
        ("中等专科", "vocational"),
        ("中专", "vocational"),
        ("职高", "vocational"),
        ("技校", "vocational"),
        ("高中", "high_school"),
        ("初中", "junior"),
        ("小学", "primary"),
        ("大学本科毕业", "bachelor"),
        ("研究生（硕士）", "master"),
        ("研究生(博士)", "doctor"),
        ("高中学历", "high_school"),
        (" 大学 专科 ", "college"),
    ],
)
def test_education_words(cell: str, code: str) -> None:
    """GB/T 4658 学历 words and their short forms read as education codes."""
    assert parse_education(cells(cell)).values.tolist() == [code]


def test_education_unknown() -> None:
    """结业/肄业 and other words are refused at their position."""
    problem = problem_of(parse_education, "高中", "大学本科肄业")
    assert (problem.position, problem.key) == (1, "value.unknown.education")


def test_higher_of_full_time_and_in_service_education() -> None:
    """The higher of 全日制教育 and 在职教育 counts; a blank side gives the other."""
    full_time = parse_education(cells("中专", "高中", None, "大学本科", None, "中专")).values
    in_service = parse_education(
        cells("大学专科", None, "大学本科", "大学专科", None, "高中")
    ).values
    assert higher_education(full_time, in_service).tolist() == [
        "college",
        "high_school",
        "bachelor",
        "bachelor",
        pd.NA,
        "vocational",
    ]


# ------------------------------------------------------------------------ blanks and words


@pytest.mark.parametrize(
    ("cell", "blank"),
    [
        (None, True),
        (np.nan, True),
        ("", True),
        ("  ", True),
        ("/", True),
        ("／", True),
        ("—", True),
        ("——", True),
        ("－", True),
        ("-", True),
        ("无", True),
        ("空", True),
        ("暂无", True),
        ("N/A", True),
        ("\u3000", True),
        ("0", False),
        ("无异常", False),
        ("x", False),
        (0, False),
    ],
)
def test_blank_marks(cell: object, blank: bool) -> None:
    """Nothing written and the usual blank marks are blank; anything else is not."""
    assert blank_mask(cells("a", cell)).tolist() == [False, blank]


@pytest.mark.parametrize(
    ("kind", "cell", "code", "converted"),
    [
        ("rating", "好", "excellent", 0),
        ("rating", "较好", "good", 0),
        ("rating", "一般", "fair", 0),
        ("rating", "差", "poor", 0),
        ("rating", "优秀", "excellent", 1),
        ("rating", "称职", "good", 1),
        ("rating", "基本称职", "fair", 1),
        ("rating", "不称职", "poor", 1),
        ("rating", "excellent", "excellent", 0),
        ("category", "脱贫村", "poor", 1),
        ("source", "致富能手", "wealth_leader", 1),
        ("source", "外出务工经商返乡人员", "returnee", 1),
        ("source", "大学生村官", "graduate", 1),
        ("mentor_type", "村（居）党建指导员", "instructor", 1),
        ("mentor_type", "村(居)党建指导员", "instructor", 1),
        ("mentor_type", "退休村（社区）党组织书记", "retired_secretary", 1),
        ("mentor_type", "先进村党组织书记", "advanced_secretary", 1),
        ("mentor_type", "街道干部", "subdistrict_cadre", 0),
        ("status", "拟调整", "to_adjust", 1),
        ("status", "在任", "in_post", 0),
        ("gender", "男", "M", 0),
        ("gender", "Ｆ", "F", 1),
        ("village_kind", "社区", "community", 0),
    ],
)
def test_enum_words(kind: str, cell: str, code: str, converted: int) -> None:
    """The wider vocabularies read as codes; synonyms count as converted."""
    parsed = parse_enum(cells(cell, "/"), kind)
    assert parsed.values.tolist() == [code, pd.NA]
    assert parsed.converted == converted + 1


def test_unknown_enum_word_lists_the_choices() -> None:
    """An unknown word is refused at its position; the fix lists the display words."""
    problem = problem_of(parse_enum, "好", "很好", kind="rating")
    assert (problem.position, problem.key) == (1, "value.unknown.rating")
    assert problem.render("zh") == (
        "“很好”不是可识别的考核等次。 "
        "请填写以下之一：好、较好、一般、差（README 列出全部可用词语）。"
    )
    assert problem.render("en") == (
        "'很好' is not a known rating (考核等次). Use one of: excellent (好), good (较好), "
        "fair (一般), poor (差) (the README lists every accepted word)."
    )


@pytest.mark.parametrize(
    ("cell", "result"),
    [
        ("通过", "pass"),
        ("合格", "pass"),
        ("同意", "pass"),
        ("未发现问题", "pass"),
        ("无异常", "pass"),
        ("不通过", "fail"),
        ("不合格", "fail"),
        ("不同意", "fail"),
        ("有问题", "fail"),
        ("待定", "pending"),
        ("核查中", "pending"),
        ("", pd.NA),
        (None, pd.NA),
        ("/", pd.NA),
    ],
)
def test_vetting_results(cell: object, result: object) -> None:
    """Vetting words read as pass / fail / pending; a blank is a missing record."""
    assert parse_vetting_result(cells(cell)).values.tolist() == [result]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("县纪委监委", "discipline"),
        ("纪委监委", "discipline"),
        ("纪委", "discipline"),
        ("区纪检监察室", "discipline"),
        ("公安局", "police"),
        ("公安", "police"),
        ("区公安分局", "police"),
        ("派出所", "police"),
        ("法院", "court"),
        ("县人民法院", "court"),
        ("检察院", "procuratorate"),
        ("民政局", "civil_affairs"),
        ("民政", "civil_affairs"),
        ("信访", "petition"),
        ("县信访局", "petition"),
        ("police", "police"),
        (" 司法局 ", "司法局"),
        ("市场监管局", "市场监管局"),
        ("政法委", "政法委"),
        ("组织部", "组织部"),
        ("公安法院联合组", "公安法院联合组"),
    ],
)
def test_department_names(name: str, code: str) -> None:
    """Vetting departments are normalised to codes; others are kept under their own name."""
    assert normalise_department(name) == code


@pytest.mark.parametrize(
    ("cell", "value", "converted"),
    [
        ("是", True, 0),
        ("否", False, 0),
        ("true", True, 0),
        ("FALSE", False, 0),
        ("1", True, 0),
        ("0", False, 0),
        (1, True, 0),
        (0, False, 0),
        (True, True, 0),
        ("yes", True, 1),
        ("No", False, 1),
        ("√", True, 1),
        ("×", False, 1),
        ("有", True, 1),
        ("没有", False, 1),
        ("", pd.NA, 0),
        ("/", pd.NA, 1),
    ],
)
def test_booleans(cell: object, value: object, converted: int) -> None:
    """Yes/no words read as booleans; blanks as <NA>."""
    parsed = parse_bool(cells(cell))
    assert parsed.values.tolist() == [value]
    assert parsed.converted == converted


def test_bad_boolean() -> None:
    """A word that is not yes or no is refused."""
    assert problem_of(parse_bool, "是", "也许").key == "value.not_a_bool"


@pytest.mark.parametrize(
    ("cell", "value", "converted"),
    [
        ("82", 82.0, 0),
        (82, 82.0, 0),
        (82.5, 82.5, 0),
        ("82.5", 82.5, 0),
        ("82分", 82.0, 1),
        ("3,200", 3200.0, 1),
        ("3，200", 3200.0, 1),
        ("3200人", 3200.0, 1),
        ("１２０００", 12000.0, 1),
        ("5.7公里", 5.7, 1),
        ("5.7 km", 5.7, 1),
        ("1.25万", 12500.0, 1),
        ("1.25万人", 12500.0, 1),
        ("-3", -3.0, 0),
        ("−3", -3.0, 1),
        ("", pd.NA, 0),
        ("/", pd.NA, 1),
        (None, pd.NA, 0),
    ],
)
def test_numbers(cell: object, value: object, converted: int) -> None:
    """Numbers with units, separators, full-width digits and 万 read as numbers."""
    parsed = parse_number(cells(cell), integer=False)
    assert parsed.values.tolist() == [value]
    assert parsed.converted == converted


def test_integer_numbers_are_int64() -> None:
    """Whole-number columns give Int64 values."""
    parsed = parse_number(cells("3", "4.0", 5, None), integer=True)
    assert str(parsed.values.dtype) == "Int64"
    assert parsed.values.tolist() == [3, 4, 5, pd.NA]


def test_numeric_column_passes_straight_through() -> None:
    """A float column (numbers read from xlsx by pandas) is checked without conversion."""
    parsed = parse_number(pd.Series([1.5, np.nan, 3.0]), integer=False, minimum=0)
    assert parsed.values.tolist() == [1.5, pd.NA, 3.0]
    assert parsed.converted == 0


@pytest.mark.parametrize(
    ("cell", "options", "key", "params"),
    [
        ("abc", {}, "value.not_a_number", {}),
        ("85%", {}, "value.not_a_number", {}),
        ("3,20", {}, "value.not_a_number", {}),
        ("82分以上", {}, "value.not_a_number", {}),
        (True, {}, "value.not_a_number", {}),
        ("2.5", {"integer": True}, "value.not_whole", {}),
        ("-1", {"minimum": 0}, "value.below_minimum", {"minimum": "0"}),
        ("0", {"minimum": 0, "strict_min": True}, "value.not_above_minimum", {"minimum": "0"}),
        ("101分", {"maximum": 100}, "value.above_maximum", {"maximum": "100"}),
    ],
)
def test_bad_numbers(cell: object, options: dict, key: str, params: dict) -> None:
    """Words, fractions in whole-number columns and values out of range are refused."""
    options = {"integer": False, **options}
    problem = problem_of(parse_number, "5", cell, **options)
    assert (problem.position, problem.key) == (1, key)
    assert problem.params == {"value": str(cell), **params}


def test_lists() -> None:
    """Lists split on every separator, keep order, drop repeats; blank gives an empty tuple."""
    parsed = parse_list(cells("党务、集体经济", "电商；财务,电商", "", None, "/"))
    assert parsed.values.tolist() == [("党务", "集体经济"), ("电商", "财务"), (), (), ()]
    coded = parse_list(cells("脱贫村、先进村", "软弱涣散"), "category")
    assert coded.values.tolist() == [("poor", "advanced"), ("weak_lax",)]
    problem = problem_of(parse_list, "脱贫村", "先进村、富裕村", kind="category")
    assert (problem.position, problem.key, problem.params["value"]) == (
        1,
        "value.unknown.category",
        "富裕村",
    )


# ------------------------------------------------------------------------------ messages

#: One parameter set that fills every value message.
_PARAMS = {
    "value": "x",
    "month": 13,
    "year": 1985,
    "day": 30,
    "low": 1900,
    "high": 2100,
    "expected": "X",
    "date": "1988-02-30",
    "minimum": "0",
    "maximum": "100",
    "choices_en": "a (甲)",
    "choices_zh": "甲",
    "status": "non_member",
    "id_number": "1",
    "id_column": "身份证号码",
    "id_birth": "1988.09",
}


def test_every_problem_key_has_both_languages_and_a_fix() -> None:
    """Every value.* message has English and Chinese texts and a .fix, all of which format."""
    from cadreplan.solver.words import MESSAGES

    keys = [k for k in MESSAGES if k.startswith("value.") and not k.endswith(".fix")]
    assert len(keys) > 20
    for key in keys:
        assert has(key + ".fix"), key
        for lang in ("en", "zh"):
            assert say(key, lang, **_PARAMS)
            assert say(key + ".fix", lang, **_PARAMS)


def test_parsed_is_frozen() -> None:
    """Parsed results cannot be changed after the fact."""
    parsed = parse_bool(cells("是"))
    assert isinstance(parsed, Parsed)
    with pytest.raises(AttributeError):
        parsed.converted = 3  # type: ignore[misc]


# ------------------------------------------------------------------------- the qingxi forms


def _qingxi_csv(name: str) -> pd.DataFrame:
    path = QINGXI / name
    if not path.exists():
        pytest.skip(f"the shared qingxi forms are not beside this clone ({path})")
    frame = pd.read_csv(path, encoding="gbk", header=1, dtype=str, keep_default_na=False)
    return frame[frame["序号"].str.fullmatch(r"\d+")].reset_index(drop=True)


def _expected() -> dict:
    return json.loads((QINGXI / "expected.json").read_text("utf-8"))


def test_qingxi_reserves_roster_values() -> None:
    """Every value of the qingxi reserves roster parses to what expected.json says."""
    form = _qingxi_csv("青溪街道村级后备干部花名册.csv")
    truth = {tuple(r["key"]): r for r in _expected()["reserves"]}
    rows = [
        truth[(name, village)]
        for name, village in zip(form["姓名"], form["村（社区）"], strict=True)
    ]
    birth = parse_year_month(form["出生年月"])
    ids = parse_id_number(form["身份证号码"])
    assert birth_contradiction(birth, ids) is None
    assert birth.values.tolist() == [r["birth_year"] for r in rows]
    assert ids.extra["birth_year"].tolist() == [r["birth_year"] for r in rows]
    gender = parse_enum(form["性别"], "gender").values
    assert gender.tolist() == [r["gender"] for r in rows]
    assert first_difference(gender, ids.extra["gender"]) is None
    since = party_since(parse_party_status(form["政治面貌"]), parse_year_month(form["入党时间"]))
    assert since.values.tolist() == [
        pd.NA if r["party_since"] is None else r["party_since"] for r in rows
    ]
    assert parse_education(form["学历"]).values.tolist() == [r["education"] for r in rows]
    assert parse_enum(form["人员来源"], "source").values.tolist() == [r["source"] for r in rows]
    evaluation = parse_number(form["2025年履职评估得分"], integer=False, minimum=0, maximum=100)
    assert evaluation.values.tolist() == [r["evaluation"] for r in rows]
    assert parse_list(form["特长"]).values.tolist() == [tuple(r["skills"]) for r in rows]
    assert parse_list(form["需提升能力"]).values.tolist() == [tuple(r["needs"]) for r in rows]


def test_qingxi_wide_vetting_values() -> None:
    """Every department cell of the wide qingxi vetting summary gives expected.json's result."""
    form = _qingxi_csv("青溪街道后备干部及选派人选资格联审汇总表.csv")
    truth = _expected()["vetting"]
    by_name = {r["name"]: r for r in truth}
    departments = ["纪委监委", "公安", "法院", "检察院", "民政", "信访"]
    for header in departments:
        code = normalise_department(header)
        results = parse_vetting_result(form[header]).values.tolist()
        for name, result in zip(form["姓名"], results, strict=True):
            expected = by_name[name]["results"].get(code, pd.NA)
            assert str(result) == str(expected), (name, header)
            assert (result is pd.NA) == (code in by_name[name]["missing_departments"])
    ids = parse_id_number(form["身份证号码"])
    assert ids.values.notna().all()


def _qingxi_sheet(workbook: str, sheet: str, header_rows: int) -> pd.DataFrame:
    path = QINGXI / workbook
    if not path.exists():
        pytest.skip(f"the shared qingxi forms are not beside this clone ({path})")
    grid = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
    top = grid.iloc[header_rows - 1].tolist()
    grid.columns = [str(h) for h in top]
    body = grid.iloc[header_rows:]
    return body[body["序号"].map(lambda v: isinstance(v, int))].reset_index(drop=True)


def test_qingxi_secretaries_roster_values() -> None:
    """The secretaries' roster (date cells, 1972.1, two education columns) reads as expected."""
    form = _qingxi_sheet("青溪街道村（社区）党组织书记花名册（2026年）.xlsx", "Sheet1", 3)
    form = form[form["姓名"] != "（空缺）"].reset_index(drop=True)
    # The two-row header: 学历 over 全日制教育 (column J) and 在职教育 (column K).
    full_time, in_service = form.iloc[:, 9], form.iloc[:, 10]
    truth = {tuple(r["key"]): r for r in _expected()["secretaries"]}
    rows = [truth[(n, v)] for n, v in zip(form["姓名"], form["村（社区）"], strict=True)]
    birth = parse_year_month(form["出生年月"])
    ids = parse_id_number(form["身份证号码"])
    assert birth_contradiction(birth, ids) is None
    assert birth.values.tolist() == [r["birth_year"] for r in rows]
    since = party_since(parse_party_status(form["政治面貌"]), parse_year_month(form["入党时间"]))
    assert since.values.tolist() == [r["party_since"] for r in rows]
    education = higher_education(
        parse_education(full_time).values, parse_education(in_service).values
    )
    assert education.tolist() == [r["education"] for r in rows]
    assert parse_enum(form["2025年度考核等次"], "rating").values.tolist() == [
        r["rating"] for r in rows
    ]
    assert parse_enum(form["任职状态"], "status").values.tolist() == [r["status"] for r in rows]
    terms = parse_number(form["连任届数"], integer=True, minimum=0)
    assert terms.values.tolist() == [r["terms"] for r in rows]


def test_qingxi_village_and_mentor_values() -> None:
    """是否…村 flags, kinds, populations and mentor types of the qingxi workbooks read right."""
    villages = _qingxi_sheet("青溪街道村（社区）党组织书记花名册（2026年）.xlsx", "村基本情况", 2)
    truth = {r["name"]: r for r in _expected()["villages"]}
    rows = [truth[name] for name in villages["村（社区）名称"]]
    assert parse_enum(villages["类型"], "village_kind").values.tolist() == [r["kind"] for r in rows]
    population = parse_number(villages["户籍人口（人）"], integer=True, minimum=0)
    assert population.values.tolist() == [r["population"] for r in rows]
    assert parse_number(villages["村民小组数"], integer=True).values.isna().sum() > 0
    flags = {
        "是否软弱涣散村": "weak_lax",
        "是否脱贫村": "poor",
        "是否集体经济薄弱村": "weak_economy",
        "是否先进村": "advanced",
    }
    parsed = {header: parse_bool(villages[header]).values.tolist() for header in flags}
    for position, row in enumerate(rows):
        categories = [code for header, code in flags.items() if parsed[header][position]]
        assert categories == row["categories"], row["name"]
    pilot = parse_bool(villages["是否跨村任职试点"]).values.tolist()
    assert pilot == [r["cross_village_pilot"] for r in rows]
    mentors = _qingxi_sheet("青溪街道雏雁导师结对安排表.xlsx", "导师名单", 2)
    truth_m = {tuple(r["key"]): r for r in _expected()["mentors"]}
    rows_m = [
        truth_m[(n, v)] for n, v in zip(mentors["导师姓名"], mentors["所在村（社区）"], strict=True)
    ]
    assert parse_enum(mentors["导师类别"], "mentor_type").values.tolist() == [
        r["type"] for r in rows_m
    ]
    capacity = parse_number(mentors["带教人数上限"], integer=True, minimum=0).values.tolist()
    assert capacity == [pd.NA if r["capacity"] is None else r["capacity"] for r in rows_m]
    assert parse_list(mentors["特长"]).values.tolist() == [tuple(r["skills"]) for r in rows_m]


def test_input_dtypes() -> None:
    """Object, pandas str and nullable string columns read alike (CSV readers give any)."""
    texts = ["1985.03", None, "1990年7月"]
    for series in (
        pd.Series(texts, dtype=object),
        pd.Series(texts, dtype="str"),
        pd.Series(texts, dtype="string"),
    ):
        parsed = parse_year_month(series)
        assert parsed.values.tolist() == [1985, pd.NA, 1990]
        assert parsed.extra["month"].tolist() == [3, pd.NA, 7]
    floats = parse_year_month(pd.Series([1992.07, np.nan, 1972.1]))
    assert floats.extra["month"].tolist() == [7, pd.NA, 10]


def test_index_is_kept() -> None:
    """Results carry the index of the cells (the intake's rows need not start at 0)."""
    series = pd.Series(["1985.03", "中共党员"], index=[7, 9], dtype=object)
    assert parse_year_month(series.iloc[:1]).values.index.tolist() == [7]
    assert parse_party_status(series.iloc[1:]).values.index.tolist() == [9]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10_000_000),
    st.sampled_from(["plain", "thousands", "unit", "full_width", "wan"]),
)
def test_any_number_form_reads_back(number: int, form: str) -> None:
    """A whole number written with separators, a unit, full-width digits or 万 reads back."""
    text = {
        "plain": str(number),
        "thousands": f"{number:,}",
        "unit": f"{number}人",
        "full_width": str(number).translate(_FULL_WIDTH),
        "wan": f"{number / 10_000:.4f}万",
    }[form]
    parsed = parse_number(cells(text), integer=True, minimum=0)
    assert parsed.values.tolist() == [number]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("是否软弱涣散村", "weak_lax"),
        ("是否脱贫村", "poor"),
        ("是否集体经济薄弱村", "weak_economy"),
        ("是否先进村", "advanced"),
        ("是否为脱贫村", "poor"),
        ("是否跨村任职试点", None),
        ("脱贫村", None),
    ],
)
def test_category_flag_headers(header: str, code: str | None) -> None:
    """是否…村 headers name the village category their 是 adds; other headers none."""
    assert category_of_flag(header) == code


def test_department_notes() -> None:
    """部门：说明 parts of a 备注 become notes of that department; the rest is commentary."""
    parsed = parse_department_notes(
        cells("公安：有违法记录", "信访部门意见未反馈", None, "公安局：甲；司法局：乙。说明：其他")
    )
    assert parsed.values.tolist() == [
        {"police": "有违法记录"},
        {},
        {},
        {"police": "甲", "司法局": "乙"},
    ]
    assert parsed.extra["commentary"].tolist() == [pd.NA, "信访部门意见未反馈", pd.NA, "说明：其他"]
    assert parsed.converted == 2


def test_qingxi_vetting_notes() -> None:
    """The qingxi vetting 备注 give exactly the department notes expected.json lists."""
    form = _qingxi_csv("青溪街道后备干部及选派人选资格联审汇总表.csv")
    by_name = {r["name"]: r for r in _expected()["vetting"]}
    notes = parse_department_notes(form["备注"]).values.tolist()
    for name, parsed in zip(form["姓名"], notes, strict=True):
        assert parsed == by_name[name]["notes"], name


@pytest.mark.parametrize(
    ("kind", "vocabulary", "cell", "value"),
    [
        ("str", None, " 青山村 ", "青山村"),
        ("str", None, "/", pd.NA),
        ("str", None, 12.0, "12"),
        ("int", None, "3200人", 3200),
        ("float", None, "82分", 82.0),
        ("year", None, "1985.03", 1985),
        ("bool", None, "是", True),
        ("enum", "rating", "优秀", "excellent"),
        ("enum", "education", "大学本科毕业", "bachelor"),
        ("enum", "vetting_result", "未发现问题", "pass"),
        ("enum", None, "anything", "anything"),
        ("enum", "department", "县纪委监委", "discipline"),
        ("enum", "department", "司法局", "司法局"),
        ("list", "category", "脱贫村", ("poor",)),
        ("list", None, "党务、调解", ("党务", "调解")),
    ],
)
def test_parse_column_by_kind(kind: str, vocabulary: str | None, cell: object, value) -> None:
    """parse_column dispatches every schema kind to its parser."""
    assert parse_column(cells(cell), kind, vocabulary=vocabulary).values.tolist() == [value]


def test_parse_column_refuses_unknown_kinds() -> None:
    """An unknown kind or vocabulary is a programming error, not a cell problem."""
    with pytest.raises(ValueError, match="kind"):
        parse_column(cells("x"), "date")
    with pytest.raises(ValueError, match="vocabulary"):
        parse_column(cells("x"), "enum", vocabulary="colour")


def test_long_vetting_departments() -> None:
    """A long table's department cells become codes, or names kept as written, normalised."""
    parsed = parse_departments(cells("纪委", "县纪委监委", "司法 局", "police", None))
    assert parsed.values.tolist() == ["discipline", "discipline", "司法局", "police", pd.NA]
    assert parsed.converted == 1


def test_qingxi_dispatched_roads_and_pairs_values() -> None:
    """选派干部人选, 村间里程表 and 2025年结对情况 values read as expected.json says."""
    form = _qingxi_sheet("青溪街道雏雁导师结对安排表.xlsx", "选派干部人选", 2)
    truth = {r["name"]: r for r in _expected()["dispatched"]}
    rows = [truth[name] for name in form["姓名"]]
    birth = parse_year_month(form["出生年月"])
    ids = parse_id_number(form["身份证号码"])
    assert birth_contradiction(birth, ids) is None
    assert birth.values.tolist() == [r["birth_year"] for r in rows]
    assert ids.extra["gender"].tolist() == [r["gender"] for r in rows]
    since = party_since(parse_party_status(form["政治面貌"]), parse_year_month(form["入党时间"]))
    assert since.values.tolist() == [r["party_since"] for r in rows]
    assert parse_education(form["学历"]).values.tolist() == [r["education"] for r in rows]
    evaluation = parse_number(form["履职评估得分"], integer=False, minimum=0, maximum=100)
    assert evaluation.values.tolist() == [
        pd.NA if r["evaluation"] is None else r["evaluation"] for r in rows
    ]
    roads = _qingxi_sheet("青溪街道村（社区）党组织书记花名册（2026年）.xlsx", "村间里程表", 2)
    km = parse_number(roads["里程（公里）"], integer=False, minimum=0, strict_min=True)
    truth_roads = {tuple(r["key"]): r["km"] for r in _expected()["roads"]}
    assert km.values.tolist() == [
        truth_roads[(a, b)] for a, b in zip(roads["起点村"], roads["终点村"], strict=True)
    ]
    pairs = _qingxi_sheet("青溪街道雏雁导师结对安排表.xlsx", "2025年结对情况", 1)
    mentees = parse_list(pairs["后备干部姓名"]).values.tolist()
    listed = {
        (mentor, reserve)
        for mentor, names in zip(pairs["导师姓名"], mentees, strict=True)
        for reserve in names
    }
    expected = {(p["mentor"]["name"], p["reserve"]["name"]) for p in _expected()["previous_pairs"]}
    assert listed == expected
