"""What a plan's rows say about the data, re-read from the raw tables (independent checker).

A plan's rows repeat facts of the data (names, villages, mentor types, whether a pair is
kept from the last cycle, a cadre's home village or unit) and summarise the plan (each
mentor's load and mentees, the shortlist's ranks, routes and ``appointed_to``). The
checkers of :mod:`check` verify the hard rules; these functions verify that every such
column tells the truth, with their own code, so that a row that would tell a clerk
something false is caught like a broken rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .check_measures import PairDistances, fit_components, named_people
from .dataset import Dataset
from .rules import Rules

#: Kilometres a reported distance may differ from the checker's own (rounding).
TOLERANCE_KM = 1e-6


def _text(value: Any) -> str:
    """A cell as text, blanks (None, NaN) as ''."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _texts(values: pd.Series) -> np.ndarray:
    """Cells as text, blanks (None, NaN, pd.NA) as '': what :func:`_text` gives each cell.

    Parameters
    ----------
    values : pandas.Series, shape (n,)

    Returns
    -------
    numpy.ndarray of object (str), shape (n,)
    """
    text = values.astype(object).astype(str).to_numpy(dtype=object)
    text[values.isna().to_numpy()] = ""
    return text


def mentor_row_problems(data: Dataset, rules: Rules, plan) -> list[str]:
    """Names, villages, types and ``kept`` of every pair, and the load table, re-read.

    Whole columns are compared at once (a join on the people's ids), so that checking
    grows linearly with the plan; only the rows found wrong are worded one by one.

    Parameters
    ----------
    data : Dataset
        The raw tables the plan was made from.
    rules : Rules
        The rules (the default mentor capacity).
    plan : MentorPlan
        ``pairs`` (one row per pair) and, when given, ``load`` (one row per mentor).

    Returns
    -------
    list of str
        One line per misstated cell (pairs first, in row order, then the load table).

    Notes
    -----
    Expects every person of ``plan.pairs`` to be known (:func:`check.check_mentor_plan`
    checks that first).
    """
    pairs = plan.pairs.reset_index(drop=True)
    reserves = data.reserves.drop_duplicates("person_id").set_index("person_id")
    mentors = data.mentors.drop_duplicates("person_id").set_index("person_id")
    reserve = reserves.reindex(pairs["reserve_id"].to_numpy())
    mentor = mentors.reindex(pairs["mentor_id"].to_numpy())
    expected = {
        "reserve_name": reserve["name"],
        "reserve_village": reserve["village_id"],
        "mentor_name": mentor["name"],
        "mentor_type": mentor["type"],
        "mentor_village": mentor["village_id"],
    }
    # (row, column order, message): worded at the end in the rows' order.
    found: list[tuple[int, int, str]] = []
    labels = None
    for order, (column, value) in enumerate(expected.items()):
        if column not in pairs.columns:
            continue
        truth = _texts(value)
        off = _texts(pairs[column]) != truth
        if column == "mentor_village":  # a blank mentor village states nothing to compare
            off &= truth != ""
        if not off.any():
            continue
        if labels is None:
            labels = pairs["reserve_id"].astype(str) + "-" + pairs["mentor_id"].astype(str)
        for i in np.flatnonzero(off).tolist():
            stated, true = pairs[column].iloc[i], value.iloc[i]
            found.append(
                (i, order, f"{labels.iloc[i]}: {column} is {stated!r}, the data say {true!r}")
            )
    if "kept" in pairs.columns:
        previous = pd.MultiIndex.from_arrays(
            [
                data.previous_pairs["reserve_id"].to_numpy(),
                data.previous_pairs["mentor_id"].to_numpy(),
            ]
        )
        kept = pd.MultiIndex.from_arrays(
            [pairs["reserve_id"].to_numpy(), pairs["mentor_id"].to_numpy()]
        ).isin(previous)
        stated = pairs["kept"].astype(bool).to_numpy()
        for i in np.flatnonzero(stated != kept).tolist():
            found.append(
                (
                    i,
                    len(expected),
                    f"{pairs['reserve_id'].iloc[i]}-{pairs['mentor_id'].iloc[i]}: kept is "
                    f"{pairs['kept'].iloc[i]}, but the pair is "
                    f"{'' if kept[i] else 'not '}in previous_pairs",
                )
            )
    problems = [message for _, _, message in sorted(found, key=lambda item: item[:2])]
    load = getattr(plan, "load", None)
    if load is None:
        return problems
    return problems + _load_problems(rules, pairs, mentors, load.reset_index(drop=True))


