"""Table schemas and header synonyms, as data: what the intake reads and the README documents.

Every table of the dataset (SPEC "Input: a dataset") is a :class:`Table` of :class:`Column`
records. A column lists the header words that stand for it (``aliases``); a table lists the
sheet or file names that stand for it and the *form fields* that office forms carry instead of
a contract column (身份证号码, 政治面貌, 全日制教育 …), which the intake turns into contract
columns (see :mod:`cadreplan.solver.intake.reshape`). Headers are compared after
:func:`normalise_header`, so full-width letters, brackets, spaces, line breaks, unit suffixes
such as （人） and year prefixes such as 2025年度 need no synonym of their own.

The README's dataset section is generated from these records (:func:`schema_markdown`), and a
test keeps the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .vocabulary import (
    CATEGORY_WORDS,
    DEPARTMENT_WORDS,
    EDUCATION_WORDS,
    GENDER_WORDS,
    MENTOR_TYPE_WORDS,
    RATING_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    VETTING_WORDS,
    VILLAGE_KIND_WORDS,
)


def _word_map(words: Mapping[str, str]) -> dict[str, str]:
    """Map every accepted spelling (English code, lower case, Chinese words) to its code."""
    mapping: dict[str, str] = {}
    for code, chinese in words.items():
        mapping[code] = code
        mapping[code.lower()] = code
        for word in chinese.split(";"):
            mapping[word] = code
            mapping[normalise_word(word)] = code
    return mapping


@dataclass(frozen=True)
class Column:
    """One column of a table schema.

    ``kind`` is one of ``str``, ``int``, ``float``, ``year``, ``bool``, ``enum``, ``list``.
    For ``enum`` and ``list`` columns, ``words`` lists the accepted codes with their Chinese
    words; a ``list`` without words takes free tags. ``vocabulary`` names the entry of
    :data:`cadreplan.solver.vocabulary.VOCABULARIES` the words come from. ``generated``: the
    intake can make the column when a form has none (ids from names, the town from the title).
    """

    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    words: Mapping[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    strict_min: bool = False
    vocabulary: str | None = None
    generated: str = ""
    #: A remark for the README's values column.
    note: str = ""

    @property
    def accepted(self) -> dict[str, str]:
        return _word_map(self.words or {})


@dataclass(frozen=True)
class FormField:
    """A field that office forms carry in place of a contract column.

    ``purpose`` says, for the README, what the intake makes of it.
    """

    name: str
    aliases: tuple[str, ...]
    purpose: str


@dataclass(frozen=True)
class Table:
    """A table schema: its columns, its key, its names and the form fields it accepts.

    ``form_required`` lists, per contract column the form must give, the alternatives that
    can stand for it (a column or form field name); it decides whether a sheet can be this
    table at all.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    description: str = ""
    form_fields: tuple[FormField, ...] = ()
    form_required: tuple[tuple[str, ...], ...] = ()
    #: For the README: the table whose columns this one repeats, and a remark.
    same_as: str = ""
    note: str = ""
    #: Assigned only to a sheet or file named after it (its columns are another table's).
    by_name_only: bool = False
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})


# Units written after a header in brackets: 户籍人口（人）, 里程（公里）, 金额（万元）.
_UNITS = "人|名|个|户|位|公里|千米|km|米|元|万元|元/人|元/月|元/人/月|岁|年|周岁|分|%|亩|届|次|项"
_UNIT_SUFFIX = re.compile(rf"\((?:{_UNITS})\)$")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}年度?")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})
_SPACE = re.compile(r"\s+")


