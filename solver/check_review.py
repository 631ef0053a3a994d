"""Independent checkers of ``plan reserves`` and ``plan ratings``.

They re-verify every rule from the dataset's tables with their own plain-Python code (no
code shared with :mod:`reserves` or :mod:`ratings` beyond the education ranking of the
vocabulary) and return the list of violations, empty for a valid plan. A violation is a
bug in a model.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from fractions import Fraction

import pandas as pd

from .dataset import Dataset
from .rules import Rules
from .vocabulary import EDUCATION_RANK

STRUCTURE_TESTS = {
    "min_share_under_35": lambda person, year: (
        person["birth_year"] is not None and year - person["birth_year"] < 35
    ),
    "min_share_women": lambda person, year: person["gender"] == "F",
    "min_share_college": lambda person, year: (
        EDUCATION_RANK.get(person["education"], -1) >= EDUCATION_RANK["college"]
    ),
}


def _records(frame: pd.DataFrame) -> dict[str, dict]:
    """Person id to a plain dict of the columns the rules read (``None`` for a blank)."""

    def column(name: str, convert) -> list:
        """The column as plain values, ``None`` where blank (blanks found column-wise)."""
        if name not in frame:
            return [None] * len(frame)
        blank = frame[name].isna().tolist()
        values = frame[name].tolist()
        if convert is None:
            return [None if b else v for v, b in zip(values, blank, strict=True)]
        return [None if b else convert(v) for v, b in zip(values, blank, strict=True)]

    out = {}
    for person, village, birth, gender, education, party, value in zip(
        frame["person_id"].tolist(),
        column("village_id", None),
        column("birth_year", int),
        column("gender", None),
        column("education", None),
        column("party_since", int),
        column("evaluation", float),
        strict=True,
    ):
        out[person] = {
            "person_id": person,
            "village_id": village,
            "birth_year": birth,
            "gender": gender,
            "education": education,
            "party_since": party,
            "evaluation": value,
        }
    return out


def _broken_rules(person: dict, data: Dataset, rules: Rules, fails: dict) -> set[str]:
    r = rules.reserves
    broken = {f"vetting_fail:{d}" for d in fails.get(person["person_id"], ())}
    if person["birth_year"] is not None and data.year - person["birth_year"] > r.max_age:
        broken.add("age_over")
    if EDUCATION_RANK.get(person["education"], -1) < EDUCATION_RANK[r.min_education]:
        broken.add("education_below")
    if r.party_member_required and person["party_since"] is None:
        broken.add("not_party_member")
    if person["evaluation"] is None:
        if r.min_evaluation > 0:
            broken.add("evaluation_missing")
    elif person["evaluation"] < r.min_evaluation:
        broken.add("evaluation_below")
    return broken


def _priority(data: Dataset, rules: Rules) -> dict[str, int]:
    table = rules.backfill.priority
    out = {}
    population_of = dict(
        zip(data.villages["village_id"].tolist(), data.villages["population"].tolist(), strict=True)
    )
    for (
        village,
        cats,
        population,
    ) in zip(
        data.villages["village_id"].tolist(),
        data.villages["categories"].tolist(),
        data.villages["population"].isna().tolist(),
        strict=True,
    ):
        found = set(cats)
        if not population and population_of[village] >= 10_000:
            found.add("large")
        out[village] = max([table[c] for c in found if c in table], default=table["default"])
    # long_tenure comes from the secretaries in post (terms >= 3)
    in_post = data.secretaries[data.secretaries["status"] == "in_post"]
    for village, terms in zip(in_post["village_id"], in_post["terms"], strict=True):
        if "long_tenure" in table and not pd.isna(terms) and terms >= 3:
            out[village] = max(out[village], table["long_tenure"])
    return out


def check_reserve_plan(data: Dataset, rules: Rules, plan) -> list[str]:
    """Every rule of the review, the ratio arithmetic and the objective, from the tables.

    Checks: every reserve once in the pool, every nominee once in ``nominees``; a kept
    reserve passes every rule, a reserve that left breaks the rules its codes name (or is
    a true surplus: its village holds more eligible reserves than ``max_per_village`` and
    every kept one has an evaluation at least as high); an admitted nominee passes every
    rule and fills a place of its village's shortfall; the ``reserve_ratio`` rows add up;
    the structure targets hold; objective and priority are the sums they claim. Without
    structure targets the ranking's optimality conditions are checked too: no village
    with places left has an eligible nominee left out, and no admitted nominee has a lower
    evaluation than an eligible one left out in the same village.
    """
    problems: list[str] = []
    r = rules.reserves
    reserves = _records(data.reserves)
    nominee_table = data.nominees if data.nominees is not None else data.reserves.iloc[:0]
    nominees = _records(nominee_table)
    fails: dict[str, list[str]] = defaultdict(list)
    vetting = data.vetting[data.vetting["result"] == "fail"]
    for person, department in zip(
        vetting["person_id"].tolist(), vetting["department"].tolist(), strict=True
    ):
        fails[person].append(department)
    pool = plan.pool
    listed = Counter(pool["person_id"].tolist())
    for person in reserves:
        if listed[person] != 1:
            problems.append(f"reserve {person} is listed {listed[person]} times in the pool")
    status = dict(zip(pool["person_id"].tolist(), pool["status"].tolist(), strict=False))
    code = dict(zip(pool["person_id"].tolist(), pool["reason_code"].tolist(), strict=False))
    for person in listed:
        if person not in reserves and person not in nominees:
            problems.append(f"{person} in the pool is neither a reserve nor a nominee")
    eligible_by_village: dict[str, list[str]] = defaultdict(list)
    for person, record in reserves.items():
        broken = _broken_rules(record, data, rules, fails)
        state = status.get(person)
        if not broken:
            eligible_by_village[record["village_id"]].append(person)
        if state == "kept" and broken:
            problems.append(f"reserve {person} is kept but breaks {', '.join(sorted(broken))}")
        if state == "left":
            named = set(str(code.get(person, "")).split(";")) - {""}
            if named == {"surplus"}:
                if broken:
                    problems.append(f"reserve {person} left as surplus but breaks a rule")
            elif named != broken:
                problems.append(
                    f"reserve {person} left for {sorted(named)}, the rules say {sorted(broken)}"
                )
        if state not in ("kept", "left"):
            problems.append(f"reserve {person} has status {state!r}")
    kept_by_village: dict[str, int] = Counter()
    for village, people in eligible_by_village.items():
        kept = [p for p in people if status.get(p) == "kept"]
        gone = [p for p in people if status.get(p) == "left"]
        kept_by_village[village] = len(kept)
        cap = r.max_per_village
        if cap == 0 and gone:
            problems.append(f"{village}: eligible reserves left with no cap: {gone}")
        if cap > 0 and len(kept) != min(len(people), cap):
            problems.append(f"{village}: {len(kept)} kept of {len(people)} eligible (cap {cap})")
        if kept and gone:
            low = min(reserves[p]["evaluation"] or 0.0 for p in kept)
            high = max(reserves[p]["evaluation"] or 0.0 for p in gone)
            if high > low:
                problems.append(
                    f"{village}: a surplus reserve ({high}) outranks a kept one ({low})"
                )
    # nominees
    rows = plan.nominees
    seen = Counter(rows["person_id"].tolist())
    for person in nominees:
        if seen[person] != 1:
            problems.append(f"nominee {person} is listed {seen[person]} times")
    admitted_ids = set(rows.loc[rows["status"] == "admitted", "person_id"])
    pool_admitted = set(pool.loc[pool["status"] == "admitted", "person_id"])
    if admitted_ids != pool_admitted:
        problems.append("admitted nominees differ between nominees.csv and the pool")
    admitted_by_village: dict[str, list[str]] = defaultdict(list)
    eligible_nominees: dict[str, list[str]] = defaultdict(list)
    for person, record in nominees.items():
        broken = _broken_rules(record, data, rules, fails)
        if not broken:
            eligible_nominees[record["village_id"]].append(person)
        if person in admitted_ids:
            admitted_by_village[record["village_id"]].append(person)
            if broken:
                problems.append(f"nominee {person} admitted but breaks {', '.join(sorted(broken))}")
    for person in admitted_ids - set(nominees):
        problems.append(f"{person} admitted but not a nominee")
    shortfall = {
        v: max(0, r.ratio - kept_by_village.get(v, 0)) for v in data.villages["village_id"].tolist()
    }
    for village, people in admitted_by_village.items():
        if len(people) > shortfall[village]:
            problems.append(
                f"{village}: {len(people)} admitted for a shortfall of {shortfall[village]}"
            )
    # ratio arithmetic
    before = Counter(record["village_id"] for record in reserves.values())
    ratio = plan.ratio
    if sorted(ratio["village_id"]) != sorted(data.villages["village_id"]):
        problems.append("reserve_ratio does not list every village once")
    else:
        columns = ("before", "after", "target", "shortfall")
        by_village = dict(
            zip(
                ratio["village_id"].tolist(),
                zip(*(ratio[c].astype(int).tolist() for c in columns), strict=True),
                strict=True,
            )
        )
        for village in data.villages["village_id"].tolist():
            after = kept_by_village.get(village, 0) + len(admitted_by_village.get(village, []))
            expected = (before.get(village, 0), after, r.ratio, max(0, r.ratio - after))
            found = by_village[village]
            if found != expected:
                for column, got, value in zip(columns, found, expected, strict=True):
                    if got != value:
                        problems.append(f"{village}: {column} {got} != {value}")
    # structure targets over the whole pool after review
    members = [reserves[p] for p, s in status.items() if s == "kept" and p in reserves]
    members += [nominees[p] for p in admitted_ids if p in nominees]
    for name, share in r.structure.active.items():
        flagged = sum(1 for person in members if STRUCTURE_TESTS[name](person, data.year))
        if members and Fraction(flagged, len(members)) < Fraction(share).limit_denominator(10**6):
            problems.append(
                f"structure target {name} = {share:g}: {flagged} of {len(members)} in the pool"
            )
    # objective and priority
    total = sum(nominees[p]["evaluation"] or 0.0 for p in admitted_ids if p in nominees)
    if not math.isclose(total, plan.objective, rel_tol=1e-9, abs_tol=1e-6):
        problems.append(f"objective {plan.objective} != total evaluation admitted {total}")
    weights = _priority(data, rules)
    priority = sum(weights[v] * len(p) for v, p in admitted_by_village.items())
    if priority != plan.priority:
        problems.append(f"priority {plan.priority} != recomputed {priority}")
    if not r.structure.active:
        for village, people in eligible_nominees.items():
            taken = admitted_by_village.get(village, [])
            left_out = [p for p in people if p not in admitted_ids]
            if left_out and len(taken) < shortfall[village]:
                problems.append(f"{village}: places left but eligible {left_out} not admitted")
            if taken and left_out:
                low = min(nominees[p]["evaluation"] or 0.0 for p in taken)
                high = max(nominees[p]["evaluation"] or 0.0 for p in left_out)
                if high > low:
                    problems.append(f"{village}: an admitted nominee ({low}) ranks below {high}")
    if (pool["reason"].astype(str).str.strip() == "").any() or (
        rows["reason"].astype(str).str.strip() == ""
    ).any():
        problems.append("a row has no reason")
    return problems


def check_rating_plan(data: Dataset, rules: Rules, plan) -> list[str]:
    """Thresholds, veto, the cap per scope, whole tied groups, and the next roster.

    A rated secretary's rating must be the threshold rating, except: veto → poor; a
    threshold 好 may become 较好 only when 好 candidates exceed the cap, and then exactly
    those above the (cap + 1)-th assessment keep 好. ``secretaries_next`` keeps every
    secretary, with status ``to_adjust`` for those in post rated poor.
    """
    problems: list[str] = []
    g = rules.ratings
    rows = plan.ratings.set_index("person_id")
    town = dict(zip(data.villages["village_id"], data.villages["town"], strict=True))
    expected: dict[str, str] = {}
    candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
    size: Counter = Counter()
    for record in data.secretaries.to_dict("records"):
        person = record["person_id"]
        score = record["assessment"]
        veto = bool(record["veto"])
        scope = "district" if g.scope == "district" else town[record["village_id"]]
        if person not in rows.index:
            problems.append(f"secretary {person} is not in ratings")
            continue
        if pd.isna(score) and not veto:
            expected[person] = ""
            continue
        if veto:
            expected[person] = "poor"
        elif score >= g.excellent_min:
            expected[person] = "excellent"
            candidates[scope].append((float(score), person))
        elif score >= g.good_min:
            expected[person] = "good"
        elif score >= g.fair_min:
            expected[person] = "fair"
        else:
            expected[person] = "poor"
    # The cap counts the secretary posts (villages) of the scope, rated or not.
    for village_town in data.villages["town"]:
        size["district" if g.scope == "district" else village_town] += 1
    for scope, people in candidates.items():
        cap = math.floor(g.cap_excellent * size[scope] + 1e-9)
        if len(people) > cap:
            scores = sorted((s for s, _ in people), reverse=True)
            line = scores[cap]
            for score, person in people:
                if score <= line:
                    expected[person] = "good"
        given = sum(1 for _, p in people if rows.at[p, "rating"] == "excellent")
        if given > cap:
            problems.append(f"{scope}: {given} rated excellent for a cap of {cap}")
    for person, rating in expected.items():
        got = rows.at[person, "rating"]
        got = "" if pd.isna(got) else got
        if got != rating:
            problems.append(f"{person}: rated {got!r}, the rules give {rating!r}")
    if len(plan.ratings) != len(data.secretaries):
        problems.append("ratings does not list every secretary once")
    roster = plan.secretaries_next.set_index("person_id")
    if sorted(roster.index) != sorted(data.secretaries["person_id"]):
        problems.append("secretaries_next does not keep every secretary")
    else:
        for record in data.secretaries.to_dict("records"):
            person = record["person_id"]
            want = (
                "to_adjust"
                if expected.get(person) == "poor" and record["status"] == "in_post"
                else record["status"]
            )
            if roster.at[person, "status"] != want:
                problems.append(f"{person}: next status {roster.at[person, 'status']} != {want}")
    if (plan.ratings["reason"].astype(str).str.strip() == "").any():
        problems.append("a rating has no reason")
    return problems


__all__ = ["check_rating_plan", "check_reserve_plan"]