def _load_problems(
    rules: Rules, pairs: pd.DataFrame, mentors: pd.DataFrame, load: pd.DataFrame
) -> list[str]:
    """Each load row's load, capacity, name, type and mentees against the pairs and data.

    ``mentors`` is indexed by ``person_id``; ``load`` has a 0..n-1 index.
    """
    problems: list[str] = []
    if sorted(load["mentor_id"]) != sorted(mentors.index):
        problems.append("the load table does not list every mentor exactly once")
    known = load["mentor_id"].isin(mentors.index).to_numpy()
    rows = load[known]
    ids = rows["mentor_id"].to_numpy()
    count = pairs["mentor_id"].value_counts().reindex(ids, fill_value=0).to_numpy()
    capacity = mentors["capacity"].fillna(rules.mentors.capacity).reindex(ids).to_numpy()
    found: list[tuple[int, int, str]] = []
    position = rows.index.to_numpy()
    stated_load = rows["load"].to_numpy()
    for k in np.flatnonzero(np.trunc(stated_load.astype(float)) != count).tolist():
        found.append(
            (
                position[k],
                0,
                f"mentor {ids[k]}: load is {rows['load'].iloc[k]}, the pairs give {count[k]}",
            )
        )
    if "capacity" in rows.columns:
        stated = np.trunc(rows["capacity"].to_numpy(dtype=float))
        for k in np.flatnonzero(stated != np.trunc(capacity.astype(float))).tolist():
            found.append(
                (
                    position[k],
                    1,
                    f"mentor {ids[k]}: capacity is {rows['capacity'].iloc[k]}, the data and "
                    f"rules give {int(capacity[k])}",
                )
            )
    for order, (column, field) in enumerate((("mentor_name", "name"), ("mentor_type", "type"))):
        if column not in rows.columns:
            continue
        truth = _texts(mentors[field].reindex(ids))
        for k in np.flatnonzero(_texts(rows[column]) != truth).tolist():
            found.append(
                (position[k], 2 + order, f"mentor {ids[k]}: {column} is {rows[column].iloc[k]!r}")
            )
    if "mentees" in rows.columns:
        # Each row's listed mentees as a set against its mentor's reserves in the pairs:
        # (row, reserve) keys on both sides; a row with a key on one side only is wrong.
        listed = pd.DataFrame(
            {"row": position, "reserve": pd.Series(_texts(rows["mentees"])).str.split(";")}
        ).explode("reserve")
        listed = listed[listed["reserve"].fillna("") != ""].drop_duplicates()
        paired = (
            pd.DataFrame({"row": position, "mentor_id": ids})
            .merge(pairs[["mentor_id", "reserve_id"]].drop_duplicates(), on="mentor_id")
            .rename(columns={"reserve_id": "reserve"})[["row", "reserve"]]
        )
        both = listed.astype({"reserve": object}).merge(
            paired.astype({"reserve": object}), how="outer", indicator=True
        )
        wrong = set(both.loc[both["_merge"] != "both", "row"].tolist())
        for k in np.flatnonzero(np.isin(position, list(wrong))).tolist():
            mentees = sorted({p for p in _texts(rows["mentees"].iloc[[k]])[0].split(";") if p})
            found.append((position[k], 4, f"mentor {ids[k]}: mentees {mentees} are not its pairs"))
    return problems + [message for _, _, message in sorted(found, key=lambda item: item[:2])]