def normalise_word(text: str) -> str:
    """A cell word as compared: NFKC (full-width to half-width), brackets unified, no spaces."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    return _SPACE.sub("", text).lstrip("\ufeff").lower()


def normalise_header(text: object) -> str:
    """A header as compared with the synonyms.

    Full-width characters become half-width (NFKC), brackets are unified, spaces and line
    breaks inside the cell go, a year prefix (``2025年``, ``2025年度``) and a unit suffix in
    brackets (``（人）``, ``（公里）``) are cut, and a required mark ``*`` is dropped.
    """
    text = normalise_word("" if text is None else str(text)).strip("*＊:：")
    text = _YEAR_PREFIX.sub("", text)
    while True:
        cut = _UNIT_SUFFIX.sub("", text)
        if cut == text:
            return text
        text = cut


_PERSON_FIELDS = (
    FormField(
        "id_number",
        ("身份证号码", "身份证号", "公民身份号码", "身份证"),
        "the stable generated person_id when the form has no id",
    ),
    FormField(
        "party_status",
        ("政治面貌",),
        "only 中共党员 is a member: any other 政治面貌 leaves party_since blank",
    ),
    FormField(
        "education_fulltime",
        ("全日制教育", "学历全日制教育", "全日制学历", "全日制"),
        "education: the higher of 全日制 and 在职",
    ),
    FormField(
        "education_parttime",
        ("在职教育", "学历在职教育", "在职学历", "在职"),
        "education: the higher of 全日制 and 在职",
    ),
)
_BIRTH = ("出生年份", "出生年", "出生年月", "出生日期")
_PARTY = ("入党年份", "入党时间", "入党年月", "入党日期")
_EDUCATION = ("学历", "文化程度", "最高学历")
_EVALUATION = ("履职评估", "评估分", "履职评估得分", "评估得分", "履职评估分数")
_VILLAGE_REF = ("村编号", "所在村", "村(社区)", "所在村(社区)", "村(社区)名称", "村名", "村(居)")


#: Given scores (``pair_scores``, ``post_scores``) lie within ± this many points, so that
#: their integer scaling can never overflow a solver's 64-bit sums (see ``network.py``).
GIVEN_SCORE_LIMIT = 100_000


def _given_score() -> Column:
    """The ``score`` column of a table of given scores, bounded by GIVEN_SCORE_LIMIT."""
    return Column(
        "score",
        "float",
        True,
        ("分数", "得分"),
        minimum=-GIVEN_SCORE_LIMIT,
        maximum=GIVEN_SCORE_LIMIT,
    )


def _birth_month() -> Column:
    """``birth_month``: the month of 出生年月 (for the 报送 rosters' ``1988.09``)."""
    return Column(
        "birth_month",
        "int",
        False,
        ("出生月份", "出生月"),
        minimum=1,
        maximum=12,
        note="taken from 出生年月 or 身份证号码 where they give a month; blank: rosters "
        "print the year alone",
    )


def _party_month() -> Column:
    """``party_month``: the month of 入党时间, blank for a non-member."""
    return Column(
        "party_month",
        "int",
        False,
        ("入党月份",),
        minimum=1,
        maximum=12,
        note="taken from 入党时间 where it gives a month; blank: rosters print the year alone",
    )


def _person(extra: tuple[Column, ...], *, education_required: bool) -> tuple[Column, ...]:
    return (
        Column("person_id", "str", True, ("人员编号", "编号", "身份编号"), generated="id"),
        Column("name", "str", True, ("姓名",)),
        *extra,
        Column("birth_year", "year", True, _BIRTH),
        _birth_month(),
        Column("gender", "enum", False, ("性别",), GENDER_WORDS, vocabulary="gender"),
        Column(
            "education",
            "enum",
            education_required,
            _EDUCATION,
            EDUCATION_WORDS,
            vocabulary="education",
        ),
        Column("party_since", "year", False, _PARTY),
        _party_month(),
    )


def _reserve_columns() -> tuple[Column, ...]:
    """Columns of ``reserves`` and of ``nominees`` (推荐人选), which has the same shape."""
    return _person(
        (Column("village_id", "str", True, (*_VILLAGE_REF, "户籍村")),),
        education_required=True,
    ) + (
        Column(
            "source",
            "enum",
            False,
            ("来源", "人员来源"),
            SOURCE_WORDS,
            vocabulary="source",
        ),
        Column("evaluation", "float", False, _EVALUATION, minimum=0, maximum=100),
        Column("needs", "list", False, ("待提升", "需提升技能", "需提升能力")),
        Column("skills", "list", False, ("技能", "专长", "特长")),
    )


_PERSON_REQUIRED = (("name",), ("birth_year", "id_number"))
_EDUCATION_REQUIRED = (("education", "education_fulltime", "education_parttime"),)


def _person_table(
    name: str,
    columns: tuple[Column, ...],
    *,
    place: str,
    aliases: tuple[str, ...],
    description: str,
    note: str = "",
    same_as: str = "",
    by_name_only: bool = False,
) -> Table:
    """A table of people read from a roster (secretaries, reserves, nominees, dispatched).

    Keyed by ``person_id``, with the person form fields (身份证号码, 政治面貌, 全日制/在职教育);
    a form of it must give a name, a birth year or an ID number, the ``place`` column (the
    village, or the unit of a dispatched cadre) and, where the table requires ``education``,
    the education in one of its forms.
    """
    education = any(c.name == "education" and c.required for c in columns)
    required = (*_PERSON_REQUIRED, (place,), *(_EDUCATION_REQUIRED if education else ()))
    return Table(
        name,
        columns,
        key=("person_id",),
        aliases=aliases,
        description=description,
        form_fields=_PERSON_FIELDS,
        form_required=required,
        same_as=same_as,
        note=note,
        by_name_only=by_name_only,
    )


SCHEMAS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "villages",
            (
                Column(
                    "village_id",
                    "str",
                    True,
                    ("村编号", "村(社区)编号", "村社区编号", "村(社区)代码"),
                    generated="name",
                ),
                Column(
                    "name",
                    "str",
                    True,
                    ("名称", "村名", "村(社区)名称", "村社区名称", "村(社区)", "村(居)名称"),
                ),
                Column(
                    "town",
                    "str",
                    True,
                    ("镇街", "所属镇街", "乡镇", "乡镇(街道)", "所属乡镇", "所属街道", "街道"),
                    generated="title",
                ),
                Column(
                    "kind",
                    "enum",
                    False,
                    ("类型", "村(社区)类型"),
                    VILLAGE_KIND_WORDS,
                    default="village",
                    vocabulary="village_kind",
                ),
                Column(
                    "population",
                    "int",
                    False,
                    ("人口", "人口数", "户籍人口"),
                    minimum=0,
                    maximum=999_999,
                ),
                Column(
                    "categories",
                    "list",
                    False,
                    ("类别", "村类别"),
                    CATEGORY_WORDS,
                    vocabulary="category",
                ),
                Column(
                    "cross_village_pilot",
                    "bool",
                    False,
                    ("跨村任职试点", "跨村任职", "是否跨村任职试点", "是否跨村任职"),
                    default=False,
                ),
                Column("lat", "float", False, ("纬度",), minimum=-90, maximum=90),
                Column("lon", "float", False, ("经度",), minimum=-180, maximum=180),
            ),
            key=("village_id",),
            aliases=("村", "村社区", "村(社区)", "村基本情况", "村(社区)基本情况", "基本情况"),
            description="villages and communities (村/社区)",
            form_fields=(
                FormField(
                    "category_flag",
                    ("是否软弱涣散村", "是否脱贫村", "是否集体经济薄弱村", "是否先进村"),
                    "是否<category> columns: 是 adds that category to categories",
                ),
            ),
            form_required=(("name",),),
        ),
        Table(
            "roads",
            (
                Column("from", "str", True, ("起点", "起点村", "起始村")),
                Column("to", "str", True, ("终点", "终点村")),
                Column(
                    "km",
                    "float",
                    True,
                    ("公里", "距离", "里程", "道路里程"),
                    minimum=0,
                    maximum=10_000,
                    strict_min=True,
                ),
            ),
            aliases=("道路", "里程表", "村间里程", "道路里程"),
            description="undirected road links between villages (ids or names)",
            form_required=(("from",), ("to",), ("km",)),
        ),
        _person_table(
            "secretaries",
            (
                Column("person_id", "str", True, ("人员编号", "编号"), generated="id"),
                Column("name", "str", True, ("姓名", "书记姓名")),
                Column("village_id", "str", True, _VILLAGE_REF),
                Column("birth_year", "year", True, _BIRTH),
                _birth_month(),
                Column("gender", "enum", False, ("性别",), GENDER_WORDS, vocabulary="gender"),
                Column(
                    "education", "enum", False, _EDUCATION, EDUCATION_WORDS, vocabulary="education"
                ),
                Column("party_since", "year", False, _PARTY),
                _party_month(),
                Column(
                    "terms",
                    "int",
                    False,
                    ("连任届数", "任职届数"),
                    minimum=0,
                    maximum=100,
                    default=1,
                ),
                Column(
                    "rating",
                    "enum",
                    False,
                    ("考核等次", "等次", "年度考核等次", "考核结果"),
                    RATING_WORDS,
                    vocabulary="rating",
                ),
                Column(
                    "status",
                    "enum",
                    False,
                    ("状态", "任职状态"),
                    STATUS_WORDS,
                    default="in_post",
                    vocabulary="status",
                ),
                Column(
                    "assessment",
                    "float",
                    False,
                    ("实绩考核得分", "考核得分", "实绩考核"),
                    minimum=0,
                    maximum=100,
                    note="this year's 实绩考核, read by `plan ratings`",
                ),
                Column(
                    "veto",
                    "bool",
                    False,
                    ("一票否决",),
                    default=False,
                    note="rated 差 whatever the score",
                ),
            ),
            place="village_id",
            # secretaries_next: the roster that `plan ratings` writes for the next plan.
            aliases=("书记", "党组织书记", "书记花名册", "secretaries_next"),
            note="The file `secretaries_next.csv` that `plan ratings` writes is read as "
            "`secretaries` too: put it in the dataset folder in place of `secretaries.csv` "
            "(two files for one table are an error).",
            description="village Party secretaries (党组织书记)",
        ),
        _person_table(
            "reserves",
            _reserve_columns(),
            place="village_id",
            aliases=("后备干部", "后备干部花名册", "村级后备干部"),
            description="reserve cadres (后备干部)",
        ),
        _person_table(
            "nominees",
            _reserve_columns(),
            place="village_id",
            aliases=("推荐人选", "后备干部推荐人选"),
            description="people newly recommended for the reserve pool (推荐人选)",
            same_as="reserves",
            by_name_only=True,
            note="A sheet or file is `nominees` only by its name. "
            "`evaluation` is the nomination assessment. Read by `plan reserves`; a "
            "nominee's `person_id` may not be a reserve's or a dispatched cadre's, and "
            "`vetting` may list nominees.",
        ),
        Table(
            "mentors",
            (
                Column("person_id", "str", True, ("人员编号", "编号"), generated="id"),
                Column("name", "str", True, ("姓名", "导师姓名")),
                Column(
                    "type",
                    "enum",
                    True,
                    ("导师类型", "类型", "导师类别"),
                    MENTOR_TYPE_WORDS,
                    vocabulary="mentor_type",
                ),
                Column(
                    "village_id",
                    "str",
                    False,
                    (*_VILLAGE_REF, "挂点村", "驻点村", "挂点村(社区)"),
                    note="blank: placed by mentors.office_village",
                ),
                Column(
                    "capacity",
                    "int",
                    False,
                    ("带教容量", "容量", "带教人数上限", "带教人数"),
                    minimum=0,
                    maximum=10_000,
                ),
                Column("skills", "list", False, ("技能", "专长", "特长")),
                Column(
                    "experience_years",
                    "float",
                    False,
                    ("工作年限", "经验年限", "从事党务工作年限", "党务工作年限"),
                    minimum=0,
                    maximum=100,
                ),
            ),
            key=("person_id",),
            aliases=("导师", "雏雁导师", "导师名单"),
            description="mentors (雏雁导师)",
            form_fields=(_PERSON_FIELDS[0],),
            form_required=(("name",), ("type",), ("village_id",)),
        ),
        _person_table(
            "dispatched",
            _person(
                (Column("unit", "str", True, ("选派单位", "单位", "派出单位")),),
                education_required=True,
            )
            + (Column("evaluation", "float", False, _EVALUATION, minimum=0, maximum=100),),
            place="unit",
            aliases=("选派干部", "选派干部人选", "选派人选"),
            description="cadres who may be dispatched (选派)",
        ),
        Table(
            "vetting",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column(
                    "department",
                    "enum",
                    True,
                    ("部门", "联审部门"),
                    DEPARTMENT_WORDS,
                    vocabulary="department",
                ),
                Column(
                    "result",
                    "enum",
                    True,
                    ("结果", "联审结果", "审查结果"),
                    VETTING_WORDS,
                    vocabulary="vetting_result",
                ),
                Column("note", "str", False, ("备注",)),
            ),
            key=("person_id", "department"),
            aliases=("联审", "联审汇总", "资格联审"),
            description="joint vetting results (联审), long or wide",
            form_fields=(
                FormField("name", ("姓名",), "the candidate, by name (with 人选类别 and place)"),
                FormField(
                    "candidate_kind",
                    ("人选类别", "人员类别"),
                    "村级后备干部: a reserve; 选派干部人选: a dispatched cadre",
                ),
                FormField(
                    "place",
                    ("村(社区)/工作单位", "村(社区)/单位", "所在村/单位", "村(社区)", "工作单位"),
                    "the reserve's village or the dispatched cadre's unit",
                ),
                FormField(
                    "department_column",
                    tuple(w for words in DEPARTMENT_WORDS.values() for w in words.split(";")),
                    "wide vetting: one column per department, the cell is its result",
                ),
                FormField(
                    "conclusion",
                    ("联审结论", "结论", "审查结论", "综合结论", "联审意见"),
                    "derived from the department columns: ignored and reported",
                ),
                _PERSON_FIELDS[0],
            ),
            form_required=(
                ("person_id", "name"),
                ("department", "department_column"),
                ("result", "department_column"),
            ),
        ),
        Table(
            "conflicts",
            (
                Column("person_a", "str", True, ("人员甲", "人员A", "甲")),
                Column("person_b", "str", True, ("人员乙", "人员B", "乙")),
                Column("relation", "str", False, ("关系",)),
            ),
            aliases=("利益冲突", "回避", "回避关系"),
            description="pairs who may never be mentor and mentee (ids or names)",
            form_required=(("person_a",), ("person_b",)),
        ),
        Table(
            "previous_pairs",
            (
                Column("reserve_id", "str", True, ("后备干部编号",)),
                Column("mentor_id", "str", True, ("导师编号",)),
            ),
            key=("reserve_id", "mentor_id"),
            aliases=("往年结对", "上年结对", "结对情况"),
            description="last cycle's mentor pairs (ids or names)",
            form_fields=(
                FormField("mentor_name", ("导师姓名", "导师"), "the mentor, by name"),
                FormField(
                    "reserve_names",
                    ("后备干部姓名", "后备干部", "结对后备干部"),
                    "the mentees, by name, several joined by 、",
                ),
                FormField(
                    "reserve_villages",
                    ("后备干部所在村(社区)", "后备干部所在村"),
                    "the mentees' villages, to tell apart people of one name",
                ),
            ),
            form_required=(
                ("reserve_id", "reserve_names"),
                ("mentor_id", "mentor_name"),
            ),
        ),
        Table(
            "pair_scores",
            (
                Column("reserve_id", "str", True, ("后备干部编号",)),
                Column("mentor_id", "str", True, ("导师编号",)),
                _given_score(),
            ),
            key=("reserve_id", "mentor_id"),
            aliases=("结对分数",),
            description="mentor pair scores that replace the computed ones",
            form_required=(("reserve_id",), ("mentor_id",), ("score",)),
        ),
        Table(
            "post_scores",
            (
                Column("person_id", "str", True, ("人员编号", "编号")),
                Column("village_id", "str", True, ("村编号",)),
                _given_score(),
            ),
            key=("person_id", "village_id"),
            aliases=("岗位分数",),
            description="backfill fit scores that replace the computed ones",
            form_required=(("person_id",), ("village_id",), ("score",)),
        ),
    )
}

