"""The vocabularies: every enumeration code with the Chinese words that stand for it.

One source for both directions: the intake reads any of the words listed for a code, and the
reports (through :mod:`cadreplan.solver.words`) write the **first** word as the code's Chinese
display word. Words are separated by ``;``.

Words are matched after :func:`normalise_word`: full-width forms become half-width (NFKC, so
``（居）`` reads as ``(居)`` and ``１`` as ``1``), every bracket becomes ``(``/``)``, spaces and
line breaks are removed and Latin letters are lower-cased. The English code of each entry is
accepted too, so clean tables written with codes read as before.

The README's table of accepted words is generated from these dictionaries by
:func:`vocabulary_markdown` (a test keeps the two in step).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

EDUCATION_LEVELS: tuple[str, ...] = (
    "primary",
    "junior",
    "high_school",
    "college",
    "bachelor",
    "master",
    "doctor",
)
#: Rank of each education word; ``vocational`` (中专) ranks with ``high_school``.
EDUCATION_RANK: dict[str, int] = {name: rank for rank, name in enumerate(EDUCATION_LEVELS)}
EDUCATION_RANK["vocational"] = EDUCATION_RANK["high_school"]

#: Education levels with the words of GB/T 4658-2006 (学历代码): 研究生 (10; read as
#: ``master``, the lower of its two degrees), 大学本科 (20), 大学专科 (30), 中等专科 (40),
#: 职业高中 (50), 技工学校 (60), 普通高中 (70), 初中 (80), 小学 (90), and the short forms
#: offices write. A trailing 毕业 or 学历 is read away (``大学本科毕业`` is ``bachelor``).
EDUCATION_WORDS = {
    "primary": "小学",
    "junior": "初中;初级中学",
    "high_school": "高中;普通高中;高级中学",
    "vocational": "中专;中等专科;中等专业学校;中等专科学校;中等职业学校;中职;职高;职业高中;"
    "技校;技工学校;中技",
    "college": "大专;大学专科;专科;高职;高等专科",
    "bachelor": "本科;大学本科;大学",
    "master": "硕士;研究生;硕士研究生;研究生(硕士)",
    "doctor": "博士;博士研究生;研究生(博士)",
}
VILLAGE_KIND_WORDS = {
    "village": "村;行政村;村委会;村民委员会",
    "community": "社区;居委会;社区居委会;居民委员会",
}
CATEGORY_WORDS = {
    "weak_lax": "软弱涣散;软弱涣散村;软弱涣散村党组织",
    "poor": "贫困;贫困村;脱贫村;脱贫;脱贫攻坚村;重点帮扶村;乡村振兴重点帮扶村",
    "weak_economy": "集体经济薄弱;集体经济薄弱村;经济薄弱村;薄弱村",
    "advanced": "先进;先进村;先进村党组织",
}
GENDER_WORDS = {"M": "男;m;male;男性", "F": "女;f;female;女性"}
#: Ratings of the yearly assessment. The four grades of the civil-service scale (优秀, 称职,
#: 基本称职, 不称职) and of the public-institution scale (优秀, 合格, 基本合格, 不合格) are read
#: as the four village grades (好, 较好, 一般, 差) of the same rank.
RATING_WORDS = {
    "excellent": "好;优秀",
    "good": "较好;称职;良好;合格",
    "fair": "一般;基本称职;基本合格",
    "poor": "差;不称职;较差;不合格",
}
STATUS_WORDS = {
    "in_post": "在任;在职;现任;正常",
    "to_adjust": "待调整;拟调整;调整;需调整",
    "leaving": "离任;拟离任;离职;退休;辞职",
}
SOURCE_WORDS = {
    "wealth_leader": "带富能手;致富能手;农村致富能手;致富带头人;创业致富带头人",
    "veteran": "退役军人;复员退伍军人;退伍军人",
    "returnee": "返乡人员;外出务工经商返乡;外出务工经商返乡人员;外出务工返乡人员;返乡创业人员;"
    "返乡创业青年",
    "teacher": "乡村教师;教师",
    "doctor": "村医;乡村医生;村卫生室医生",
    "social_worker": "社会工作者;社工",
    "graduate": "返乡大学生;大学毕业生;大学生村官;高校毕业生;返乡高校毕业生",
    "retired_cadre": "退休干部;离退休干部",
}
MENTOR_TYPE_WORDS = {
    "subdistrict_cadre": "街道干部;乡镇干部;镇街干部;乡镇(街道)干部;街道机关干部",
    "instructor": "党建指导员;村(居)党建指导员;村党建指导员;驻村党建指导员;党建工作指导员",
    "retired_secretary": "退休书记;退休村(社区)党组织书记;退休村党组织书记;退休村书记;"
    "离任村(社区)党组织书记",
    "advanced_secretary": "先进村书记;先进村党组织书记;先进村(社区)党组织书记;优秀村党组织书记;"
    "优秀村(社区)党组织书记",
}
VETTING_WORDS = {
    "pass": "通过;合格;同意;未发现问题;无异常;无问题;符合;符合条件;正常",
    "fail": "不通过;不合格;不同意;有问题;发现问题;不符合;不符合条件;异常",
    "pending": "待定;核查中;待核查;审核中;待反馈",
}
#: Departments of joint vetting (联审); other department names are kept as written.
DEPARTMENT_WORDS = {
    "discipline": "纪委;纪委监委;纪检监察;县纪委监委;区纪委监委;市纪委监委;纪委监委机关",
    "police": "公安;公安局;公安分局;派出所",
    "court": "法院;人民法院",
    "procuratorate": "检察院;人民检察院;检察",
    "civil_affairs": "民政;民政局",
    "petition": "信访;信访局;信访办",
}
#: 政治面貌 (GB/T 4762 political status): only 中共党员 is a full member. A 中共预备党员 is a
#: probationary member, **not yet a full member**; Party years count from full membership
#: where known, else from the admission date plus one year (the probation of Party rules).
PARTY_STATUS_WORDS = {
    "member": "中共党员;党员;中国共产党党员;共产党员",
    "probationary": "中共预备党员;预备党员;中共党员(预备)",
    "non_member": "非中共党员;群众;共青团员;团员;中国共产主义青年团团员;无党派人士;无党派;"
    "入党积极分子;发展对象;民主党派;民革党员;民革;民盟盟员;民盟;民建会员;民建;民进会员;民进;"
    "农工党党员;农工党;致公党党员;致公党;九三学社社员;九三学社;台盟盟员;台盟",
}
BOOL_TRUE = {"true", "yes", "1", "是", "y", "t", "√", "✓", "✔", "有"}
BOOL_FALSE = {"false", "no", "0", "否", "n", "f", "×", "✗", "✘", "不是", "没有"}
#: Cell texts that mean "nothing written" (after :func:`normalise_word`).
BLANK_WORDS = frozenset(
    {
        "",
        "/",
        "\\",
        "-",
        "--",
        "—",
        "——",
        "–",
        "―",
        "无",
        "空",
        "暂无",
        "空白",
        "n/a",
        "na",
        "nan",
        "null",
        "none",
        "#n/a",
    }
)
LIST_SPLIT = re.compile(r"[;；,，、\n]")


#: Every enumeration by the name the catalogue uses for it (``words.enum_word(kind, code)``).
VOCABULARIES: dict[str, dict[str, str]] = {
    "education": EDUCATION_WORDS,
    "village_kind": VILLAGE_KIND_WORDS,
    "category": CATEGORY_WORDS,
    "gender": GENDER_WORDS,
    "rating": RATING_WORDS,
    "status": STATUS_WORDS,
    "source": SOURCE_WORDS,
    "mentor_type": MENTOR_TYPE_WORDS,
    "vetting_result": VETTING_WORDS,
    "department": DEPARTMENT_WORDS,
    "party_status": PARTY_STATUS_WORDS,
}

#: The English display word of every code, for English workbooks and 报送 sheets (the CSV
#: outputs keep the codes). The intake accepts these words too, so an English workbook of ours
#: reads back.
ENGLISH_WORDS: dict[str, dict[str, str]] = {
    "education": {
        "primary": "primary school",
        "junior": "junior secondary",
        "high_school": "senior secondary",
        "vocational": "vocational secondary",
        "college": "college",
        "bachelor": "bachelor's degree",
        "master": "master's degree",
        "doctor": "doctorate",
    },
    "village_kind": {"village": "village", "community": "community"},
    "category": {
        "weak_lax": "weak and lax",
        "poor": "poor",
        "weak_economy": "weak collective economy",
        "advanced": "advanced",
    },
    "gender": {"M": "male", "F": "female"},
    "rating": {"excellent": "excellent", "good": "good", "fair": "fair", "poor": "poor"},
    "status": {"in_post": "in post", "to_adjust": "to be adjusted", "leaving": "leaving"},
    "source": {
        "wealth_leader": "wealth leader",
        "veteran": "veteran",
        "returnee": "returned migrant",
        "teacher": "rural teacher",
        "doctor": "village doctor",
        "social_worker": "social worker",
        "graduate": "returning graduate",
        "retired_cadre": "retired cadre",
    },
    "mentor_type": {
        "subdistrict_cadre": "sub-district cadre",
        "instructor": "Party-building instructor",
        "retired_secretary": "retired secretary",
        "advanced_secretary": "advanced-village secretary",
    },
    "vetting_result": {"pass": "pass", "fail": "fail", "pending": "pending"},
    "department": {
        "discipline": "discipline inspection",
        "police": "police",
        "court": "court",
        "procuratorate": "procuratorate",
        "civil_affairs": "civil affairs",
        "petition": "petitions",
    },
    "party_status": {
        "member": "Party member",
        "probationary": "probationary Party member",
        "non_member": "not a Party member",
    },
}

#: What each vocabulary is, for the README table (English, Chinese).
VOCABULARY_TITLES: dict[str, tuple[str, str]] = {
    "education": ("education (GB/T 4658)", "学历"),
    "village_kind": ("village kind", "类型"),
    "category": ("village category", "村类别"),
    "gender": ("gender", "性别"),
    "rating": ("rating", "考核等次"),
    "status": ("secretary status", "任职状态"),
    "source": ("reserve source", "人员来源"),
    "mentor_type": ("mentor type", "导师类别"),
    "vetting_result": ("vetting result", "联审结果"),
    "department": ("vetting department", "联审部门"),
    "party_status": ("political status", "政治面貌"),
}

_BRACKETS = str.maketrans(
    {
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "〈": "(",
        "〉": ")",
        "《": "(",
        "》": ")",
        "<": "(",
        ">": ")",
    }
)
_SPACE = re.compile(r"\s+")


def normalise_word(text: str) -> str:
    """The form in which words are compared: half-width, one kind of bracket, no spaces.

    Parameters
    ----------
    text
        A cell's text as written.

    Returns
    -------
    str
        NFKC-normalised (full-width letters, digits and punctuation to half-width, ideographic
        space to space), brackets of every kind as ``(``/``)``, whitespace removed, Latin
        letters lower-cased. ASCII text skips the Unicode step (the common case, fast).
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", text.translate(_BRACKETS)).lower()


