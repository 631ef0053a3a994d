"""The dataset: validated, cross-checked, immutable problem data with derived facts."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataError
from .intake import Intake
from .intake.columns import table_zh
from .intake.report import IntakeReport
from .schema import SCHEMAS, VILLAGE_REFERENCES
from .words import named, say

#: Population at or above which a village counts as ``large`` (万人以上大村).
LARGE_POPULATION = 10_000
#: Consecutive terms at or above which a secretary counts as ``long_tenure`` (连任3届以上).
LONG_TENURE_TERMS = 3
REQUIRED_TABLES = ("villages",)
WEAK_CATEGORIES = ("weak_lax", "poor", "weak_economy")


def this_year() -> int:
    return datetime.date.today().year


@dataclass(frozen=True)
class Dataset:
    """One sub-district's (or province's) tables, typed and cross-checked.

    The frames are private copies; treat them as read-only. ``villages`` gains the derived
    columns ``index`` (0-based position), ``large``, ``long_tenure``, ``vacant`` and
    ``vacancy_reason``.
    """

    source: str
    year: int
    villages: pd.DataFrame
    roads: pd.DataFrame
    secretaries: pd.DataFrame
    reserves: pd.DataFrame
    mentors: pd.DataFrame
    dispatched: pd.DataFrame
    vetting: pd.DataFrame
    conflicts: pd.DataFrame
    previous_pairs: pd.DataFrame
    pair_scores: pd.DataFrame | None
    post_scores: pd.DataFrame | None
    labels: MappingProxyType = field(repr=False)
    fingerprints: MappingProxyType = field(repr=False)
    #: People newly recommended for the reserve pool (推荐人选, ``plan reserves``); an
    #: empty frame when the dataset has no such table.
    nominees: pd.DataFrame | None = field(default=None, repr=False)
    #: What every file, sheet, column and row of the input became (None when built in memory).
    intake: IntakeReport | None = field(default=None, repr=False, compare=False)

    def __getattribute__(self, name: str) -> Any:
        # A frame handed out is a copy-on-write copy (pandas 3): changing it never changes the
        # dataset, so a caller's edit cannot change the next plan. The copy is shallow, so
        # nothing is copied until a change is made.
        value = object.__getattribute__(self, name)
        if name in _FRAME_FIELDS and value is not None:
            return value.copy(deep=False)
        return value

    @property
    def village_index(self) -> dict[str, int]:
        return dict(zip(self.villages["village_id"], range(len(self.villages)), strict=True))

    @property
    def vacancies(self) -> pd.DataFrame:
        """The vacant posts: one row per village with no secretary in post."""
        return self.villages[self.villages["vacant"]]

    def village_categories(self) -> pd.Series:
        """Each village's categories, including the derived ``large`` and ``long_tenure``."""
        derived = []
        for cats, large, long_tenure in zip(
            self.villages["categories"],
            self.villages["large"],
            self.villages["long_tenure"],
            strict=True,
        ):
            extra = (("large",) if large else ()) + (("long_tenure",) if long_tenure else ())
            derived.append(tuple(cats) + extra)
        return pd.Series(derived, index=self.villages.index, dtype=object)


_FRAME_FIELDS = frozenset(f.name for f in fields(Dataset) if "DataFrame" in str(f.type))


