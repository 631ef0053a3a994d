"""The workbooks of ``plan mentors`` and ``plan backfill``: the plan's tables and a 报送 sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from cadreplan.solver.dataset import Dataset

from .fastrows import RowSplices
from .filing import backfill_filing, district_unit, mentors_filing, write_filing
from .stamp import planning_date
from .workbook import PrintTitle, plan_sheet, write_sheets

#: Printed titles of the plans: (English, Chinese); ``{town}`` is the filing unit.
TITLES: dict[str, tuple[str, str]] = {
    "mentors": ("{town}Mentor pairing plan {year}", "{town}{year}年雏雁导师结对方案"),
    "backfill": (
        "{town}Backfill plan for vacant secretary posts {year}",
        "{town}{year}年村（社区）党组织书记空缺岗位补齐方案",
    ),
    "reserves": ("{town}Reserve pool review {year}", "{town}{year}年后备干部动态调整方案"),
    "ratings": (
        "{town}Performance ratings of village secretaries {year}",
        "{town}{year}年村（社区）党组织书记实绩考核等次",
    ),
}


def plan_title(command: str, dataset: Dataset | None, lang: str) -> str:
    """The title printed on every page of a plan's workbook."""
    en, zh = TITLES.get(command, ("{town}" + command + " {year}", "{town}" + command + " {year}"))
    town = district_unit(dataset) if dataset is not None else ""
    year = dataset.year if dataset is not None else dt.date.today().year
    if lang == "zh":
        return zh.format(town=town, year=year)
    return en.format(town=f"{town}: " if town else "", year=year)


def write_plan_workbook(
    stage: Path,
    command: str,
    tables: Mapping[str, pd.DataFrame],
    lang: str,
    dataset: Dataset | None = None,
    *,
    date: dt.date | None = None,
) -> Path:
    """Write ``<command>.xlsx``: one sheet per table and, for mentors and backfill, 报送.

    Parameters
    ----------
    stage
        The staging folder of the run.
    command
        ``mentors``, ``backfill`` or another planning command (no 报送 sheet for those).
    tables
        The plan's tables by sheet code (``mentor_pairs`` …), as written to CSV.
    lang
        ``zh`` or ``en``: headers, values and sheet names.
    dataset
        The plan's data: the filing unit (town), the year and the people's details on the
        报送 sheet.
    date
        The 填报时间 and the footer date; the run's planning date by default
        (:func:`.stamp.planning_date`).
    """
    day = date or planning_date()
    title = PrintTitle(plan_title(command, dataset, lang), day, lang)
    sheets = [plan_sheet(name, frame, lang) for name, frame in tables.items()]
    filing = None
    if dataset is not None and command == "mentors":
        filing = mentors_filing(tables["mentor_pairs"], tables["unassigned"], dataset, lang, day)
    elif dataset is not None and command == "backfill":
        filing = backfill_filing(tables["appointments"], tables["unfilled"], dataset, lang, day)
    elif dataset is not None and command in ("reserves", "ratings"):
        from .review_filing import ratings_filing, reserves_filing  # plan reserves / ratings

        if command == "reserves":
            filing = reserves_filing(tables["reserve_pool"], tables["nominees"], dataset, lang, day)
        else:
            filing = ratings_filing(tables["ratings"], dataset, lang, day)

    def add_filing(workbook: object, splices: RowSplices) -> None:
        if filing is not None:
            write_filing(workbook, filing, title, splices)

    return write_sheets(stage, f"{command}.xlsx", sheets, title, after=add_filing)
