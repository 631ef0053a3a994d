"""The 报送 sheets of ``plan reserves`` and ``plan ratings``, in the shape of :mod:`.filing`.

- reserves: the 后备干部名单 after the yearly review, every reserve and every nominee on it:
  kept and admitted people as the roster lists them, those who left or were not admitted with
  the reason in 备注, so the printed list accounts for everyone reviewed;
- ratings: the 实绩考核等次 list, every secretary with the assessment, the rating and why.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cadreplan.solver.dataset import Dataset

from .cells import word
from .filing import WORDS as FILING_WORDS
from .filing import Filing, _dates, _title_town, district_unit, worded

#: (English, Chinese) words of the review's 报送 sheets; the columns they share with the
#: plans' 报送 sheets are worded once, in :mod:`.filing`.
WORDS: dict[str, tuple[str, str]] = {
    **{
        key: FILING_WORDS[key]
        for key in ("number", "village", "gender", "born", "education", "party_since", "remarks")
    },
    "name": ("Name", "姓名"),
    "source": ("Source", "人员来源"),
    "evaluation": ("Evaluation", "履职评估得分"),
    "outcome": ("Review", "调整结果"),
    "assessment": ("Assessment", "实绩考核得分"),
    "rating": ("Rating", "考核等次"),
    "kept": ("kept", "保留"),
    "admitted": ("admitted", "新递补"),
    "left": ("left", "调出"),
    "not_admitted": ("not admitted", "未递补"),
    "reserves.title": (
        "{town}Reserve cadre pool after the yearly review, {year}",
        "{town}{year}年村级后备干部动态调整名单",
    ),
    "reserves.note": (
        "Note: {kept} kept, {left} left, {admitted} of {nominees} nominees admitted. Made from "
        "the {year} data; the reasons are in the sheets {pool} and {nominees_sheet}.",
        "注：保留{kept}名，调出{left}名，从{nominees}名推荐人选中递补{admitted}名。本表依据{year}年"
        "数据生成，原因详见“{pool}”“{nominees_sheet}”表。",
    ),
    "ratings.title": (
        "{town}Performance ratings of village secretaries, {year}",
        "{town}{year}年村（社区）党组织书记实绩考核等次名单",
    ),
    "ratings.note": (
        "Note: {rated} rated: {excellent} excellent, {good} good, {fair} fair, {poor} poor. "
        "Secretaries in post rated poor are to be adjusted (secretaries_next.csv).",
        "注：共评定{rated}名，其中好{excellent}名、较好{good}名、一般{fair}名、差{poor}名。"
        "评为“差”的在任书记列为待调整（secretaries_next.csv）。",
    ),
}


def say(key: str, lang: str, **params: object) -> str:
    """The review's 报送 word ``key`` in ``lang``, with ``params`` filled in."""
    return worded(WORDS, key, lang, **params)


def _sheet(name: str, lang: str) -> str:
    from cadreplan.solver.words import header

    return header(name, lang)  # type: ignore[arg-type]


def _each(values: pd.Series, show) -> list:
    """``show`` of every value, computed once per distinct value (a province repeats a few)."""
    items = values.tolist()
    shown = {value: show(value) for value in set(items)}
    return [shown[value] for value in items]


def reserves_filing(
    pool: pd.DataFrame, nominees: pd.DataFrame, dataset: Dataset, lang: str, date: dt.date
) -> Filing:
    """Everyone reviewed: the pool after review first, then who left and who was refused."""
    unit = district_unit(dataset)
    villages = dataset.villages.set_index("village_id")["name"]
    order = {v: i for i, v in enumerate(dataset.villages["village_id"])}
    nominee_table = dataset.nominees if dataset.nominees is not None else dataset.reserves.iloc[:0]
    people = pd.concat([dataset.reserves, nominee_table], ignore_index=True)
    people = people.drop_duplicates("person_id").set_index("person_id")
    rows = pd.concat([pool, nominees[nominees["status"] != "admitted"]], ignore_index=True)
    rank = {"kept": 0, "admitted": 1, "left": 2, "not_admitted": 3}
    rows = rows.assign(
        _group=rows["status"].map(lambda s: 0 if s in ("kept", "admitted") else 1),
        _order=rows["village_id"].map(order),
        _rank=rows["status"].map(rank),
        _index=range(len(rows)),
    ).sort_values(["_group", "_order", "_rank", "_index"])
    who = people.reindex(rows["person_id"])
    table = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "village": rows["village_id"].map(villages).to_numpy(),
            "name": who["name"].to_numpy(),
            "gender": _each(who["gender"], lambda g: word("gender", g, lang)),
            "born": _dates(who, "birth_year", "birth_month"),
            "education": _each(who["education"], lambda e: word("education", e, lang)),
            "party_since": _dates(who, "party_since", "party_month"),
            "source": _each(who["source"], lambda s: word("source", s, lang)),
            "evaluation": who["evaluation"].to_numpy(),
            "outcome": _each(rows["status"], lambda s: say(s, lang)),
            "remarks": [
                None if s == "kept" else r
                for s, r in zip(rows["status"], rows["reason"], strict=True)
            ],
        }
    )
    title = say("reserves.title", lang, town=_title_town(unit, lang), year=dataset.year)
    note = say(
        "reserves.note",
        lang,
        kept=int((pool["status"] == "kept").sum()),
        left=int((pool["status"] == "left").sum()),
        admitted=int((nominees["status"] == "admitted").sum()),
        nominees=len(nominees),
        year=dataset.year,
        pool=_sheet("reserve_pool", lang),
        nominees_sheet=_sheet("nominees", lang),
    )
    headers = [say(c, lang) for c in table.columns]
    return Filing(title, unit, date, headers, table, note, lang)


def ratings_filing(ratings: pd.DataFrame, dataset: Dataset, lang: str, date: dt.date) -> Filing:
    """Every secretary with the assessment, the rating and its reason, in village order."""
    unit = district_unit(dataset)
    villages = dataset.villages.set_index("village_id")["name"]
    order = {v: i for i, v in enumerate(dataset.villages["village_id"])}
    rows = ratings.assign(_order=ratings["village_id"].map(order), _index=range(len(ratings)))
    rows = rows.sort_values(["_order", "_index"])
    table = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "village": rows["village_id"].map(villages).to_numpy(),
            "name": rows["name"].to_numpy(),
            "assessment": rows["assessment"].to_numpy(),
            "rating": [word("rating", r, lang) if r else None for r in rows["rating"]],
            "remarks": rows["reason"].to_numpy(),
        }
    )
    rated = int((ratings["rating"] != "").sum())
    title = say("ratings.title", lang, town=_title_town(unit, lang), year=dataset.year)
    counts = {r: int((ratings["rating"] == r).sum()) for r in ("excellent", "good", "fair", "poor")}
    note = say("ratings.note", lang, rated=rated, **counts)
    headers = [say(c, lang) for c in table.columns]
    return Filing(title, unit, date, headers, table, note, lang)