def load_dataset(
    path: str | Path,
    year: int | None = None,
    *,
    columns: str | Path | None = None,
    strict: bool = False,
    tables: Collection[str] | None = None,
    used_columns: Mapping[str, Collection[str]] | None = None,
) -> Dataset:
    """Read, type and cross-check a dataset as offices hold it.

    Parameters
    ----------
    path
        A folder of CSV and workbook files (any mix), one ``.xlsx``/``.xls`` workbook, or one
        CSV file (see :mod:`cadreplan.solver.intake`).
    year
        The plan year, used for ages and Party years; this year by default.
    columns
        A ``--columns`` TOML file mapping other headers to columns.
    strict
        Refuse a sheet or column that resembles a known one but was ignored.
    tables
        Only these tables (and ``villages``, which every reference needs) are read, typed and
        cross-checked; every other source is assigned to its table by its header only and
        its table stays empty (the intake report says "not needed by this command"). For a
        command that needs few tables (``plan budget``: villages and secretaries). A table
        asked for must bring the tables its references are checked against (conflicts name
        reserves, mentors, secretaries and dispatched cadres). Default: every table.
    used_columns
        Per table, the only columns a command uses (``plan budget``: the secretaries' status,
        birth years and ratings). A table named here has just these columns (and those a form
        field of the sheet folds into them) typed and checked; its other columns are read as
        text but not typed, are reported as not needed by this command
        (``intake.column.not_needed`` in the intake report and intake.csv), and hold their
        defaults (blank), as do the facts derived from them (``large``, ``long_tenure``). A
        bad cell in a used column gives the same error as in a full read. Default: every
        column of every table.

    Raises
    ------
    DataError
        For any problem, naming the file, the row and the column.
    """
    from .intake import read_column_map, read_tables

    path = Path(path)
    year = this_year() if year is None else int(year)
    if not path.exists():
        raise DataError(str(path), key="load.missing")
    column_map = read_column_map(Path(columns)) if columns is not None else None
    wanted = None if tables is None else {*tables, *REQUIRED_TABLES}
    intake = read_tables(
        path, column_map=column_map, strict=strict, tables=wanted, used_columns=used_columns
    )
    for name in REQUIRED_TABLES:
        if name in intake.hidden:
            raise DataError(
                intake.hidden[name],
                key="intake.ref.hidden_required",
                params={"table": name, "table_zh": table_zh(name)},
            )
        if name not in intake.tables:
            raise DataError(str(path), key="load.no_table", params={"name": name})
    return build_dataset(intake, year, str(path))


def build_dataset(intake: Intake, year: int, source: str) -> Dataset:
    """Check keys and references of the typed tables, and derive the facts."""
    typed: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    for name, schema in SCHEMAS.items():
        if name in intake.tables:
            frame = intake.tables[name]
            keep = ["_row", *(c.name for c in schema.columns)]
            typed[name] = frame[keep].reset_index(drop=True)
            labels[name] = intake.labels[name]
        else:
            typed[name] = _empty(schema)
            labels[name] = f"{name}.csv"
    # A mentor with a blank village (a 街道干部 at the office) keeps it blank (NA): the plan
    # places that mentor by mentors.office_village (solver/mentors.py, place_mentors).
    mentors = typed["mentors"]
    typed["mentors"] = mentors.assign(
        village_id=mentors["village_id"].where(mentors["village_id"] != "", pd.NA)
    )
    for name, schema in SCHEMAS.items():
        if schema.key:
            _check_unique(typed[name], schema.key, labels[name], intake.headers.get(name))
    _check_candidates_unique(typed, labels, intake.headers)
    _check_references(typed, labels, intake.headers, intake.hidden)
    villages = _derive(typed, labels, intake.headers)
    return Dataset(
        source=source,
        year=year,
        villages=villages,
        roads=typed["roads"],
        secretaries=typed["secretaries"],
        reserves=typed["reserves"],
        mentors=typed["mentors"],
        dispatched=typed["dispatched"],
        vetting=typed["vetting"],
        conflicts=typed["conflicts"],
        previous_pairs=typed["previous_pairs"],
        pair_scores=typed["pair_scores"] if "pair_scores" in intake.tables else None,
        post_scores=typed["post_scores"] if "post_scores" in intake.tables else None,
        labels=MappingProxyType(labels),
        fingerprints=MappingProxyType(
            {n: intake.fingerprints[n] for n in sorted(intake.fingerprints)}
        ),
        nominees=typed["nominees"],
        intake=intake.report,
    )


def _empty(schema) -> pd.DataFrame:
    from .intake.cells import default_column

    # One frame built at once (not a column inserted at a time): same columns and dtypes.
    columns = {column.name: default_column(column, 0) for column in schema.columns}
    return pd.DataFrame({"_row": np.zeros(0, dtype=np.int64), **columns})


