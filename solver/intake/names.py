"""Names as keys: village names and people's names turned into ids, ids generated.

Office forms carry no ids. Villages may be referenced by name (without a ``village_id``
column the name is the id); the town comes from a title or 填报单位 line; people without ids
get stable generated ids (:func:`generated_id`); previous pairs, conflicts and vetting may name
people. A name that fits two rows is refused (exit 2) naming both.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..errors import DataError
from ..schema import VILLAGE_REFERENCES, normalise_word
from ..vocabulary import LIST_SPLIT
from .reshape import Table

PERSON_TABLES = ("secretaries", "reserves", "nominees", "mentors", "dispatched")
ID_PREFIX = {
    "secretaries": "S",
    "reserves": "R",
    "nominees": "N",
    "mentors": "M",
    "dispatched": "D",
}
CANDIDATE_KINDS = {
    "村级后备干部": "reserves",
    "后备干部": "reserves",
    "村后备干部": "reserves",
    "选派干部人选": "dispatched",
    "选派干部": "dispatched",
    "选派人选": "dispatched",
    "推荐人选": "nominees",
    "后备干部推荐人选": "nominees",
}
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡))")


def generated_id(table: str, id_number: str, name: str, place: str) -> str:
    """A stable person id for a form without ids.

    ``<letter>-<8 hex digits>``: the letter of the table (S secretaries, R reserves, N nominees,
    M mentors, D dispatched) and the start of the SHA-256 of the 身份证号码 when the row has
    one, else of ``name|village`` (``name|unit`` for dispatched cadres). The same person keeps
    the same id from one year's forms to the next, and no ID number appears in any output.
    """
    key = id_number.strip().upper() if id_number else f"{name.strip()}|{place.strip()}"
    return f"{ID_PREFIX[table]}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


def finish_tables(
    tables: dict[str, Table], other_titles: tuple[str, ...]
) -> dict[tuple[str, str], int]:
    """Village ids, the town, generated person ids, and every name turned into its id.

    Returns
    -------
    dict
        For each village reference column ``(table, column)`` where some cells named a
        village rather than giving its id, how many were read as the id (the intake report
        counts them as converted values).
    """
    villages = tables.get("villages")
    if villages is not None:
        frame = villages.frame
        if "village_id" not in villages.headers:
            _unique_names(villages, "name", "intake.name.two_villages")
            frame["village_id"] = frame["name"]
        if "town" not in villages.headers:
            town = town_from_titles(villages.titles) or town_from_titles(other_titles)
            if town is None:
                raise DataError(villages.label, row=1, column="town", key="intake.town.missing")
            frame["town"] = town
    resolve_village = _village_resolver(villages)
    named: dict[tuple[str, str], int] = {}
    for name, column in VILLAGE_REFERENCES:
        if name in tables:
            t = tables[name]
            written = t.frame[column]
            read = resolve_village(t, column)
            if read is not written:
                count = int((written.ne(read) & written.notna()).sum())
                if count:
                    named[(name, column)] = count
            t.frame[column] = read
    for name in PERSON_TABLES:
        if name in tables and "person_id" not in tables[name].headers:
            _generate_ids(tables[name])
    people = _People(tables)
    if "vetting" in tables:
        _resolve_vetting(tables["vetting"], people, resolve_village)
    if "conflicts" in tables:
        t = tables["conflicts"]
        for column in ("person_a", "person_b"):
            t.frame[column] = people.resolve_column(
                t, column, (("reserves", "mentors"), ("secretaries", "dispatched"))
            )
    if "previous_pairs" in tables:
        _resolve_pairs(tables["previous_pairs"], people, resolve_village)
    return named


def town_from_titles(titles: tuple[str, ...]) -> str | None:
    """The sub-district or township named in a title or 填报单位 line (青溪街道)."""
    for text in titles:
        body = re.split(r"[:：]", text, maxsplit=1)[-1] if "填报单位" in text else text
        body = re.sub(r"^中共", "", body.replace(" ", ""))
        found = _TOWN.search(body)
        if found:
            return found.group(1)
    return None


def _unique_names(table: Table, column: str, key: str) -> None:
    frame = table.frame
    twice = frame.duplicated(column, keep="first").to_numpy()
    if twice.any():
        index = int(np.flatnonzero(twice)[0])
        value = frame[column].iloc[index]
        first = int(frame.loc[frame[column] == value, "_row"].iloc[0])
        raise DataError(
            table.label,
            row=int(frame["_row"].iloc[index]),
            column=table.headers.get(column, column),
            key=key,
            params={"name": value, "first": first},
        )


def _village_resolver(villages: Table | None) -> Callable[[Table, str], pd.Series]:
    if villages is None:
        return lambda t, column: t.frame[column]
    frame = villages.frame
    ids = set(frame["village_id"])
    counts = frame["name"].value_counts()
    by_name = dict(zip(frame["name"], frame["village_id"], strict=True))

    def resolve(t: Table, column: str) -> pd.Series:
        values = t.frame[column]
        known = values.isin(ids).to_numpy()
        if known.all():
            return values
        out = values.copy()
        for index in np.flatnonzero(~known):
            value = values.iloc[index]
            if counts.get(value, 0) > 1:
                # The rows of the name, looked up only for the message (a groupby of every
                # name cost 1.5 s at 26,000 villages on every load).
                first, second = frame.loc[frame["name"] == value, "_row"].tolist()[:2]
                raise DataError(
                    t.label,
                    row=int(t.frame["_row"].iloc[index]),
                    column=t.headers.get(column, column),
                    key="intake.name.ambiguous_village",
                    params={
                        "name": value,
                        "file": villages.label,
                        "first": first,
                        "second": second,
                    },
                )
            if value in by_name:
                out.iloc[index] = by_name[value]
        return out

    return resolve


def _generate_ids(table: Table) -> None:
    frame = table.frame
    place_column = "unit" if table.name == "dispatched" else "village_id"
    numbers = list(frame["_id_number"]) if "_id_number" in frame.columns else [""] * len(frame)
    ids = [
        generated_id(table.name, number, name, place)
        for number, name, place in zip(numbers, frame["name"], frame[place_column], strict=True)
    ]
    frame["person_id"] = ids
    twice = frame.duplicated("person_id", keep="first").to_numpy()
    if twice.any():
        index = int(np.flatnonzero(twice)[0])
        first = int(frame.loc[frame["person_id"] == ids[index], "_row"].iloc[0])
        number = str(numbers[index]).strip()
        if number:
            raise DataError(
                table.label,
                row=int(frame["_row"].iloc[index]),
                column=table.headers.get("_id_number", "id_number"),
                key="intake.name.same_id_number",
                params={"id_number": number, "first": first, "row": int(frame["_row"].iloc[index])},
            )
        raise DataError(
            table.label,
            row=int(frame["_row"].iloc[index]),
            column=table.headers.get("name", "name"),
            key="intake.name.same_person_twice",
            params={"name": frame["name"].iloc[index], "first": first},
        )


class _People:
    """Every person by id and by name, to turn names into ids."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.ids: dict[str, set[str]] = {
            name: set(tables[name].frame["person_id"]) if name in tables else set()
            for name in PERSON_TABLES
        }
        self._by_name: dict[str, list[tuple[str, str, str, int, str]]] | None = None

    @property
    def by_name(self) -> dict[str, list[tuple[str, str, str, int, str]]]:
        """Everyone by name (built on first use: clean data names people by id)."""
        if self._by_name is None:
            self._by_name = {}
            for name in PERSON_TABLES:
                if name not in self.tables:
                    continue
                t = self.tables[name]
                frame = t.frame
                place = frame["unit"] if name == "dispatched" else frame["village_id"]
                for person_id, person, where, row in zip(
                    frame["person_id"], frame["name"], place, frame["_row"], strict=True
                ):
                    self._by_name.setdefault(person, []).append(
                        (name, person_id, where, int(row), t.label)
                    )
        return self._by_name

    def find(
        self,
        value: str,
        tiers: tuple[tuple[str, ...], ...],
        place: str | None,
        where: tuple[str, int, str],
    ) -> str:
        for tier in tiers:
            if any(value in self.ids[t] for t in tier):
                return value
        for tier in tiers:
            found = [c for c in self.by_name.get(value, []) if c[0] in tier]
            if place:
                narrowed = [c for c in found if c[2] == place]
                found = narrowed or found
            if len(found) == 1:
                return found[0][1]
            if len(found) > 1:
                label, row, column = where
                raise DataError(
                    label,
                    row=row,
                    column=column,
                    key="intake.name.ambiguous_person",
                    params={
                        "name": value,
                        "first_file": found[0][4],
                        "first_row": found[0][3],
                        "second_file": found[1][4],
                        "second_row": found[1][3],
                    },
                )
        return value

    def resolve_column(self, t: Table, column: str, tiers) -> pd.Series:
        known = set().union(*(self.ids[name] for tier in tiers for name in tier))
        if t.frame[column].isin(known).all():
            return t.frame[column]
        header = t.headers.get(column, column)
        return pd.Series(
            [
                self.find(v, tiers, None, (t.label, int(r), header))
                for v, r in zip(t.frame[column], t.frame["_row"], strict=True)
            ],
            dtype=object,
        )


