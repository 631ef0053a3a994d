"""Tests of the dataset: derived facts, cross-references and xlsx equivalence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cadreplan.solver.dataset import _empty, load_dataset
from cadreplan.solver.errors import DataError
from cadreplan.solver.intake.cells import default_column
from cadreplan.solver.schema import SCHEMAS


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


# --- Loading only the tables a command needs (issue 14) ------------------------------------


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A generated 500-village district as CSV files (vetting.csv is past the parsed head)."""
    from cadreplan.solver.generate import generate_dataset
    from cadreplan.solver.intake.files import HEAD_BYTES

    folder = tmp_path_factory.mktemp("district")
    for name, frame in generate_dataset(500, seed=3, year=2026).items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    assert (folder / "vetting.csv").stat().st_size > 2 * HEAD_BYTES
    return folder


def test_only_the_tables_asked_for_are_typed(district: Path) -> None:
    """tables=(...) types those and villages; the others stay empty but are still reported."""
    data = load_dataset(district, 2026, tables=("secretaries",))
    full = load_dataset(district, 2026)
    assert len(data.secretaries) == len(full.secretaries) > 0
    pd.testing.assert_frame_equal(data.villages, full.villages)
    assert len(data.vetting) == len(data.reserves) == len(data.mentors) == 0
    # Every source is still named, with the fingerprint of its whole file.
    assert dict(data.fingerprints) == dict(full.fingerprints)
    assert data.intake is not None
    unread = {s.table for s in data.intake.sources if s.reason == "intake.source.not_needed"}
    assert unread == set(full.fingerprints) - {"villages", "secretaries"}
    records = {r["table"]: r for r in data.intake.records("en") if r["kind"] == "source"}
    assert records["vetting"]["status"] == "unread"
    assert records["secretaries"]["status"] == "read"
    assert "not needed by this command" in records["vetting"]["reason"]
    assert "本命令不需要此表" in data.intake.render("zh")


def test_a_table_not_needed_is_parsed_only_to_its_header(district: Path, tmp_path: Path) -> None:
    """A bad cell far down an unneeded file is never read; reading every table finds it."""
    import shutil

    folder = tmp_path / "broken"
    shutil.copytree(district, folder)
    with (folder / "vetting.csv").open("a", encoding="utf-8") as file:
        file.write("nobody,organisation,not-a-result,\n")
    data = load_dataset(folder, 2026, tables=("secretaries",))
    assert len(data.vetting) == 0
    with pytest.raises(DataError) as caught:
        load_dataset(folder, 2026)
    assert caught.value.file == "vetting.csv"


def test_a_long_needed_table_is_read_whole(district: Path) -> None:
    """A needed file longer than the parsed head is read whole: the same table as in full."""
    tables = ("vetting", "reserves", "dispatched", "nominees", "mentors", "secretaries")
    subset = load_dataset(district, 2026, tables=tables)
    full = load_dataset(district, 2026)
    for name in ("villages", *tables):
        pd.testing.assert_frame_equal(getattr(subset, name), getattr(full, name))


# --- Typing only the columns a command uses (issue 14: plan budget) ------------------------


def budget_read(folder: Path):
    """The dataset as plan budget reads it: its tables, and only their columns it uses."""
    from cadreplan.solver.budget import BUDGET_COLUMNS, BUDGET_TABLES

    return load_dataset(folder, 2026, tables=BUDGET_TABLES, used_columns=BUDGET_COLUMNS)


def test_used_columns_equal_a_full_read_and_the_rest_are_reported(district: Path) -> None:
    """The used columns and the vacancies are those of a full read; the others say 'unread'."""
    from cadreplan.solver.budget import BUDGET_COLUMNS

    data = budget_read(district)
    full = load_dataset(district, 2026)
    for table, used in BUDGET_COLUMNS.items():
        pd.testing.assert_frame_equal(
            getattr(data, table)[["_row", *used]], getattr(full, table)[["_row", *used]]
        )
    assert data.villages["vacant"].tolist() == full.villages["vacant"].tolist()
    assert data.villages["lat"].isna().all() and full.villages["lat"].notna().all()
    assert data.intake is not None
    records = [r for r in data.intake.records("en") if r["kind"] == "column"]
    status = {(r["table"], r["column"]): r["status"] for r in records}
    for table, used in BUDGET_COLUMNS.items():
        for column in getattr(full, table).columns:
            if (table, column) in status:
                assert status[(table, column)] == ("read" if column in used else "unread")
    unread = [r for r in records if r["status"] == "unread"]
    assert {(r["table"], r["column"]) for r in unread} >= {
        ("villages", "lat"),
        ("villages", "population"),
        ("secretaries", "education"),
    }
    assert all(r["reason"] == "not needed by this command: not checked or used" for r in unread)
    assert "本命令不需要此列" in data.intake.render("zh")


