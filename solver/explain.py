"""Why a plan leaves an item out: structured reasons (``reason_code`` + parameters).

Every reserve left without a mentor (``unassigned.csv``) and every vacant post left empty
(``unfilled.csv``) gets a :class:`Reason`: a stable English snake_case ``code`` and the
parameters that make it specific (who is in reach, who took the places and with what score,
the reserve's own best score, ties). :meth:`Reason.render` words it in English or Chinese
through the catalogue (``solver/words/reasons.py``); lists that are cut say how many more
there are.

The explanations work from each item's own candidates, never by scanning everyone: the
planners hand over their candidate pairs (mentor arcs sorted by reserve; a backfill
``candidates_of(post)`` function) and the plan's chosen pairs. Mentors excluded by a hard
rule are found among those in reach of the reserve's village only (all mentors when no
distances are known), and every one of them is counted.

Reason codes (documented in the README, section "Reasons"):

- mentors: ``no_mentors``, ``no_mentor_in_reach``, ``wrong_mentor_type``,
  ``only_conflicts``, ``no_usable_mentor``, ``mentors_full``, ``lost_tie``,
  ``not_reached``;
- backfill: ``no_candidate``, ``candidates_taken``, ``post_lost_tie``, ``not_listed``,
  ``post_not_reached``.

**The tie rule** (:func:`prefer_fewer_options_mentors`, :func:`prefer_fewer_options_posts`):
among plans equal on every objective, a place goes to the item with fewer candidates
(a reserve with fewer mentors in reach; a post with fewer candidates), since it has fewer
other ways to be served. Between items with as many candidates, a reserve with the higher
performance evaluation (履职评估) goes first, then the younger reserve (the pool is built
for succession), then the one listed first in the office's roster; a post of the village
with the larger population goes first (it serves more people), then the village listed
first. A missing evaluation, birth month or population counts as the lowest. The rule is
applied after the solve as exchanges that keep every objective and every hard rule exactly
as they are, and a reason that lost such a tie says which step of the rule decided it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .words import Lang, category_word, cut_list, enum_word, named, say

#: How many entries a reason names before it says "and N more".
SHOWN = 6


def _rank(keys: Sequence[np.ndarray]) -> np.ndarray:
    """Rank of each item (0 = first) by ``keys``, the first key deciding first (ascending)."""
    count = len(keys[0]) if keys else 0
    order = np.lexsort(tuple(reversed([*keys, np.arange(count)])))
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    return rank


def _descending(values: Any) -> np.ndarray:
    """Values to sort descending with a missing value last (as the lowest)."""
    array = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    return np.where(np.isnan(array), np.inf, -array)


def reserve_standing(reserves: pd.DataFrame) -> np.ndarray:
    """Each reserve's place under the tie rule's later steps, for reserves with as many options.

    Higher ``evaluation`` first, then the younger (later ``birth_year``, then
    ``birth_month``), then roster order (the row order of the reserves table). Missing
    values count as the lowest. Returns ranks, shape (reserves,), 0 first.
    """
    n = len(reserves)
    column = lambda name: reserves[name] if name in reserves else [np.nan] * n  # noqa: E731
    return _rank(
        [
            _descending(column("evaluation")),
            _descending(column("birth_year")),
            _descending(column("birth_month")),
        ]
    )


def post_standing(villages: pd.DataFrame) -> np.ndarray:
    """Each post's place under the tie rule's later steps, for posts with as many candidates.

    The village with the larger ``population`` first, then the village listed first in the
    villages table. Returns ranks, shape (villages,), 0 first.
    """
    n = len(villages)
    population = villages["population"] if "population" in villages else [np.nan] * n
    return _rank([_descending(population)])


def _reserve_tie_step(reserves: pd.DataFrame, options: np.ndarray, t: int, r: int) -> dict:
    """Which step of the tie rule put reserve ``t`` before reserve ``r``, with its figures."""
    if options[t] != options[r]:
        return {"step": "options"}

    def value(name: str, i: int) -> float:
        if name not in reserves:
            return float("nan")
        number = pd.to_numeric(pd.Series([reserves[name].iat[i]]), errors="coerce").iat[0]
        return float(number)

    def same(a: float, b: float) -> bool:
        return (np.isnan(a) and np.isnan(b)) or a == b

    te, re_ = value("evaluation", t), value("evaluation", r)
    if not same(te, re_):
        return {"step": "evaluation", "taker_value": _figure(te), "own_value": _figure(re_)}
    born = [(value("birth_year", i), value("birth_month", i)) for i in (t, r)]
    if not all(same(a, b) for a, b in zip(born[0], born[1], strict=True)):
        return {"step": "age", "taker_value": _born(*born[0]), "own_value": _born(*born[1])}
    return {"step": "roster"}


def _post_tie_step(villages: pd.DataFrame, options: np.ndarray, t: int, u: int) -> dict:
    """Which step of the tie rule filled post ``t`` before post ``u``, with its figures."""
    if options[t] != options[u]:
        return {"step": "options"}
    if "population" in villages:
        values = pd.to_numeric(villages["population"].iloc[[t, u]], errors="coerce").to_numpy()
        a, b = float(values[0]), float(values[1])
        if not ((np.isnan(a) and np.isnan(b)) or a == b):
            return {"step": "population", "taker_value": _figure(a), "own_value": _figure(b)}
    return {"step": "roster"}


def _step(tie: Mapping[str, Any]) -> str:
    """The step of the tie rule a tie record names (records made before steps: by counts)."""
    if "step" in tie:
        return str(tie["step"])
    return "options" if tie["taker_options"] != tie["own_options"] else "roster"


def _figure(value: float) -> str:
    return "—" if np.isnan(value) else f"{value:g}"


def _born(year: float, month: float) -> str:
    if np.isnan(year):
        return "—"
    return f"{int(year)}" if np.isnan(month) else f"{int(year)}.{int(month):02d}"


#: How far beyond max_km the explanation looks for the nearest mentor.
EXPLAIN_REACH_KM = 100.0


@dataclass(frozen=True)
class Reason:
    """Why one item is left out: a stable ``code`` and its parameters.

    ``params`` hold ids, numbers and codes only (no words), so that the reason can be worded
    in any language by :meth:`render`; ``parts`` are further reasons shown after it.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    parts: tuple[Reason, ...] = ()
    #: Names of the people and villages whose ids the parameters hold (data, not words): a
    #: reason names each as ``林志鹏（R01）``, never by a bare generated id.
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def render(self, lang: Lang = "en") -> str:
        """The reason in ``lang`` (``en`` or ``zh``)."""
        return _RENDER.get(self.code, _render_plain)(self, lang)

    def who(self, ident: Any, lang: Lang) -> str:
        """A person or village of this reason by name, the id in brackets."""
        return named(ident, self.names.get(str(ident)), lang)

    def as_dict(self) -> dict[str, Any]:
        """The reason as JSON-ready data: ``code``, ``params`` and (if any) ``parts``.

        The names of the people and villages it mentions are kept apart (they are shared by
        every reason of a plan; see :func:`reasons_record`). :meth:`from_dict` reads it back,
        and the result renders to the same text in either language, so a stored plan can be
        worded again in the reader's language.
        """
        record: dict[str, Any] = {"code": self.code, "params": _plain(dict(self.params))}
        if self.parts:
            record["parts"] = [part.as_dict() for part in self.parts]
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Reason:
        """The reason that :meth:`as_dict` recorded (lists where tuples were), with ``names``
        of the ids it mentions."""
        names = dict(names or {})
        parts = tuple(cls.from_dict(part, names) for part in record.get("parts", ()))
        return cls(str(record["code"]), dict(record.get("params", {})), parts, names)

    def mentioned(self) -> set[str]:
        """Every text value of the parameters, its parts' included (the ids it may name)."""
        found: set[str] = set()
        stack: list[Any] = [self.params, *self.parts]
        while stack:
            value = stack.pop()
            if isinstance(value, Reason):
                stack += [value.params, *value.parts]
            elif isinstance(value, str):
                found.add(value)
            elif isinstance(value, Mapping):
                stack += [*value.keys(), *value.values()]
            elif isinstance(value, list | tuple | set):
                for item in value:  # lists of ids: taken here, not one stack step each
                    if type(item) is str:
                        found.add(item)
                    elif type(item) not in _SCALARS:
                        stack.append(item)
        return found