def backfill_row_problems(
    data: Dataset,
    rules: Rules,
    plan,
    problems_of,
    distances: Callable[[], PairDistances],
    named: pd.DataFrame | None = None,
) -> list[str]:
    """Names, homes, units and distances of the appointments, and the whole shortlist.

    ``problems_of(person_id)`` is the checker's own eligibility (an empty list: eligible);
    ``distances()`` gives the checker's own distances (built only when a cross-village
    alternate needs them).
    The shortlist is checked as candidates of its post: known and eligible, on a route the
    rules allow (local at home; cross-village to a pilot post within the limit, only where
    the post has no eligible local reserve when ``outside_only_if_no_local``; dispatched
    only when allowed), never the post's own appointee, ranked 1, 2, ... up to
    ``backfill.shortlist`` by falling score, each score the fit recomputed (or the given
    post score), and ``appointed_to`` the post the plan gives that person.

    Only the people and villages the plan names are read into dictionaries, and each row is
    checked by lookups in them, so the work grows with the plan, not with the province.
    ``named`` (a :func:`check_measures.named_people` frame of at least the plan's people and
    the reserves of its posts) spares reading the people tables again.
    """
    problems: list[str] = []
    rows = plan.appointments
    shortlist = getattr(plan, "shortlist", None)
    named_ids = set(rows["person_id"]) | (
        set() if shortlist is None else set(shortlist["person_id"])
    )
    people = _named_people(data, named_ids, named)
    places = set(rows["village_id"]) | (
        set() if shortlist is None else set(shortlist["village_id"])
    )
    villages = _named_villages(data, places)
    columns = {  # as Python values (what the plan says), column by column
        c: rows[c].tolist() for c in ("village_name", "name", "home_village", "unit") if c in rows
    }
    reported_km = rows["km"].tolist() if "km" in rows else [None] * len(rows)
    for index, (person_id, village_id, route) in enumerate(
        zip(
            rows["person_id"].tolist(),
            rows["village_id"].tolist(),
            rows["route"].tolist(),
            strict=True,
        )
    ):
        if person_id not in people or village_id not in villages:
            continue
        label = f"{person_id} to {village_id}"
        person = people[person_id]
        expected = {"village_name": villages[village_id]["name"], "name": person["name"]}
        if person["_reserve"]:
            expected["home_village"] = person["village_id"]
        else:
            expected["unit"] = person["unit"]
        for column, value in expected.items():
            if column in columns and _text(columns[column][index]) != _text(value):
                theirs = columns[column][index]
                problems.append(f"{label}: {column} is {theirs!r}, the data say {value!r}")
        reported = reported_km[index]
        km = float(reported) if reported is not None and _text(reported) else float("nan")
        if route == "local" and not (np.isnan(km) or abs(km) <= TOLERANCE_KM):
            problems.append(f"{label}: a local appointment shows {km:g} km")
    appointed = dict(zip(rows["person_id"], rows["village_id"], strict=True))
    if shortlist is None or len(shortlist) == 0:
        return problems
    return problems + _shortlist_problems(
        data,
        rules,
        shortlist,
        appointed,
        people,
        villages,
        problems_of,
        distances,
        plan.score_scale,
        named,
    )


def _named_people(
    data: Dataset, named: set, frame: pd.DataFrame | None = None
) -> dict[str, dict[str, Any]]:
    """The reserves and dispatched cadres among ``named``: id -> their record (``_reserve``).

    ``frame``, a :func:`check_measures.named_people` frame holding at least them, is read
    instead of the people tables when given.
    """
    people: dict[str, dict[str, Any]] = {}
    if frame is None:
        frame = named_people(data, named)
    chosen = frame[frame["person_id"].isin(named).to_numpy()]
    fields = [c for c in ("person_id", "name", "village_id", "unit", "_reserve") if c in chosen]
    for record in chosen[fields].to_dict("records"):
        people.setdefault(record["person_id"], record)  # the first, as set_index().loc
    return people