#: Columns that name a village (by id, or by name in office forms), table by table.
VILLAGE_REFERENCES: tuple[tuple[str, str], ...] = (
    ("roads", "from"),
    ("roads", "to"),
    ("secretaries", "village_id"),
    ("reserves", "village_id"),
    ("nominees", "village_id"),
    ("mentors", "village_id"),
    ("post_scores", "village_id"),
)

#: Headers every form may carry that are dropped on purpose (row numbers).
ROW_NUMBER_HEADERS = ("序号", "编号序号", "no", "no.")

ENUM_NOUN = {
    "gender": "gender",
    "education": "education level",
    "kind": "village kind",
    "categories": "village category",
    "rating": "rating",
    "status": "status",
    "source": "source",
    "type": "mentor type",
    "department": "department",
    "result": "vetting result",
}


def header_lookup(table: Table) -> dict[str, str]:
    """Every normalised header word of ``table`` -> its column or form field name."""
    lookup: dict[str, str] = {}
    for column in table.columns:
        for spelling in (column.name, *column.aliases):
            lookup.setdefault(normalise_header(spelling), column.name)
    for form_field in table.form_fields:
        if form_field.name == "category_flag":
            continue
        for spelling in form_field.aliases:
            lookup.setdefault(normalise_header(spelling), form_field.name)
    return lookup