def display_word(kind: str, code: str) -> str:
    """The Chinese display word of an enumeration code: the first word listed for it.

    Codes not in the vocabulary (a department kept under its own name) come back as given.
    """
    words = VOCABULARIES[kind].get(code)
    return words.split(";")[0] if words else code


def english_word(kind: str, code: str) -> str:
    """The English display word of an enumeration code (``sub-district cadre``).

    Codes not in the vocabulary (a department kept under its own name) come back as given.
    """
    return ENGLISH_WORDS.get(kind, {}).get(code, code)


def words_of(kind: str, code: str) -> tuple[str, ...]:
    """Every Chinese word accepted for ``code`` of vocabulary ``kind``, display word first.

    Parameters
    ----------
    kind, code
        A key of :data:`VOCABULARIES` and one of its codes.

    Returns
    -------
    tuple of str
        The words as listed (not normalised).
    """
    return tuple(VOCABULARIES[kind][code].split(";"))


@cache
def word_map(kind: str) -> dict[str, str]:
    """Every accepted spelling of vocabulary ``kind``, normalised, mapped to its code.

    The English code itself (any case) and its English display word are accepted too.

    Raises
    ------
    KeyError
        When ``kind`` is not a key of :data:`VOCABULARIES`.
    ValueError
        When one normalised word stands for two codes (a mistake in the data above).
    """
    mapping: dict[str, str] = {}
    for code, chinese in VOCABULARIES[kind].items():
        english = ENGLISH_WORDS.get(kind, {}).get(code)
        for word in (code, *chinese.split(";"), *((english,) if english else ())):
            key = normalise_word(word)
            if mapping.get(key, code) != code:
                raise ValueError(f"{kind}: '{word}' stands for {mapping[key]} and {code}")
            mapping[key] = code
    return mapping


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def vocabulary_markdown() -> str:
    """The README's tables of accepted words, generated from the vocabularies above.

    Returns
    -------
    str
        Markdown: one table per vocabulary (code, display word, other accepted words), then
        the blank, yes/no and list conventions. The README holds it verbatim between the
        markers ``<!-- vocabulary:start -->`` and ``<!-- vocabulary:end -->``.
    """
    lines = [
        "Words are compared after normalisation: full-width characters read as half-width, "
        "every kind of bracket as `()`, spaces and line breaks removed, Latin letters in any "
        "case. The English code and the English word are accepted too; the reports write the "
        "display word in Chinese and the English word in English.",
        "",
    ]
    for kind, words in VOCABULARIES.items():
        english, chinese = VOCABULARY_TITLES[kind]
        lines += [
            f"**{english}** · {chinese} (`{kind}`)",
            "",
            "| code | display word | English word | also accepted |",
            "|---|---|---|---|",
        ]
        for code, text in words.items():
            first, *others = text.split(";")
            english = _cell(english_word(kind, code))
            lines.append(f"| `{code}` | {_cell(first)} | {english} | {_cell(' / '.join(others))} |")
        lines.append("")
    blanks = sorted(w for w in BLANK_WORDS if w)
    lines += [
        "**Blank cells**: empty, or one of "
        + ", ".join(f"`{_cell(w)}`" for w in blanks)
        + " (also a run of dashes).",
        "",
        "**Yes/no**: yes = "
        + ", ".join(f"`{w}`" for w in sorted(BOOL_TRUE))
        + "; no = "
        + ", ".join(f"`{w}`" for w in sorted(BOOL_FALSE))
        + ".",
        "",
        "**Lists** are split on `;` `；` `,` `，` `、` and line breaks.",
    ]
    return "\n".join(lines) + "\n"