def _named_villages(data: Dataset, named: set) -> dict[str, dict[str, Any]]:
    """The villages among ``named``: id -> their record."""
    villages = data.villages
    chosen = villages[villages["village_id"].isin(named).to_numpy()]
    fields = ["village_id", "name", "cross_village_pilot"]
    return {record["village_id"]: record for record in chosen[fields].to_dict("records")}


def _shortlist_problems(
    data: Dataset,
    rules: Rules,
    shortlist: pd.DataFrame,
    appointed: dict[str, str],
    people: dict[str, dict[str, Any]],
    villages: dict[str, dict[str, Any]],
    problems_of,
    distances: Callable[[], PairDistances],
    scale: int,
    named: pd.DataFrame | None = None,
) -> list[str]:
    problems: list[str] = []
    b = rules.backfill
    vacant = set(data.villages.loc[data.villages["vacant"], "village_id"])
    verdicts: dict[str, list[str]] = {}

    def issues_of(person_id: str) -> list[str]:
        if person_id not in verdicts:
            verdicts[person_id] = problems_of(person_id)
        return verdicts[person_id]

    posts = set(shortlist["village_id"])
    reserves = data.reserves if named is None else named[named["_reserve"].to_numpy(dtype=bool)]
    local = reserves[reserves["village_id"].isin(posts).to_numpy()]
    eligible_locals: dict[str, bool] = {}
    for person_id, village in zip(
        local["person_id"].tolist(), local["village_id"].tolist(), strict=True
    ):
        if not eligible_locals.get(str(village), False):
            eligible_locals[str(village)] = not issues_of(person_id)
    known = shortlist["person_id"].isin(list(people)).to_numpy()
    for post, person_id in zip(
        shortlist["village_id"][~known].tolist(),
        shortlist["person_id"][~known].tolist(),
        strict=True,
    ):
        problems.append(f"shortlist of {post}: unknown person {person_id}")
    rows = shortlist[known].reset_index(drop=True)
    names = rows["name"].tolist() if "name" in rows else [None] * len(rows)
    appointed_to = rows["appointed_to"].tolist() if "appointed_to" in rows else [None] * len(rows)
    cross: list[tuple[int, str, str]] = []
    for i, (post, person_id, route, rank, name, given_to) in enumerate(
        zip(
            rows["village_id"].tolist(),
            rows["person_id"].tolist(),
            rows["route"].tolist(),
            rows["rank"].tolist(),
            names,
            appointed_to,
            strict=True,
        )
    ):
        label = f"shortlist of {post}, rank {rank} ({person_id})"
        person = people[person_id]
        if post not in vacant:
            problems.append(f"{label}: {post} is not a vacant post")
        if appointed.get(person_id) == post:
            problems.append(f"{label}: the post's own appointee is listed as an alternate")
        issues = issues_of(person_id)
        if issues:
            problems.append(f"{label}: not eligible: {', '.join(issues)}")
        if _text(name) != _text(person["name"]):
            problems.append(f"{label}: name is {name!r}, the data say {person['name']!r}")
        if _text(given_to) != appointed.get(person_id, ""):
            problems.append(
                f"{label}: appointed_to is {_text(given_to)!r}, the plan gives "
                f"{appointed.get(person_id, '')!r}"
            )
        home = person["village_id"] if person["_reserve"] else None
        if route == "local":
            if home != post:
                problems.append(f"{label}: local, but lives in {home}")
        elif route == "cross_village":
            if not person["_reserve"] or home == post:
                problems.append(f"{label}: cross-village, but is not a reserve of another village")
            elif not villages.get(post, {}).get("cross_village_pilot", False):
                problems.append(f"{label}: {post} is not a cross-village pilot")
            else:
                cross.append((i, str(home), post))
        elif route == "dispatched":
            if person["_reserve"]:
                problems.append(f"{label}: dispatched, but is a reserve")
            if not b.allow_dispatched:
                problems.append(f"{label}: dispatched although allow_dispatched is false")
        else:
            problems.append(f"{label}: unknown route {route!r}")
        if route != "local" and b.outside_only_if_no_local and eligible_locals.get(post, False):
            problems.append(f"{label}: from outside although {post} has an eligible reserve")
    measured = distances() if cross else None
    if cross and measured is not None and measured.available:
        index, homes, targets = zip(*cross, strict=True)
        km = measured.pairs(list(homes), list(targets), b.cross_village_max_km + 1)
        for i, distance in zip(index, km, strict=True):
            if not distance <= b.cross_village_max_km + TOLERANCE_KM:
                row = rows.iloc[i]
                problems.append(
                    f"shortlist of {row['village_id']}, rank {row['rank']} ({row['person_id']}): "
                    f"lives {distance:.1f} km away"
                )
    problems += _ranking_problems(rows, b.shortlist)
    problems += _shortlist_scores(data, rules, rows, scale, named)
    return problems