def _resolve_vetting(t: Table, people: _People, resolve_village) -> None:
    frame = t.frame
    if "person_id" in t.headers:
        known = frame["person_id"].isin(
            people.ids["reserves"] | people.ids["dispatched"] | people.ids["nominees"]
        )
        if known.all():
            return
    names = frame["_name"] if "_name" in frame.columns else frame["person_id"]
    kinds = frame["_candidate_kind"] if "_candidate_kind" in frame.columns else None
    places = frame["_place"] if "_place" in frame.columns else None
    header = t.headers.get("_name", t.headers.get("person_id", "person_id"))
    out = []
    village_ids = None
    if places is not None:
        probe = Table(
            "vetting",
            t.label,
            pd.DataFrame({"p": places, "_row": frame["_row"]}),
            {"p": t.headers.get("_place", "")},
        )
        try:
            village_ids = resolve_village(probe, "p").tolist()
        except DataError:
            village_ids = places.tolist()
    for index, (value, row) in enumerate(zip(names, frame["_row"], strict=True)):
        tiers: tuple[tuple[str, ...], ...] = (("reserves", "dispatched", "nominees"),)
        if kinds is not None:
            kind = CANDIDATE_KINDS.get(normalise_word(kinds.iloc[index]))
            if kind:
                tiers = ((kind,),)
        place = None
        if places is not None:
            place = village_ids[index] if village_ids is not None else places.iloc[index]
        out.append(people.find(value, tiers, place, (t.label, int(row), header)))
    frame["person_id"] = out