#: Values that :func:`_plain` and :meth:`Reason.mentioned` take as they are.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Parameters as JSON holds them: tuples as lists, numpy numbers as Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def reasons_record(frame: pd.DataFrame, reasons: Sequence[Reason]) -> dict[str, Any]:
    """The reasons of ``unassigned.csv`` / ``unfilled.csv`` as data, written into
    ``summary.json`` (``reasons``) so that the rows can be worded again in another language.

    Returns
    -------
    ``{"names": {id: name}, "rows": [...]}``: the names of the people and villages the
    reasons mention (once), and per row its first column (``reserve_id``, ``village_id``)
    with its reason's :meth:`Reason.as_dict`. :func:`reasons_from_record` reads it back.
    """
    key = str(frame.columns[0])
    ids = frame[key].tolist() if len(frame.columns) else [None] * len(reasons)
    names: dict[str, str] = {}
    for reason in reasons:
        for ident in reason.mentioned():
            if ident in reason.names:
                names[ident] = str(reason.names[ident])
    rows = [{key: _plain(i), **r.as_dict()} for i, r in zip(ids, reasons, strict=True)]
    return {"names": dict(sorted(names.items())), "rows": rows}


def reasons_from_record(record: Mapping[str, Any]) -> list[Reason]:
    """The reasons that :func:`reasons_record` stored, in row order."""
    names = {str(k): str(v) for k, v in dict(record.get("names", {})).items()}
    return [Reason.from_dict(row, names) for row in record.get("rows", [])]


def _render_plain(reason: Reason, lang: Lang) -> str:
    text = say(_key(reason.code), lang, **_worded(reason.params, lang))
    rest = [part.render(lang) for part in reason.parts]
    return say("why.sep", lang).join([text, *rest]) if rest else text


def _key(code: str) -> str:
    return f"reason.{code}" if code in REASON_CODES else f"why.{code}"