def _ranking_problems(rows: pd.DataFrame, size: int) -> list[str]:
    """Each post's alternates are ranked 1, 2, ... (at most ``size``) by falling score, once each.

    Posts in sorted order, each post's rows in their order in the shortlist (a blank post
    is not a group).
    """
    groups: dict[str, list[tuple[int, float, str]]] = {}
    for post, rank, score, person_id in zip(
        rows["village_id"].tolist(),
        rows["rank"].tolist(),
        rows["score"].tolist(),
        rows["person_id"].tolist(),
        strict=True,
    ):
        if not pd.isna(post):
            groups.setdefault(post, []).append((int(rank), float(score), person_id))
    problems = []
    for post in sorted(groups):
        group = groups[post]
        ranks = [rank for rank, _, _ in group]
        if ranks != list(range(1, len(ranks) + 1)) or len(ranks) > size:
            problems.append(f"shortlist of {post}: ranks {ranks}, not 1 to at most {size}")
        scores = [score for _, score, _ in sorted(group, key=lambda item: item[0])]
        if any(later - earlier > 1e-9 for earlier, later in zip(scores, scores[1:], strict=False)):
            problems.append(f"shortlist of {post}: scores do not fall with the rank")
        if len({person for _, _, person in group}) < len(group):
            problems.append(f"shortlist of {post}: a person is listed twice")
    return problems


def _shortlist_scores(
    data: Dataset, rules: Rules, rows: pd.DataFrame, scale: int, named: pd.DataFrame | None = None
) -> list[str]:
    """Each shortlisted score is the fit recomputed (or the given post score), up to the
    plan's rounding to ``1 / scale`` of a point."""
    step = 1 / max(scale, 1)
    problems = []
    if data.post_scores is not None:
        given = {
            (p, v): float(s)
            for p, v, s in zip(
                data.post_scores["person_id"],
                data.post_scores["village_id"],
                data.post_scores["score"],
                strict=True,
            )
        }
        for row in rows.to_dict("records"):
            key = (row["person_id"], row["village_id"])
            if key not in given:
                problems.append(f"shortlist: {key[0]}-{key[1]} is not listed in post_scores")
            elif abs(given[key] - float(row["score"])) > step / 2 + 1e-9:
                problems.append(f"shortlist: {key[0]}-{key[1]} score {row['score']:g}")
        return problems
    own = fit_components(data, rules, rows, named)
    total = np.sum(list(own.values()), axis=0)
    # Each of the parts may be rounded to the plan's scale.
    off = np.abs(rows["score"].to_numpy(dtype=float) - total) > len(own) * step + 1e-6
    for row, mine in zip(rows[off].to_dict("records"), total[off], strict=True):
        problems.append(
            f"shortlist of {row['village_id']}, rank {row['rank']} ({row['person_id']}): "
            f"score {row['score']:g}, recomputed {mine:.2f}"
        )
    return problems


__all__ = ["backfill_row_problems", "mentor_row_problems"]