def _resolve_pairs(t: Table, people: _People, resolve_village) -> None:
    frame = t.frame
    if "_mentor_name" not in frame.columns and "_reserve_names" not in frame.columns:
        return
    records = []
    mentor_header = t.headers.get("_mentor_name", "mentor_id")
    reserve_header = t.headers.get("_reserve_names", "reserve_id")
    for index in range(len(frame)):
        row = int(frame["_row"].iloc[index])
        mentor = (
            frame["_mentor_name"].iloc[index]
            if "_mentor_name" in frame.columns
            else frame["mentor_id"].iloc[index]
        )
        mentor_id = people.find(mentor, (("mentors",),), None, (t.label, row, mentor_header))
        reserves = (
            frame["_reserve_names"].iloc[index]
            if "_reserve_names" in frame.columns
            else frame["reserve_id"].iloc[index]
        )
        names = [p.strip() for p in LIST_SPLIT.split(reserves) if p.strip()]
        villages = []
        if "_reserve_villages" in frame.columns:
            villages = [
                p.strip()
                for p in LIST_SPLIT.split(frame["_reserve_villages"].iloc[index])
                if p.strip()
            ]
        if len(villages) != len(names):
            villages = [None] * len(names)
        for name, village in zip(names, villages, strict=True):
            place = None
            if village:
                probe = Table(
                    "previous_pairs", t.label, pd.DataFrame({"p": [village], "_row": [row]}), {}
                )
                place = resolve_village(probe, "p").iloc[0]
            reserve_id = people.find(name, (("reserves",),), place, (t.label, row, reserve_header))
            records.append({"_row": row, "reserve_id": reserve_id, "mentor_id": mentor_id})
    t.frame = pd.DataFrame(records, columns=["_row", "reserve_id", "mentor_id"])
    t.headers.setdefault("reserve_id", reserve_header)
    t.headers.setdefault("mentor_id", mentor_header)
