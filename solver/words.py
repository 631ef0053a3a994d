"""The one catalogue of user-facing words, in English and Chinese (``--lang en|zh``).

Everything a person reads goes through here: column and sheet headers (:func:`header`),
enumeration values (:func:`enum_word`, whose Chinese words come from
:mod:`cadreplan.solver.vocabulary`, the same source the intake reads) and messages by key with
named parameters (:func:`say`). A plain mapping rather than gettext: the project has two
languages, the messages are few hundred, and a mapping keeps each message's two languages side
by side for review.

Reason codes (``reason_code`` in outputs) are stable English snake_case; their texts are
messages here under the key ``reason.<code>``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from .vocabulary import VOCABULARIES, display_word

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

HEADERS_ZH: dict[str, str] = {
    # sheets
    "mentor_pairs": "结对名单",
    "mentor_load": "导师带教量",
    "unassigned": "未结对",
    "appointments": "任职安排",
    "shortlist": "备选名单",
    "unfilled": "未补齐岗位",
    "eligibility": "资格联审",
    "reserve_ratio": "后备比例",
    "summary": "汇总",
    "per_year": "分年度",
    "payers": "资金来源",
    "comparison": "方案比较",
    "assumptions": "参数假设",
    # columns
    "reserve_id": "后备干部编号",
    "reserve_name": "后备干部姓名",
    "reserve_village": "所在村",
    "mentor_id": "导师编号",
    "mentor_name": "导师姓名",
    "mentor_type": "导师类型",
    "mentor_village": "导师所在村",
    "km": "距离(公里)",
    "score": "得分",
    "score_needs": "需求匹配分",
    "score_proximity": "距离分",
    "score_continuity": "延续结对分",
    "score_experience": "经验分",
    "score_given": "给定分数",
    "kept": "延续上年结对",
    "capacity": "带教容量",
    "load": "实际带教",
    "reason": "原因",
    "village_id": "村编号",
    "village_name": "村名",
    "person_id": "人员编号",
    "name": "姓名",
    "route": "任职途径",
    "priority": "优先权重",
    "score_evaluation": "履职评估分",
    "score_education": "学历分",
    "score_age": "年龄分",
    "score_source": "来源加分",
    "score_route": "途径加分",
    "rank": "排序",
    "appointed_to": "已安排至",
    "eligible": "是否符合资格",
    "reasons": "不符合原因",
    "kind": "类别",
    "age": "年龄",
    "education": "学历",
    "reserves_before": "补齐前后备人数",
    "reserves_after": "补齐后后备人数",
    "target": "目标人数",
    "shortfall": "缺口",
    "scenario": "方案",
    "year": "年度",
    "item": "项目",
    "mean": "均值",
    "p5": "P5",
    "p50": "P50",
    "p95": "P95",
    "payer": "支付方",
    "key": "参数",
    "value": "取值",
    "vs": "对比基准",
    "difference_mean": "差额均值",
    "difference_p5": "差额P5",
    "difference_p50": "差额P50",
    "difference_p95": "差额P95",
    "headcount": "人数",
    "categories": "村类别",
    "town": "镇街",
    "local": "本村",
    "cross_village": "跨村任职",
    "dispatched": "选派",
    "home_village": "原所在村",
    "unit": "选派单位",
}


#: Messages by key: (English, Chinese). Parameters use ``str.format`` names.
MESSAGES: dict[str, tuple[str, str]] = {
    "using_sample": (
        "Using the bundled sample district (pass --data for your own).",
        "使用自带的样例街道数据（用 --data 指定自己的数据）。",
    ),
}


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """``zh`` when the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, first set) starts with zh.

    Parameters
    ----------
    environ
        The environment to read; ``os.environ`` by default.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def say(key: str, lang: Lang, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with its parameters filled in.

    Raises
    ------
    KeyError
        When the catalogue has no message ``key`` (a programming error, caught by the tests).
    """
    en, zh = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**params)


def header(name: str, lang: Lang) -> str:
    """The header of a column or sheet: the name itself in English, its Chinese label in zh."""
    if lang == "zh":
        return HEADERS_ZH.get(name, name)
    return name


def enum_word(kind: str, code: str, lang: Lang) -> str:
    """An enumeration value for a reader: the code in English, its display word in Chinese.

    ``kind`` is a key of :data:`cadreplan.solver.vocabulary.VOCABULARIES` (``mentor_type``,
    ``education``, ``rating`` …).
    """
    if kind not in VOCABULARIES:
        raise KeyError(kind)
    return display_word(kind, code) if lang == "zh" else code
