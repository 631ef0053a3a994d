"""The vocabularies: every enumeration code with the Chinese words that stand for it.

One source for both directions: the intake reads any of the words listed for a code, and the
reports (through :mod:`cadreplan.solver.words`) write the **first** word as the code's Chinese
display word. Words are separated by ``;``.
"""

from __future__ import annotations

import re

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

EDUCATION_WORDS = {
    "primary": "小学",
    "junior": "初中",
    "high_school": "高中",
    "vocational": "中专",
    "college": "大专",
    "bachelor": "本科",
    "master": "硕士;研究生",
    "doctor": "博士",
}
VILLAGE_KIND_WORDS = {"village": "村", "community": "社区"}
CATEGORY_WORDS = {
    "weak_lax": "软弱涣散;软弱涣散村",
    "poor": "贫困;贫困村",
    "weak_economy": "集体经济薄弱;集体经济薄弱村",
    "advanced": "先进;先进村",
}
GENDER_WORDS = {"M": "男;m;male", "F": "女;f;female"}
RATING_WORDS = {"excellent": "好", "good": "较好", "fair": "一般", "poor": "差"}
STATUS_WORDS = {"in_post": "在任", "to_adjust": "待调整", "leaving": "离任"}
SOURCE_WORDS = {
    "wealth_leader": "带富能手",
    "veteran": "退役军人;复员退伍军人",
    "returnee": "返乡人员;外出务工经商返乡",
    "teacher": "乡村教师;教师",
    "doctor": "村医",
    "social_worker": "社会工作者",
    "graduate": "返乡大学生;大学毕业生",
    "retired_cadre": "退休干部",
}
MENTOR_TYPE_WORDS = {
    "subdistrict_cadre": "街道干部",
    "instructor": "党建指导员",
    "retired_secretary": "退休书记",
    "advanced_secretary": "先进村书记",
}
VETTING_WORDS = {"pass": "通过", "fail": "不通过", "pending": "待定"}
#: Departments of joint vetting (联审); other department names are kept as written.
DEPARTMENT_WORDS = {
    "discipline": "纪委;纪委监委",
    "police": "公安",
    "court": "法院",
    "procuratorate": "检察院",
    "civil_affairs": "民政",
    "petition": "信访",
}
BOOL_TRUE = {"true", "yes", "1", "是", "y", "t"}
BOOL_FALSE = {"false", "no", "0", "否", "n", "f"}
LIST_SPLIT = re.compile(r"[;；,，、]")


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
}


def display_word(kind: str, code: str) -> str:
    """The Chinese display word of an enumeration code: the first word listed for it.

    Codes not in the vocabulary (a department kept under its own name) come back as given.
    """
    words = VOCABULARIES[kind].get(code)
    return words.split(";")[0] if words else code