def write_cell(folder: Path, table: str, column: str, row: int, value: str) -> None:
    """Write ``value`` into one cell of ``<table>.csv`` (row as the spreadsheet counts it)."""
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(folder / f"{table}.csv", index=False)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("secretaries", "birth_year", "nineteen-seventy"),
        ("secretaries", "status", "on holiday"),
        ("secretaries", "rating", "superb"),
        ("secretaries", "village_id", "V-NOWHERE"),
        ("villages", "village_id", ""),
    ],
)
def test_a_bad_cell_in_a_used_column_gives_the_full_reads_error(
    district: Path, tmp_path: Path, table: str, column: str, value: str
) -> None:
    """A bad used cell stops the budget's read with the full read's file, row, column, words."""
    import shutil

    folder = tmp_path / "bad"
    shutil.copytree(district, folder)
    write_cell(folder, table, column, 7, value)
    with pytest.raises(DataError) as full:
        load_dataset(folder, 2026)
    with pytest.raises(DataError) as budget:
        budget_read(folder)
    assert (budget.value.file, budget.value.row, budget.value.column) == (
        full.value.file,
        full.value.row,
        full.value.column,
    )
    assert str(budget.value) == str(full.value)
    assert budget.value.render("zh") == full.value.render("zh")


def test_a_bad_cell_in_an_unused_column_is_not_checked(district: Path, tmp_path: Path) -> None:
    """A bad cell in a column plan budget does not use stops a full read only."""
    import shutil

    folder = tmp_path / "unused"
    shutil.copytree(district, folder)
    write_cell(folder, "villages", "lat", 5, "north-ish")
    write_cell(folder, "secretaries", "education", 9, "self-taught wizard")
    data = budget_read(folder)
    assert len(data.villages) == 500
    with pytest.raises(DataError) as full:
        load_dataset(folder, 2026)
    assert (full.value.file, full.value.row) in {("villages.csv", 5), ("secretaries.csv", 9)}


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_a_table_not_given_is_an_empty_frame_of_its_columns_and_dtypes(table: str) -> None:
    """A table the data lack is empty with _row and every schema column, each with the
    dtype of its default column (as a column-by-column build gives it)."""
    schema = SCHEMAS[table]
    expected = pd.DataFrame({"_row": np.zeros(0, dtype=np.int64)})
    for column in schema.columns:
        expected[column.name] = default_column(column, 0)
    frame = _empty(schema)
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)
    assert frame.columns.tolist() == ["_row", *[c.name for c in schema.columns]]


def _vacancy_reasons_as_before(data) -> list[str]:
    """Each village's vacancy reason computed row by row, as the dataset once did."""
    secretaries = data.secretaries
    others = secretaries[secretaries["status"] != "in_post"].drop_duplicates(
        "village_id", keep="last"
    )
    status_of = {
        v: f"secretary {p} ({n}) is {s}"
        for v, p, n, s in zip(
            others["village_id"],
            others["person_id"],
            others["name"],
            others["status"],
            strict=True,
        )
    }
    return [
        "" if not vacant else status_of.get(village, "no secretary on record")
        for village, vacant in zip(
            data.villages["village_id"], data.villages["vacant"], strict=True
        )
    ]


def test_vacancy_reasons_are_looked_up_for_vacant_posts_only(sample, district: Path) -> None:
    """Looking up only the vacant posts gives every village the reason a row-by-row pass
    gave (sample: a leaving secretary, a post with no one on record), in full and budget reads."""
    for data in (sample, load_dataset(district, 2026), budget_read(district)):
        reasons = data.villages["vacancy_reason"]
        assert reasons.tolist() == _vacancy_reasons_as_before(data)
        assert reasons.dtype == pd.Series(reasons.tolist()).dtype
    assert {r for r in sample.villages["vacancy_reason"] if r} >= {"no secretary on record"}


@pytest.mark.parametrize("column", [c for s in SCHEMAS.values() for c in s.columns])
def test_a_default_column_equals_one_built_cell_by_cell(column) -> None:
    """Every default column (Int64 ones built from values and mask) equals the column built
    from a list of its default, with the same dtype."""
    built = default_column(column, 5)
    if column.kind in ("int", "year"):
        cells = [pd.NA if column.default is None else column.default] * 5
        pd.testing.assert_extension_array_equal(built, pd.array(cells, dtype="Int64"))
    else:
        assert len(built) == 5