def _worded(params: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Parameters as they read: lists are cut with "and N more"."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, list | tuple) and name not in ("categories",):
            out[name] = cut_list(list(value), SHOWN, lang)
        else:
            out[name] = value
    return out


REASON_CODES = frozenset(
    {
        "no_mentors",
        "no_mentor_in_reach",
        "wrong_mentor_type",
        "only_conflicts",
        "no_usable_mentor",
        "mentors_full",
        "lost_tie",
        "not_reached",
        "no_candidate",
        "candidates_taken",
        "post_lost_tie",
        "not_listed",
        "post_not_reached",
    }
)


def reasons_frame(
    ids: dict[str, Sequence[Any]], reasons: Sequence[Reason], lang: Lang = "en"
) -> pd.DataFrame:
    """Rows of ``unassigned.csv`` / ``unfilled.csv``: ids, ``reason``, ``reason_code``."""
    frame = pd.DataFrame({name: list(values) for name, values in ids.items()})
    frame["reason"] = [r.render(lang) for r in reasons]
    frame["reason_code"] = [r.code for r in reasons]
    return frame


def localise(frame: pd.DataFrame, reasons: Sequence[Reason], lang: Lang) -> pd.DataFrame:
    """``frame`` (rows in the order of ``reasons``) with its ``reason`` column in ``lang``."""
    if lang == "en" or "reason" not in frame:
        return frame
    return frame.assign(reason=[r.render(lang) for r in reasons])


# --- mentors ---------------------------------------------------------------------------


def _required_need(
    require: Mapping[str, Sequence[str]], categories: Sequence[str], lang: Lang
) -> str | None:
    needed = [(c, require[c]) for c in categories if c in require]
    if not needed:
        return None
    return say("why.sep", lang).join(
        say(
            "why.village_needs",
            lang,
            category=category_word(c, lang),
            types=say("why.or", lang).join(enum_word("mentor_type", t, lang) for t in types),
        )
        for c, types in needed
    )


def _render_mentor(reason: Reason, lang: Lang) -> str:
    p = reason.params
    sep = say("why.sep", lang)
    code = reason.code
    if code in ("no_mentors", "not_reached"):
        return say(f"reason.{code}", lang)
    if code == "no_mentor_in_reach":
        if not p["max_km"] > 0:
            return say("why.no_road", lang)
        text = say("reason.no_mentor_in_reach", lang, max_km=p["max_km"])
        if p.get("nearest"):
            mentor, km = p["nearest"]
            text += say(
                "why.paren",
                lang,
                text=say("why.nearest", lang, mentor=reason.who(mentor, lang), km=km),
            )
        return text
    reach = (
        say("why.reach_km", lang, km=p["max_km"]) if p["max_km"] > 0 else say("why.reach_all", lang)
    )
    need_text = _required_need(p.get("require", {}), p.get("categories", ()), lang)
    if code in ("wrong_mentor_type", "only_conflicts", "no_usable_mentor"):
        excluded = p["excluded"]
        if code == "wrong_mentor_type":
            text = say(
                "reason.wrong_mentor_type",
                lang,
                need=need_text or "",
                reach=reach,
                count=p["count"],
            )
        elif code == "only_conflicts":
            items = [
                say("why.conflict_item", lang, mentor=reason.who(m, lang), relation=rel)
                for m, rel in excluded["in_conflict"]["items"]
            ]
            text = say(
                "reason.only_conflicts",
                lang,
                reach=reach,
                items=cut_list(
                    items, SHOWN, lang, total=excluded["in_conflict"]["count"], counter="people"
                ),
            )
        else:
            parts = []
            for label, entry in excluded.items():
                if label == "wrong_type":
                    parts.append(
                        say("why.wrong_type", lang, count=entry["count"], need=need_text or "")
                    )
                    continue
                items = entry["items"]
                if label == "in_conflict":
                    items = [
                        say("why.conflict_item", lang, mentor=reason.who(m, lang), relation=rel)
                        for m, rel in items
                    ]
                else:
                    items = [reason.who(m, lang) for m in items]
                parts.append(
                    say(
                        f"why.{label}",
                        lang,
                        count=entry["count"],
                        items=cut_list(items, SHOWN, lang, total=entry["count"], counter="people"),
                    )
                )
            text = say(
                "reason.no_usable_mentor",
                lang,
                count=p["count"],
                reach=reach,
                parts=sep.join(parts),
            )
        if p.get("nearest_required"):
            mentor, km = p["nearest_required"]
            text += sep + say("why.nearest_required", lang, mentor=reason.who(mentor, lang), km=km)
        return text
    # mentors_full / lost_tie: every usable mentor is at capacity (or at same_village_max).
    parts = []
    usable, full = p["usable"], p["full"]
    mentors = cut_list(
        [reason.who(m, lang) for m in full["items"]], 8, lang, total=full["count"], counter="people"
    )
    if full["count"]:
        if full["count"] == usable:
            parts.append(say("reason.mentors_full", lang, count=usable, mentors=mentors))
        else:
            parts.append(
                say("why.some_full", lang, count=usable, full=full["count"], mentors=mentors)
            )
    village_full = p["village_full"]
    if village_full["count"]:
        parts.append(
            say(
                "why.village_full",
                lang,
                count=village_full["count"],
                limit=p["same_village_max"],
                village=reason.names.get(p["village"], p["village"]),
                mentors=cut_list(
                    [reason.who(m, lang) for m in village_full["items"]],
                    8,
                    lang,
                    total=village_full["count"],
                    counter="people",
                ),
            )
        )
    takers = p["takers"]
    if takers["count"]:
        worded = [
            say("why.taker_named", lang, name=reason.names[reserve], id=reserve, score=score)
            if reason.names.get(reserve) not in (None, reserve)
            else say("why.taker", lang, reserve=reserve, score=score)
            for reserve, score in takers["items"]
        ]
        parts.append(
            say(
                "why.places_went_to",
                lang,
                takers=cut_list(worded, SHOWN, lang, total=takers["count"], counter="people"),
            )
        )
    if p.get("own_best"):
        score, mentor = p["own_best"]
        parts.append(say("why.own_best", lang, score=score, mentor=reason.who(mentor, lang)))
    tie = p.get("tie")
    if tie:
        key = {
            "options": "why.mentor_tie",
            "evaluation": "why.mentor_tie_evaluation",
            "age": "why.mentor_tie_age",
            "roster": "why.mentor_tie_roster",
        }[_step(tie)]
        worded_tie = {
            **tie,
            "taker": reason.who(tie["taker"], lang),
            "mentor": reason.who(tie["mentor"], lang),
        }
        parts.append(say(key, lang, **worded_tie))
    return sep.join(parts)


def _group_positions(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(order, bounds): rows of key k are ``order[bounds[k]:bounds[k + 1]]``."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(size + 1))
    return order, bounds


def explain_unassigned(
    data: Any,
    rules: Any,
    distances: Any,
    arcs: pd.DataFrame,
    chosen: pd.DataFrame,
    capacity: np.ndarray,
    allowed_masks: np.ndarray,
    type_index: np.ndarray,
    stopped_early: bool = False,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, tuple[Reason, ...]]:
    """A specific, counted reason for every reserve left without a mentor.

    Parameters
    ----------
    data, rules, distances
        The plan's dataset, rules and village distances.
    arcs
        Every usable (reserve, mentor) pair of the model, sorted by ``reserve``, with
        columns ``reserve``, ``mentor`` (positions), ``village`` (the reserve's village
        position), ``weight`` (the integer the solver maximised) and ``score`` (points).
    chosen
        The rows of ``arcs`` the plan pairs.
    capacity
        Each mentor's capacity.
    allowed_masks, type_index
        Per village, the bitmask of mentor types its reserves may have; per mentor, its
        type's bit position.
    stopped_early
        Whether the solver stopped before proving optimality (a free place then may remain).
    tick
        Called as ``tick(done, total)`` as the reasons are made (for a progress bar).

    Returns
    -------
    frame, reasons
        ``reserve_id, reserve_name, reserve_village, reason, reason_code`` (English) sorted
        by reserve id, and the :class:`Reason` of each row in the same order.
    """
    reserves = data.reserves
    paired = np.zeros(len(reserves), dtype=bool)
    paired[chosen["reserve"].to_numpy()] = True
    left_out = np.flatnonzero(~paired)
    ids = reserves["person_id"].to_numpy()
    order = np.argsort(ids[left_out], kind="stable")
    left_out = left_out[order]
    reasons = _mentor_reasons(
        data,
        rules,
        distances,
        arcs,
        chosen,
        capacity,
        allowed_masks,
        type_index,
        left_out,
        stopped_early,
        tick,
    )
    frame = reasons_frame(
        {
            "reserve_id": ids[left_out],
            "reserve_name": reserves["name"].to_numpy()[left_out],
            "reserve_village": reserves["village_id"].to_numpy()[left_out],
        },
        reasons,
    )
    return frame, tuple(reasons)


def _mentor_reasons(
    data: Any,
    rules: Any,
    distances: Any,
    arcs: pd.DataFrame,
    chosen: pd.DataFrame,
    capacity: np.ndarray,
    masks: np.ndarray,
    type_index: np.ndarray,
    left_out: np.ndarray,
    stopped_early: bool,
    tick: Callable[[int, int], None] | None = None,
) -> list[Reason]:
    reserves, mentors = data.reserves, data.mentors
    if len(left_out) == 0:
        return []
    if len(mentors) == 0:
        return [Reason("no_mentors") for _ in left_out]
    villages = data.villages
    village_index = data.village_index
    reserve_village = reserves["village_id"].map(village_index).to_numpy(dtype=np.int64)
    # -1: a mentor with no place (blank village, blank mentors.office_village), in reach of all.
    mentor_village = (
        mentors["village_id"].map(village_index).astype(float).fillna(-1).to_numpy()
    ).astype(np.int64)
    placed_villages = np.unique(mentor_village[mentor_village >= 0])
    unplaced = np.flatnonzero(mentor_village < 0)
    mentor_ids = mentors["person_id"].to_numpy()
    reserve_ids = reserves["person_id"].to_numpy()
    max_km = rules.mentors.max_km if distances.available else 0.0
    same_village = rules.mentors.same_village_max
    categories = data.village_categories().tolist()
    require = {c: tuple(t) for c, t in rules.mentors.require.items()}
    # Each reserve's own candidates (arcs are sorted by reserve).
    arc_reserve = arcs["reserve"].to_numpy()
    arc_mentor = arcs["mentor"].to_numpy()
    arc_weight = arcs["weight"].to_numpy()
    arc_score = arcs["score"].to_numpy(dtype=float)
    arc_bounds = np.searchsorted(arc_reserve, np.arange(len(reserves) + 1))
    options = np.diff(arc_bounds)
    # Every mentor in reach of a left-out reserve is counted only for one without a usable
    # pair: a reserve with one has a mentor in reach (its pairs were built within max_km,
    # or with a mentor with no place), and is explained from its own pairs. So only those
    # reserves' villages are searched, never every village of every left-out reserve.
    no_pair = left_out[options[left_out] == 0]
    sources = np.unique(reserve_village[no_pair])
    near = distances.within(sources, placed_villages, max_km)
    m_order, m_bounds = _group_positions(mentor_village, len(villages))
    reach_of: dict[int, np.ndarray] = {}
    km_of_village: dict[int, dict[int, float]] = {}
    s_order, s_bounds = _group_positions(near.source, len(villages))
    for v in sources.tolist():
        rows = s_order[s_bounds[v] : s_bounds[v + 1]]
        targets = near.target[rows]
        km_of_village[v] = dict(zip(targets.tolist(), near.km[rows].tolist(), strict=True))
        reach_of[v] = np.concatenate(
            [m_order[m_bounds[t] : m_bounds[t + 1]] for t in targets.tolist()] + [unplaced]
        )
    # The plan: load per mentor and per (mentor, village); who each mentor took, and at what.
    load = np.bincount(chosen["mentor"].to_numpy(), minlength=len(mentors))
    chosen_reserve = chosen["reserve"].to_numpy()
    chosen_mentor = chosen["mentor"].to_numpy()
    chosen_weight = chosen["weight"].to_numpy()
    chosen_score = chosen["score"].to_numpy(dtype=float)
    c_order, c_bounds = _group_positions(chosen_mentor, len(mentors))
    group_load: dict[tuple[int, int], int] = {}
    for m, v in zip(chosen_mentor.tolist(), reserve_village[chosen_reserve].tolist(), strict=True):
        group_load[(m, v)] = group_load.get((m, v), 0) + 1
    tie_key = _rank([options, reserve_standing(reserves)])  # the tie rule, 0 first
    # Conflicts and listed pairs of the left-out reserves only.
    wanted = set(reserve_ids[left_out].tolist())
    relation: dict[str, dict[str, str]] = {}
    conflicts = data.conflicts
    for a, b, rel in zip(
        conflicts["person_a"], conflicts["person_b"], conflicts["relation"], strict=True
    ):
        for x, y in ((a, b), (b, a)):
            if x in wanted:
                relation.setdefault(x, {})[y] = rel or "conflict"
    listed: dict[str, set[str]] | None = None
    if data.pair_scores is not None:
        # The listed mentors of the reserves explained from everyone in reach (no usable
        # pair), picked out column-wise from the whole listing.
        listed = {}
        scores = data.pair_scores
        of_no_pair = scores["reserve_id"].isin(set(reserve_ids[no_pair].tolist())).to_numpy()
        for r, m in zip(
            scores["reserve_id"].to_numpy()[of_no_pair],
            scores["mentor_id"].to_numpy()[of_no_pair],
            strict=True,
        ):
            listed.setdefault(r, set()).add(m)
    usable_cap = capacity > 0
    names = {
        **dict(zip(villages["village_id"].tolist(), villages["name"].tolist(), strict=True)),
        **dict(zip(reserve_ids.tolist(), reserves["name"].tolist(), strict=True)),
        **dict(zip(mentor_ids.tolist(), mentors["name"].tolist(), strict=True)),
    }
    reasons = []
    for done, r in enumerate(left_out.tolist()):
        if tick is not None and done % 100 == 0:
            tick(done, len(left_out))
        v = int(reserve_village[r])
        rid = reserve_ids[r]
        base = {"max_km": float(max_km), "categories": tuple(categories[v]), "require": require}
        low, high = arc_bounds[r], arc_bounds[r + 1]
        if high == low and len(reach_of[v]) == 0:
            nearest = None
            if distances.available:
                found = distances.nearest(v, placed_villages)
                if found is not None:
                    target, km = found
                    first = m_order[m_bounds[target] : m_bounds[target + 1]]
                    nearest = (str(mentor_ids[first].min()), float(km))
            reasons.append(
                Reason("no_mentor_in_reach", {"max_km": float(max_km), "nearest": nearest})
            )
            continue
        if high == low:
            reasons.append(
                _excluded_reason(
                    base,
                    reach_of[v],
                    r,
                    rid,
                    v,
                    usable_cap,
                    masks,
                    type_index,
                    mentor_ids,
                    relation.get(rid, {}),
                    listed,
                    distances,
                    mentor_village,
                    m_order,
                    m_bounds,
                    km_of_village[v],
                )
            )
            continue
        mine = np.arange(low, high)
        usable = arc_mentor[mine]
        full = usable[load[usable] >= capacity[usable]]
        village_full = [
            m
            for m in usable.tolist()
            if load[m] < capacity[m]
            and same_village > 0
            and group_load.get((m, v), 0) >= same_village
        ]
        if len(full) == 0 and not village_full:
            # A usable mentor with a free place: only a solve stopped early leaves one.
            reasons.append(Reason("not_reached", {"stopped_early": stopped_early}))
            continue
        takers: list[tuple[str, float]] = []
        tie = None
        tie_of = -1
        best = int(mine[np.argmax(arc_weight[mine])])
        for m in sorted(set(full.tolist()) | set(village_full), key=lambda m: mentor_ids[m]):
            rows = c_order[c_bounds[m] : c_bounds[m + 1]]
            if m in village_full:
                rows = rows[reserve_village[chosen_reserve[rows]] == v]
            own = mine[arc_mentor[mine] == m]
            own_weight = int(arc_weight[own[0]])
            for row in rows.tolist():
                t = int(chosen_reserve[row])
                takers.append((str(reserve_ids[t]), float(chosen_score[row])))
                # The taker nearest this reserve under the tie rule shows the step that
                # decided between them.
                if int(chosen_weight[row]) == own_weight and (
                    tie is None or tie_key[t] > tie_key[tie_of]
                ):
                    tie_of = t
                    tie = {
                        "taker": str(reserve_ids[t]),
                        "mentor": str(mentor_ids[m]),
                        "score": float(chosen_score[row]),
                        "taker_options": int(options[t]),
                        "own_options": int(options[r]),
                        **_reserve_tie_step(reserves, options, t, r),
                    }
        takers.sort(key=lambda item: (-item[1], item[0]))
        params = {
            **base,
            "usable": int(len(usable)),
            "full": {
                "count": int(len(full)),
                "items": sorted(str(mentor_ids[m]) for m in full.tolist())[:8],
            },
            "village_full": {
                "count": len(village_full),
                "items": sorted(str(mentor_ids[m]) for m in village_full)[:8],
            },
            "same_village_max": int(same_village),
            "village": str(villages["village_id"].iat[v]),
            "takers": {"count": len(takers), "items": takers[:SHOWN]},
            "own_best": (float(arc_score[best]), str(mentor_ids[arc_mentor[best]])),
            "tie": tie,
        }
        reasons.append(Reason("lost_tie" if tie else "mentors_full", params))
    return [replace(reason, names=names) for reason in reasons]


def _excluded_reason(
    base: dict,
    reach: np.ndarray,
    r: int,
    rid: str,
    v: int,
    usable_cap: np.ndarray,
    masks: np.ndarray,
    type_index: np.ndarray,
    mentor_ids: np.ndarray,
    relation: dict[str, str],
    listed: dict[str, set[str]] | None,
    distances: Any,
    mentor_village: np.ndarray,
    m_order: np.ndarray,
    m_bounds: np.ndarray,
    km_of_village: dict[int, float],
) -> Reason:
    """No usable mentor in reach: count every mentor in reach by the first rule it fails."""
    reach = np.sort(reach)
    ids = mentor_ids[reach]
    no_capacity = ~usable_cap[reach]
    wrong_type = ~no_capacity & (((masks[v] >> type_index[reach]) & 1) == 0)
    rest = ~no_capacity & ~wrong_type
    in_conflict = rest & np.isin(ids, list(relation)) if relation else np.zeros(len(reach), bool)
    rest &= ~in_conflict
    if listed is not None:
        mine = listed.get(rid, set())
        not_listed = rest & ~np.isin(ids, list(mine))
    else:
        not_listed = np.zeros(len(reach), dtype=bool)
    excluded: dict[str, dict[str, Any]] = {}
    for label, mask in (
        ("capacity_0", no_capacity),
        ("wrong_type", wrong_type),
        ("in_conflict", in_conflict),
        ("not_listed", not_listed),
    ):
        count = int(mask.sum())
        if not count:
            continue
        chosen_ids = sorted(ids[mask].tolist())[:SHOWN]
        items: list[Any] = chosen_ids
        if label == "in_conflict":
            items = [(m, relation[m]) for m in chosen_ids]
        excluded[label] = {"count": count, "items": items}
    params: dict[str, Any] = {**base, "count": int(len(reach)), "excluded": excluded}
    if set(excluded) == {"wrong_type"}:
        code = "wrong_mentor_type"
        params["count"] = int(wrong_type.sum())
    elif set(excluded) == {"in_conflict"}:
        code = "only_conflicts"
    else:
        code = "no_usable_mentor"
    if "wrong_type" in excluded and distances.available:
        right = np.flatnonzero(usable_cap & (((masks[v] >> type_index) & 1) == 1))
        outside = right[~np.isin(right, reach)]
        if len(outside):
            found = distances.nearest(v, np.unique(mentor_village[outside]))
            if found is not None:
                target, km = found
                here = m_order[m_bounds[target] : m_bounds[target + 1]]
                here = here[np.isin(here, outside)]
                params["nearest_required"] = (str(mentor_ids[here].min()), float(km))
    return Reason(code, params)


def prefer_fewer_options_mentors(
    arcs: pd.DataFrame,
    chosen_mask: np.ndarray,
    reserve_village: np.ndarray,
    same_village_max: int,
    standing: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Apply the tie rule to a mentor plan: equal places go to reserves with fewer options.

    An unpaired reserve ``u`` takes the place of a paired reserve ``t`` at mentor ``m`` when
    pair (u, m) has exactly the weight of (t, m), ``u`` comes before ``t`` under the tie
    rule (fewer usable mentors, then ``standing``: see :func:`reserve_standing`), and
    ``same_village_max`` still holds; ``t`` is then unpaired. Each exchange keeps the
    number paired, the total score and every mentor's load as they are, so the plan stays
    optimal and feasible; each replaces a paired reserve by one strictly earlier under the
    rule, so the exchanges end. Exchanges are tried in a fixed order (earliest under the
    rule first), so the result is deterministic.

    Parameters
    ----------
    arcs
        The model's pairs, sorted by ``reserve``: ``reserve``, ``mentor``, ``weight``.
    chosen_mask
        Boolean per arc: chosen by the solver.
    reserve_village
        Village position of each reserve.
    same_village_max
        At most this many reserves of one village per mentor (0: no limit).
    standing
        Rank of each reserve among those with as many options, shape (reserves,); by
        position when not given.

    Returns
    -------
    mask, swaps
        The chosen arcs after the exchanges, and how many exchanges were made.
    """
    mask = np.asarray(chosen_mask, dtype=bool).copy()
    if not mask.any() or mask.all():
        return mask, 0
    arc_reserve = arcs["reserve"].to_numpy()
    arc_mentor = arcs["mentor"].to_numpy()
    arc_weight = arcs["weight"].to_numpy()
    count = int(arc_reserve.max()) + 1 if len(arc_reserve) else 0
    bounds = np.searchsorted(arc_reserve, np.arange(count + 1))
    options = np.diff(bounds)
    rank = np.arange(count) if standing is None else np.asarray(standing)[:count]
    rule_rank = _rank([options, rank])  # the whole tie rule as one rank, 0 first
    arc_of = np.full(count, -1, dtype=np.int64)
    arc_of[arc_reserve[mask]] = np.flatnonzero(mask)
    # The chosen arcs by (mentor, weight): an exchange needs a held arc of the same mentor
    # and exactly the same weight, so each candidate arc looks up only those.
    holders: dict[tuple[int, int], set[int]] = {}
    group: dict[tuple[int, int], int] = {}
    held_arcs = np.flatnonzero(mask)
    for a, m, w, v in zip(
        held_arcs.tolist(),
        arc_mentor[held_arcs].tolist(),
        arc_weight[held_arcs].tolist(),
        reserve_village[arc_reserve[held_arcs]].tolist(),
        strict=True,
    ):
        holders.setdefault((m, w), set()).add(a)
        group[(m, v)] = group.get((m, v), 0) + 1
    rule_ranks = rule_rank.tolist()
    villages = np.asarray(reserve_village).tolist()
    # Earliest under the rule first (a heap pops in the order a sorted list would).
    waiting = [(rule_ranks[u], u) for u in np.flatnonzero((arc_of < 0) & (options > 0)).tolist()]
    heapq.heapify(waiting)
    swaps = 0
    while waiting:
        _, u = heapq.heappop(waiting)
        if arc_of[u] >= 0:
            continue
        best = None
        vu = villages[u]
        low, high = int(bounds[u]), int(bounds[u + 1])
        for a, m, w in zip(
            range(low, high),
            arc_mentor[low:high].tolist(),
            arc_weight[low:high].tolist(),
            strict=True,
        ):
            for held in holders.get((m, w), ()):
                t = int(arc_reserve[held])
                if rule_ranks[t] <= rule_ranks[u]:
                    continue
                if (
                    same_village_max > 0
                    and vu != villages[t]
                    and group.get((m, vu), 0) >= same_village_max
                ):
                    continue
                if best is None or rule_ranks[t] > rule_ranks[best[1]]:
                    best = (a, t, held, m, w)
        if best is None:
            continue
        a, t, held, m, w = best
        mask[held], mask[a] = False, True
        holders[(m, w)].discard(held)
        holders[(m, w)].add(a)
        arc_of[t], arc_of[u] = -1, a
        vt = villages[t]
        group[(m, vt)] -= 1
        group[(m, vu)] = group.get((m, vu), 0) + 1
        swaps += 1
        heapq.heappush(waiting, (rule_ranks[t], t))
    return mask, swaps


# --- backfill --------------------------------------------------------------------------


def prefer_fewer_options_posts(
    chosen: pd.DataFrame,
    candidates_of: Callable[[int], pd.DataFrame],
    unfilled: Sequence[int],
    options: np.ndarray,
    priorities: np.ndarray,
    standing: np.ndarray | None = None,
) -> tuple[pd.DataFrame, int]:
    """Apply the tie rule to a backfill plan: equal appointees go to posts with fewer options.

    A person appointed to post ``a`` moves to an unfilled post ``u`` when ``u`` has the
    priority of ``a``, the person's fit weight there is exactly their weight at ``a``, and
    ``u`` comes before ``a`` under the tie rule (fewer candidates, then ``standing``: see
    :func:`post_standing`); ``a`` is then unfilled. The appointee is the same person, so
    the priority filled, the total fit and every structure count stay as they are; each
    move fills a post strictly earlier under the rule, so the moves end. Fixed order:
    earliest under the rule first.

    Parameters
    ----------
    chosen
        The appointments: rows with ``person``, ``post``, ``weight`` and the candidate
        columns (``route``, ``km``, ``score_*``, ``score``).
    candidates_of
        A post's candidate rows (same columns), from the planner's candidate pairs.
    unfilled
        The vacant posts the plan leaves empty.
    options
        Candidates per post (village position).
    priorities
        Priority weight per post: a move needs the same priority and the same fit weight.
    standing
        Rank of each post among those with as many candidates, shape (villages,); by
        position when not given.

    Returns
    -------
    chosen, moves
        The appointments after the moves (same columns), and how many moves were made.
    """
    chosen = chosen.reset_index(drop=True).copy()
    post_of_person = dict(zip(chosen["person"].tolist(), range(len(chosen)), strict=True))
    rank = np.arange(len(options)) if standing is None else np.asarray(standing)
    rule_rank = _rank([np.asarray(options), rank])  # the whole tie rule as one rank, 0 first
    waiting = sorted((int(rule_rank[u]), int(u)) for u in unfilled if options[u] > 0)
    filled = set(chosen["post"].tolist())
    moves = 0
    while waiting:
        _, u = waiting.pop(0)
        if u in filled:
            continue
        rows = candidates_of(u)
        best = None
        for cand in rows.itertuples(index=False):
            row = post_of_person.get(int(cand.person))
            if row is None:
                continue
            a = int(chosen.at[row, "post"])
            if (
                int(chosen.at[row, "weight"]) != int(cand.weight)
                or priorities[a] != priorities[u]
                or rule_rank[a] <= rule_rank[u]
            ):
                continue
            if best is None or rule_rank[a] > rule_rank[best[1]]:
                best = (cand, a, row)
        if best is None:
            continue
        cand, a, row = best
        for column in chosen.columns:
            if column in rows.columns:
                chosen.at[row, column] = getattr(cand, column)
        chosen.at[row, "post"] = u
        filled.discard(a)
        filled.add(u)
        moves += 1
        waiting.append((int(rule_rank[a]), a))
        waiting.sort()
    return chosen, moves


def eligibility_word(code: str, lang: Lang) -> str:
    """One eligibility reason code (``vetting_fail:police``, ``age_over``) for a reader."""
    if ":" in code:
        kind, department = code.split(":", 1)
        return say(
            f"eligibility.{kind}", lang, department=enum_word("department", department, lang)
        )
    key = f"eligibility.{code}"
    from .words import has

    return say(key, lang) if has(key) else code


def eligibility_text(codes: Sequence[str], lang: Lang) -> str:
    """A candidate's reason codes worded and joined (empty for an eligible candidate)."""
    return say("list.sep", lang).join(eligibility_word(code, lang) for code in codes)


def describe_ineligible(reasons: Sequence[Sequence[str]], lang: Lang = "en") -> str:
    """Count reason codes over several people: '2 failed vetting (police, court), 1 over age'."""
    failed: list[str] = []
    pending: list[str] = []
    counts: dict[str, int] = {}
    for person in reasons:
        fails = [r.split(":", 1)[1] for r in person if r.startswith("vetting_fail:")]
        waits = [
            r.split(":", 1)[1]
            for r in person
            if r.startswith(("vetting_pending:", "vetting_missing:"))
        ]
        if fails:
            failed.extend(fails)
            label = "failed_vetting"
        elif waits:
            pending.extend(waits)
            label = "vetting_open"
        else:
            label = person[0] if person else "eligible"
        counts[label] = counts.get(label, 0) + 1
    sep = say("list.sep", lang)
    parts = []
    for label, number in counts.items():
        if label == "failed_vetting":
            words = sep.join(enum_word("department", d, lang) for d in dict.fromkeys(failed))
            text = say("eligibility.failed_vetting", lang, departments=words)
        elif label == "vetting_open":
            words = sep.join(enum_word("department", d, lang) for d in dict.fromkeys(pending))
            text = say("eligibility.vetting_open", lang, departments=words)
        else:
            text = eligibility_word(label, lang)
        parts.append(say("eligibility.count", lang, count=number, label=text))
    return sep.join(parts)


def _render_post(reason: Reason, lang: Lang) -> str:
    return say("why.sep", lang).join(_render_part(part, reason, lang) for part in reason.parts)


def _render_part(part: Reason, reason: Reason, lang: Lang) -> str:
    p = part.params
    code = part.code

    def place(village: str) -> str:
        return reason.names.get(village, village)

    if code == "local":
        line = say("why.local", lang, count=p["count"])
        if p["ineligible"]:
            line = say(
                "why.local_ineligible",
                lang,
                line=line,
                detail=describe_ineligible(p["ineligible"], lang),
            )
        if p["away"]:
            items = [
                say("why.moved_to", lang, person=reason.who(a, lang), village=place(b))
                for a, b in p["away"]
            ]
            line += say("why.sep", lang) + say(
                "why.local_away", lang, items=cut_list(items, SHOWN, lang, counter="people")
            )
        return line
    if code == "cross":
        text = say("why.cross", lang, count=p["count"], km=p["km"])
        return text + (say("why.cross_none_elsewhere", lang) if p["none_elsewhere"] else "")
    if code == "dispatched":
        if p["eligible"]:
            return say("why.dispatched_eligible", lang, count=p["eligible"])
        if p["ineligible"]:
            return say(
                "why.no_dispatched_eligible_detail",
                lang,
                count=p["total"],
                detail=describe_ineligible(p["ineligible"], lang),
            )
        return say("why.no_dispatched_eligible", lang, count=p["total"])
    if code == "all_went_elsewhere":
        went = []
        for person, village, priority, cats in p["went"]:
            if cats:
                went.append(
                    say(
                        "why.went_to_categories",
                        lang,
                        person=reason.who(person, lang),
                        village=place(village),
                        priority=priority,
                        categories=say("list.sep", lang).join(category_word(c, lang) for c in cats),
                    )
                )
            else:
                went.append(
                    say(
                        "why.went_to",
                        lang,
                        person=reason.who(person, lang),
                        village=place(village),
                        priority=priority,
                    )
                )
        return say(
            "why.all_went_elsewhere",
            lang,
            items=cut_list(went, SHOWN, lang, total=p["count"], counter="people"),
            priority=p["priority"],
        )
    if code == "post_tie":
        key = {
            "options": "why.post_tie",
            "population": "why.post_tie_population",
            "roster": "why.post_tie_roster",
        }[_step(p)]
        return say(
            key,
            lang,
            **{**p, "person": reason.who(p["person"], lang), "village": place(p["village"])},
        )
    return say(f"why.{code}", lang, **p)


def explain_unfilled(
    data: Any,
    rules: Any,
    people: pd.DataFrame,
    candidates_of: Callable[[int], pd.DataFrame],
    options: np.ndarray,
    chosen: pd.DataFrame,
    priorities: np.ndarray,
    stopped_early: bool = False,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, tuple[Reason, ...]]:
    """A specific, counted reason for every vacant post the plan leaves empty.

    Parameters
    ----------
    data, rules
        The plan's dataset and rules.
    people
        The candidates with ``eligible`` and ``reasons`` (see :func:`eligibility.assess`).
    candidates_of
        A post's candidate rows (``person``, ``route``, ``weight``, ``score``): the only
        candidates the explanation looks at for that post.
    options
        Candidates per post (village position), as the tie rule counted them.
    chosen
        The appointments: ``person``, ``post``, ``weight`` (the fit weight), ``score``.
    priorities
        Priority weight per village position.
    stopped_early
        Whether the solver stopped before proving optimality.
    tick
        Called as ``tick(done, total)`` as the reasons are made (for a progress bar).

    Returns
    -------
    frame, reasons
        ``village_id, village_name, reason, reason_code`` (English) in village order, and
        the :class:`Reason` of each row.
    """
    b = rules.backfill
    villages = data.villages
    village_ids = villages["village_id"].to_numpy()
    filled = set(chosen["post"].tolist())
    posts = [int(p) for p in np.flatnonzero(villages["vacant"].to_numpy()) if p not in filled]
    if not posts:  # every post filled: nothing to explain, no index of everyone to build
        empty = {"village_id": village_ids[:0], "village_name": villages["name"].to_numpy()[:0]}
        return reasons_frame(empty, []), ()
    tie_key = _rank([np.asarray(options), post_standing(villages)])  # the tie rule, 0 first
    categories = data.village_categories().tolist()
    appointed = dict(zip(chosen["person"].tolist(), chosen["post"].tolist(), strict=True))
    weight_of = dict(zip(chosen["person"].tolist(), chosen["weight"].tolist(), strict=True))
    is_reserve = (people["kind"] == "reserve").to_numpy()
    eligible = people["eligible"].to_numpy(dtype=bool)
    home = people["village_id"].to_numpy()
    person_ids = people["person_id"].to_numpy()
    reasons_of = people["reasons"].tolist()
    local_of: dict[str, list[int]] = {}
    for i in np.flatnonzero(is_reserve).tolist():
        local_of.setdefault(home[i], []).append(i)
    dispatched = np.flatnonzero(~is_reserve)
    dispatched_eligible = int(eligible[dispatched].sum())
    dispatched_ineligible = [reasons_of[i] for i in dispatched.tolist() if reasons_of[i]]
    eligible_elsewhere = int((eligible & is_reserve).sum())
    pilot = villages["cross_village_pilot"].to_numpy(dtype=bool)
    names = {
        **dict(zip(village_ids.tolist(), villages["name"].tolist(), strict=True)),
        **dict(zip(person_ids.tolist(), people["name"].tolist(), strict=True)),
    }
    reasons = []
    for done, post in enumerate(posts):
        if tick is not None and done % 100 == 0:
            tick(done, len(posts))
        village = village_ids[post]
        parts: list[Reason] = []
        local = local_of.get(village, [])
        if local:
            away = [
                (str(person_ids[i]), str(village_ids[appointed[i]]))
                for i in local
                if eligible[i] and i in appointed and appointed[i] != post
            ]
            parts.append(
                Reason(
                    "local",
                    {
                        "count": len(local),
                        "ineligible": [reasons_of[i] for i in local if reasons_of[i]],
                        "away": away,
                    },
                )
            )
        else:
            parts.append(Reason("no_local"))
        here = candidates_of(post)
        local_eligible = any(eligible[i] for i in local)
        if b.outside_only_if_no_local and local_eligible:
            parts.append(Reason("outside_blocked"))
        else:
            if not pilot[post]:
                parts.append(Reason("not_pilot"))
            else:
                cross = int((here["route"] == "cross_village").sum()) if len(here) else 0
                others = eligible_elsewhere - sum(1 for i in local if eligible[i])
                parts.append(
                    Reason(
                        "cross",
                        {
                            "count": cross,
                            "km": float(b.cross_village_max_km),
                            "none_elsewhere": cross == 0 and others == 0,
                        },
                    )
                )
            if not b.allow_dispatched:
                parts.append(Reason("no_dispatch"))
            else:
                parts.append(
                    Reason(
                        "dispatched",
                        {
                            "eligible": dispatched_eligible,
                            "total": int(len(dispatched)),
                            "ineligible": dispatched_ineligible,
                        },
                    )
                )
        code = "no_candidate"
        if len(here):
            persons = here["person"].to_numpy()
            taken = np.array([p in appointed for p in persons.tolist()])
            if taken.all():
                code = "candidates_taken"
                ordered = here.assign(_w=-here["weight"]).sort_values(["_w", "person"])
                went = []
                tie = None
                tie_of = -1
                for cand in ordered.itertuples(index=False):
                    person = int(cand.person)
                    target = appointed[person]
                    cats = tuple(c for c in categories[target] if c in b.priority)
                    went.append(
                        (
                            str(person_ids[person]),
                            str(village_ids[target]),
                            int(priorities[target]),
                            cats,
                        )
                    )
                    same = priorities[target] == priorities[post]
                    if (
                        same
                        and int(weight_of[person]) == int(cand.weight)
                        and (tie is None or tie_key[target] > tie_key[tie_of])
                    ):
                        tie_of = target
                        tie = {
                            "person": str(person_ids[person]),
                            "village": str(village_ids[target]),
                            "score": float(cand.score),
                            "taker_options": int(options[target]),
                            "own_options": int(options[post]),
                            **_post_tie_step(villages, options, target, post),
                        }
                parts.append(
                    Reason(
                        "all_went_elsewhere",
                        {
                            "count": len(went),
                            "went": went[:SHOWN],
                            "priority": int(priorities[post]),
                        },
                    )
                )
                if tie is not None:
                    code = "post_lost_tie"
                    parts.append(Reason("post_tie", tie))
            else:
                code = "post_not_reached"
                parts.append(Reason("not_reached"))
        elif data.post_scores is not None:
            code = "not_listed"
            parts.append(Reason("post_not_listed"))
        reasons.append(Reason(code, {}, tuple(parts), names))
    frame = reasons_frame(
        {
            "village_id": village_ids[posts],
            "village_name": villages["name"].to_numpy()[posts],
        },
        reasons,
    )
    return frame, tuple(reasons)


_RENDER: dict[str, Callable[[Reason, Lang], str]] = {
    **{
        code: _render_mentor
        for code in (
            "no_mentors",
            "no_mentor_in_reach",
            "wrong_mentor_type",
            "only_conflicts",
            "no_usable_mentor",
            "mentors_full",
            "lost_tie",
            "not_reached",
        )
    },
    **{
        code: _render_post
        for code in (
            "no_candidate",
            "candidates_taken",
            "post_lost_tie",
            "not_listed",
            "post_not_reached",
        )
    },
}
