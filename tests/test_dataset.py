"""Tests of the dataset: derived facts, cross-references and xlsx equivalence."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.errors import DataError


def test_sample_has_thirteen_villages_and_three_vacancies(sample) -> None:
    """The sample district has 13 villages and the 3 vacancies of its secretaries table."""
    assert len(sample.villages) == 13
    assert sample.vacancies["village_id"].tolist() == ["V01", "V04", "V09"]
    vacancies = sample.vacancies
    reasons = dict(zip(vacancies["village_id"], vacancies["vacancy_reason"], strict=True))
    assert reasons["V04"] == "no secretary on record"
    assert "to_adjust" in reasons["V01"]
    assert "leaving" in reasons["V09"]


def test_sample_exercises_every_category(sample) -> None:
    """Every category, the large village and the third-term secretary occur in the sample."""
    categories = {c for cats in sample.village_categories() for c in cats}
    assert categories == {"weak_lax", "poor", "weak_economy", "advanced", "large", "long_tenure"}
    assert sample.villages["cross_village_pilot"].sum() >= 2
    assert set(sample.mentors["type"]) == {
        "subdistrict_cadre",
        "instructor",
        "retired_secretary",
        "advanced_secretary",
    }
    assert len(sample.dispatched) == 3
    assert {"fail", "pending"} <= set(sample.vetting["result"])


def test_xlsx_workbook_loads_the_same_as_the_csv_folder(sample, tmp_path: Path) -> None:
    """A workbook with one sheet per table loads to the same data as the CSV folder."""
    workbook = tmp_path / "district.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        for path in sorted(Path(sample.source).glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame.to_excel(writer, sheet_name=path.stem, index=False)
    from_xlsx = load_dataset(workbook, sample.year)
    for table in (
        "villages",
        "roads",
        "secretaries",
        "reserves",
        "mentors",
        "dispatched",
        "vetting",
        "conflicts",
        "previous_pairs",
    ):
        left = getattr(sample, table).drop(columns="_row")
        right = getattr(from_xlsx, table).drop(columns="_row")
        pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_dataset_is_frozen(sample) -> None:
    """Problem data cannot be reassigned after loading."""
    with pytest.raises(AttributeError):
        sample.year = 2030


def test_missing_villages_table_is_reported(tmp_path: Path) -> None:
    """A folder without villages.csv names the missing table."""
    (tmp_path / "reserves.csv").write_text("person_id\n", "utf-8")
    with pytest.raises(DataError, match="has no 'villages' table"):
        load_dataset(tmp_path, 2026)