def _check_unique(
    frame: pd.DataFrame,
    key: tuple[str, ...],
    label: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    duplicated = frame.duplicated(list(key), keep="first").to_numpy()
    if duplicated.any():
        index = int(np.flatnonzero(duplicated)[0])
        value = " / ".join(str(frame[k].iloc[index]) for k in key)
        first_mask = (frame[list(key)] == frame[list(key)].iloc[index]).all(axis=1).to_numpy()
        first_row = int(frame["_row"].iloc[int(np.flatnonzero(first_mask)[0])])
        # The key columns as the sheet heads them (人员编号, not person_id, on a form).
        spelled = [(headers or {}).get(k, k) for k in key]
        raise DataError(
            label,
            row=int(frame["_row"].iloc[index]),
            column=spelled[-1],
            key="load.duplicate",
            params={"columns": " + ".join(spelled), "value": value, "first_row": first_row},
        )


def _check_candidates_unique(
    typed: dict[str, pd.DataFrame],
    labels: dict[str, str],
    headers: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    # vetting and post_scores name a candidate by person_id alone, so a reserve and a
    # dispatched cadre must never share one.
    reserve_ids = set(typed["reserves"]["person_id"])
    dispatched = typed["dispatched"]
    clash = dispatched["person_id"].isin(reserve_ids).to_numpy()
    if clash.any():
        index = int(np.flatnonzero(clash)[0])
        raise DataError(
            labels["dispatched"],
            row=int(dispatched["_row"].iloc[index]),
            column=(headers or {}).get("dispatched", {}).get("person_id", "person_id"),
            key="load.dispatched_is_reserve",
            params={"value": dispatched["person_id"].iloc[index]},
        )
    nominees = typed["nominees"]
    clash = nominees["person_id"].isin(reserve_ids | set(dispatched["person_id"])).to_numpy()
    if clash.any():
        index = int(np.flatnonzero(clash)[0])
        raise DataError(
            labels["nominees"],
            row=int(nominees["_row"].iloc[index]),
            column=(headers or {}).get("nominees", {}).get("person_id", "person_id"),
            key="load.nominee_in_pool",
            params={"value": nominees["person_id"].iloc[index]},
        )


#: The tables a reference of each kind may point into (in the order a message names them).
REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "village": ("villages",),
    "person": ("reserves", "mentors", "secretaries", "dispatched"),
    "reserve": ("reserves",),
    "mentor": ("mentors",),
    "vetted": ("reserves", "dispatched", "nominees"),
    "candidate": ("reserves", "dispatched"),
}
#: A cell that names a person rather than giving an id: Chinese characters, no digits.
_PERSON_NAME = re.compile(r"^[^0-9A-Za-z]*[\u3400-\u9fff][^0-9]*$")


def _check_ref(
    frame: pd.DataFrame,
    column: str,
    known: set[str],
    label: str,
    noun: str,
    villages_file: str,
    header: str | None = None,
    hidden: Mapping[str, str] | None = None,
    villages: pd.DataFrame | None = None,
) -> None:
    if len(frame) == 0:  # a table not given (or not read): nothing refers
        return
    # A blank reference is allowed only where the column may be blank (mentors' village).
    unknown = ~frame[column].isin(known).to_numpy()
    if unknown.any():
        unknown &= frame[column].notna().to_numpy()  # only when some cell is not known
    if unknown.any():
        index = int(np.flatnonzero(unknown)[0])
        value = frame[column].iloc[index]
        key = f"load.unknown_{noun}"
        params: dict[str, object] = {"value": value, "villages": villages_file}
        is_name = noun != "village" and bool(_PERSON_NAME.match(str(value)))
        if is_name:
            # 钱永福 is a person's name, not an id: say so (the names were matched first).
            key = f"intake.ref.unknown_{noun}_name"
        elif noun == "village" and villages is not None and _PERSON_NAME.match(str(value)):
            # 何家湾 is written as a name, not an id (names of villages were matched first):
            # say that no village has this name, and which one it may mean.
            key, near = "load.unknown_village_name", _nearest_village(str(value), villages)
            if near is not None:
                key = "load.unknown_village_near"
                params.update(
                    near=named(near[0], near[1], "en"),
                    near_zh=named(near[0], near[1], "zh"),
                    near_id=near[0],
                )
        hidden_table = next((t for t in REFERENCE_TABLES[noun] if t in (hidden or {})), None)
        if hidden_table is not None:
            # The table it would be found in was not read: its sheet is hidden.
            key = "intake.ref.hidden_table" if is_name else "intake.ref.hidden_table_id"
            params.update(
                noun=say(f"intake.ref.noun.{noun}", "en"),
                noun_zh=say(f"intake.ref.noun.{noun}", "zh"),
                table=hidden_table,
                table_zh=table_zh(hidden_table),
                sheet=(hidden or {})[hidden_table],
            )
        raise DataError(
            label,
            row=int(frame["_row"].iloc[index]),
            column=header or column,
            key=key,
            params=params,
        )


def _nearest_village(value: str, villages: pd.DataFrame) -> tuple[str, str] | None:
    """The (id, name) of the one village whose name is nearest to ``value`` (difflib ratio at
    least 0.6: 何家湾 → 何家湾村, 青山新村 → 青山村), or None when none or two are as near."""
    names = villages["name"].dropna().astype(str).tolist()
    ranked = sorted(
        ((difflib.SequenceMatcher(None, value, name).ratio(), name) for name in set(names)),
        reverse=True,
    )
    if not ranked or ranked[0][0] < 0.6 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    name = ranked[0][1]
    ids = villages.loc[villages["name"] == name, "village_id"].tolist()
    return (str(ids[0]), name) if len(ids) == 1 else None


def _check_references(
    typed: dict[str, pd.DataFrame],
    labels: dict[str, str],
    headers: dict[str, dict[str, str]],
    hidden: Mapping[str, str] | None = None,
) -> None:
    villages = set(typed["villages"]["village_id"])
    village_file = labels["villages"]  # the file the fix names

    def header(table: str, column: str) -> str | None:
        return headers.get(table, {}).get(column)

    for table, column in VILLAGE_REFERENCES:
        _check_ref(
            typed[table],
            column,
            villages,
            labels[table],
            "village",
            village_file,
            header(table, column),
            hidden,
            typed["villages"],
        )
    reserves = set(typed["reserves"]["person_id"])
    mentors = set(typed["mentors"]["person_id"])
    candidates = reserves | set(typed["dispatched"]["person_id"])
    everyone = candidates | mentors | set(typed["secretaries"]["person_id"])
    checks = (
        (
            "vetting",
            "person_id",
            candidates | set(typed["nominees"]["person_id"]),
            "vetted",
        ),
        ("conflicts", "person_a", everyone, "person"),
        ("conflicts", "person_b", everyone, "person"),
        ("previous_pairs", "reserve_id", reserves, "reserve"),
        ("previous_pairs", "mentor_id", mentors, "mentor"),
        ("pair_scores", "reserve_id", reserves, "reserve"),
        ("pair_scores", "mentor_id", mentors, "mentor"),
        ("post_scores", "person_id", candidates, "candidate"),
    )
    for table, column, known, noun in checks:
        _check_ref(
            typed[table], column, known, labels[table], noun, "", header(table, column), hidden
        )
    roads = typed["roads"]
    loops = (roads["from"] == roads["to"]).to_numpy()
    if loops.any():
        index = int(np.flatnonzero(loops)[0])
        raise DataError(
            labels["roads"],
            row=int(roads["_row"].iloc[index]),
            column=header("roads", "to") or "to",
            key="load.road_loop",
        )


def _derive(
    typed: dict[str, pd.DataFrame],
    labels: dict[str, str],
    headers: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    villages = typed["villages"].copy()
    secretaries = typed["secretaries"]
    in_post = secretaries[secretaries["status"] == "in_post"]
    twice = in_post.duplicated("village_id").to_numpy()
    if twice.any():
        index = int(np.flatnonzero(twice)[0])
        raise DataError(
            labels["secretaries"],
            row=int(in_post["_row"].iloc[index]),
            column=(headers or {}).get("secretaries", {}).get("status", "status"),
            key="load.two_secretaries",
            params={"value": in_post["village_id"].iloc[index]},
        )
    villages["index"] = np.arange(len(villages))
    population = villages["population"].fillna(0).to_numpy(dtype=np.int64)
    villages["large"] = population >= LARGE_POPULATION
    terms = in_post.set_index("village_id")["terms"].fillna(1)
    villages["long_tenure"] = (
        villages["village_id"].map(terms).fillna(0).astype(np.int64) >= LONG_TENURE_TERMS
    ).to_numpy()
    has_secretary = villages["village_id"].isin(set(in_post["village_id"])).to_numpy()
    villages["vacant"] = ~has_secretary
    others = secretaries[secretaries["status"] != "in_post"]
    last = others.drop_duplicates("village_id", keep="last")
    # One lookup of the last other secretary per village (not one .loc per vacant post).
    status_of = {
        village: f"secretary {person} ({name}) is {status}"
        for village, person, name, status in zip(
            last["village_id"], last["person_id"], last["name"], last["status"], strict=True
        )
    }
    # Only the vacant posts are looked up (a province has few among many villages).
    reasons = [""] * len(villages)
    vacant_ids = villages["village_id"].to_numpy(dtype=object)[~has_secretary].tolist()
    for index, village_id in zip(np.flatnonzero(~has_secretary).tolist(), vacant_ids, strict=True):
        reasons[index] = status_of.get(village_id, "no secretary on record")
    villages["vacancy_reason"] = reasons
    return villages