def table_names(table: Table) -> tuple[str, ...]:
    """The sheet or file names that stand for ``table``, normalised."""
    return tuple(normalise_header(n) for n in (table.name, *table.aliases))


def schema_markdown() -> str:
    """The README's tables of accepted headers, generated from :data:`SCHEMAS`."""
    lines: list[str] = []
    for table in SCHEMAS.values():
        names = ", ".join(table.aliases)
        lines.append(
            f"**`{table.name}`**: {table.description}"
            + (f" (sheet or file also named {names})" if names else "")
        )
        if table.same_as:
            lines[-1] += (
                f". The same columns, Chinese headers and values as `{table.same_as}` above. "
                + table.note
            )
            lines.append("")
            continue
        lines.append("")
        lines.append("| column | Chinese headers | type | values |")
        lines.append("|---|---|---|---|")
        for column in table.columns:
            mark = "*" if column.required else ""
            values = _values_text(column)
            if column.generated:
                made = {
                    "id": "generated when the form has none (see below)",
                    "name": "the village name when the form has none",
                    "title": "from the title or 填报单位 line when the form has none",
                }[column.generated]
                values = f"{values}; {made}" if values else made
            if column.note:
                values = f"{values} ({column.note})" if values else column.note
            lines.append(
                f"| `{column.name}`{mark} | {' / '.join(column.aliases)} | {column.kind} "
                f"| {values} |"
            )
        for form_field in table.form_fields:
            lines.append(
                f"| *{form_field.name}* (form) | {' / '.join(form_field.aliases)} | "
                f"form field | {form_field.purpose} |"
            )
        if table.note:
            lines.append("")
            lines.append(table.note)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _values_text(column: Column) -> str:
    parts = []
    if column.words:
        parts.append(
            ", ".join(
                f"`{code}` {'/'.join(words.split(';'))}" for code, words in column.words.items()
            )
        )
    if column.minimum is not None:
        relation = ">" if column.strict_min else ">="
        parts.append(f"{relation} {column.minimum:g}")
    if column.maximum is not None:
        parts.append(f"<= {column.maximum:g}")
    text = " and ".join(parts[1:]) if column.words is None else ""
    if column.words:
        text = parts[0]
    elif parts:
        text = " and ".join(parts)
    if column.default is not None:
        text += f" (default {column.default})"
    return text.strip()
