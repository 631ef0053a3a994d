"""The yearly performance ratings of secretaries (实绩考核) under the cap on 好.

SPEC ``plan ratings``; the seed plan rates each secretary 好 / 较好 / 一般 / 差 with at
most 15% rated 好, pays the performance bonus only for 好 and 较好, and replaces (调整) a
secretary rated 差. Rules are ``[ratings]`` (:class:`~cadreplan.solver.rules.RatingRules`).

**Who is rated.** Every secretary with an ``assessment`` (实绩考核得分) or a ``veto``
(一票否决); the others are listed as ``not_assessed`` and count nowhere.

**Allocation**, per scope (the whole district, or each town with ``scope = "town"``):

1. ``veto`` → 差 (``poor``) whatever the score (reason ``veto``);
2. otherwise the thresholds: ``excellent_min`` → 好, ``good_min`` → 较好, ``fair_min`` →
   一般, below → 差 (reason ``threshold``);
3. at most ``cap = floor(cap_excellent × secretary posts in the scope)`` keep 好, the
   highest assessments first. With the 好 candidates sorted by assessment, let ``t`` be the
   assessment of candidate ``cap + 1``: those above ``t`` keep 好, the rest are rated 较好.
   When candidate ``cap`` is also at ``t``, the tied group straddles the boundary and the
   whole group is rated 较好 (reason ``cap_tie``: never a lottery); the others moved down
   get reason ``cap``. The posts are the villages of the scope (one secretary post
   each), the count ``plan check`` and ``plan budget`` use too (SPEC), so the cap is the
   same number everywhere. Places of the cap left unused because a tied group was moved
   down whole are counted in ``caps`` (``unused``) and named in the reasons.

**Existing ratings.** Where the data carries ``rating`` (last year's), :func:`plan_ratings`
also counts, per scope, the 好 there against the same cap and reports the scopes over
the cap (``cap_check``).

**Next roster.** ``secretaries_next`` is the ``secretaries`` table with the new ratings,
and ``status = to_adjust`` (待调整) for secretaries in post rated 差: ``plan backfill``
reads it as a ``secretaries`` table (file ``secretaries_next.csv``) and sees their posts
as vacant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dataset import Dataset
from .rules import RatingRules, Rules
from .words import enum_word, say

RATINGS = ("excellent", "good", "fair", "poor")
#: Columns of ``secretaries_next.csv``: the ``secretaries`` schema, in its order.
SECRETARY_COLUMNS = [
    "person_id",
    "name",
    "village_id",
    "birth_year",
    "gender",
    "education",
    "party_since",
    "terms",
    "rating",
    "status",
    "assessment",
    "veto",
]


@dataclass(frozen=True)
class RatingPlan:
    """The result of :func:`plan_ratings`.

    ``ratings`` has one row per secretary (``rating`` blank for the not assessed);
    ``secretaries_next`` the roster for the next plan; ``cap_check`` one row per scope
    with the cap and the 好 of the ratings already in the data; ``caps`` per scope the
    secretary posts, the rated, the cap, the 好 given and the places left unused by a
    tied group moved down whole; ``share`` is ``cap_excellent``.
    """

    ratings: pd.DataFrame
    secretaries_next: pd.DataFrame
    cap_check: pd.DataFrame
    caps: dict
    scope: str
    share: float = 0.15

    def counts(self) -> dict[str, int]:
        """Secretaries per new rating, and how many were not assessed."""
        values = self.ratings["rating"]
        result = {rating: int((values == rating).sum()) for rating in RATINGS}
        result["not_assessed"] = int((values == "").sum())
        return result

    @property
    def over_cap(self) -> pd.DataFrame:
        """The scopes whose existing ratings break the cap."""
        return self.cap_check[self.cap_check["over_cap"]]


def cap_of(share: float, secretaries: int) -> int:
    """``floor(share × secretaries)``, robust to float error (0.15 × 20 = 3)."""
    return math.floor(share * secretaries + 1e-9)


def posts_by_scope(data: Dataset, rules: RatingRules) -> dict[str, int]:
    """Secretary posts (villages, one post each) per scope: ``district`` or each town.

    The one count of the cap on 好 (SPEC ``plan ratings``: secretaries in scope; ``plan
    check``: ``floor(0.15 × posts)``).
    """
    if rules.scope == "district":
        return {"district": int(len(data.villages))}
    towns = data.villages["town"].astype(str)
    return {str(k): int(v) for k, v in towns.value_counts().sort_index().items()}


def assessment_columns(data: Dataset) -> tuple[str, bool, bool]:
    """The secretaries' file, and whether it has the ``assessment`` and ``veto`` columns.

    From the intake report (what each read column became); a dataset built in memory,
    without one, counts as having both.
    """
    report = data.intake
    if report is None:
        return "secretaries", True, True
    files = [s.label.split(" sheet ")[0] for s in report.sources if s.table == "secretaries"]
    found = {c.column for c in report.columns if c.table == "secretaries"}
    return ", ".join(files) or "secretaries", "assessment" in found, "veto" in found


def scopes_of(data: Dataset, rules: RatingRules) -> np.ndarray:
    """Each secretary's scope: ``district``, or the town of their village."""
    if rules.scope == "district":
        return np.full(len(data.secretaries), "district", dtype=object)
    town = dict(zip(data.villages["village_id"], data.villages["town"], strict=True))
    return data.secretaries["village_id"].map(town).to_numpy(dtype=object)


def plan_ratings(data: Dataset, rules: Rules, *, lang: str = "en") -> RatingPlan:
    """Rate every assessed secretary under the thresholds and the cap on 好.

    Parameters
    ----------
    data
        The dataset; ``secretaries.assessment`` and ``secretaries.veto`` are read.
    rules
        ``[ratings]``.
    lang
        Language of the ``reason`` texts.

    Returns
    -------
    RatingPlan
        Exact by construction (no optimisation): the allocation rules are SPEC's.
    """
    r = rules.ratings
    secretaries = data.secretaries.reset_index(drop=True)
    count = len(secretaries)
    scope = scopes_of(data, r)
    assessment = secretaries["assessment"].to_numpy(dtype=float)
    veto = secretaries["veto"].to_numpy(dtype=bool)
    rated = veto | ~np.isnan(assessment)
    rating = np.full(count, "", dtype=object)
    code = np.full(count, "not_assessed", dtype=object)
    rating[rated & (assessment >= r.fair_min)] = "fair"
    rating[rated & (assessment >= r.good_min)] = "good"
    rating[rated & (assessment >= r.excellent_min)] = "excellent"
    rating[rated & ~(assessment >= r.fair_min)] = "poor"  # NaN (veto only) lands here too
    code[rated] = "threshold"
    rating[veto] = "poor"
    code[veto] = "veto"
    boundary = np.full(count, np.nan)
    tied = np.zeros(count, dtype=np.int64)
    caps: dict[str, dict] = {}
    posts = posts_by_scope(data, r)
    for name in sorted(set(posts) | set(scope[rated])):
        members = np.flatnonzero(rated & (scope == name))
        cap = cap_of(r.cap_excellent, posts.get(name, 0))
        top = members[rating[members] == "excellent"]
        tie: dict[str, int | float | None] = {"tied": 0, "tied_at": None}
        if len(top) > cap:
            scores = np.sort(assessment[top])[::-1]
            threshold = scores[cap]  # the first candidate beyond the cap
            down = top[assessment[top] <= threshold]
            rating[down] = "good"
            code[down] = "cap"
            boundary[down] = threshold
            if cap > 0 and scores[cap - 1] == threshold:
                group = top[assessment[top] == threshold]
                code[group] = "cap_tie"
                tied[group] = len(group)
                tie = {"tied": int(len(group)), "tied_at": float(threshold)}
        given = int((rating[members] == "excellent").sum())
        caps[name] = {
            "posts": int(posts.get(name, 0)),
            "rated": int(len(members)),
            "cap": cap,
            "excellent": given,
            # Places of the cap nobody got because a tied group was moved down whole.
            "unused": cap - given if tie["tied"] else 0,
            **tie,
        }
    reasons = _reasons(secretaries, scope, rating, code, tied, caps, r, lang)
    ratings = pd.DataFrame(
        {
            "person_id": secretaries["person_id"].to_numpy(),
            "name": secretaries["name"].to_numpy(),
            "village_id": secretaries["village_id"].to_numpy(),
            "assessment": assessment,
            "rating": rating,
            "reason_code": code,
            "reason": reasons,
            "veto": veto,
            "scope": scope,
            "previous_rating": secretaries["rating"].to_numpy(),
            "status": secretaries["status"].to_numpy(),
        }
    )
    return RatingPlan(
        ratings=as_written(ratings),
        secretaries_next=_next_roster(secretaries, rating, rated),
        cap_check=existing_cap_check(data, r),
        caps=caps,
        scope=r.scope,
        share=r.cap_excellent,
    )


def _reasons(secretaries, scope, rating, code, tied, caps, r: RatingRules, lang) -> list[str]:
    def word(value: str) -> str:
        return enum_word("rating", value, lang)

    texts = []
    for index in range(len(secretaries)):
        kind = code[index]
        value = secretaries["assessment"].iat[index]
        shown = "—" if pd.isna(value) else f"{float(value):g}"
        where = scope[index]
        scope_text = (
            say("review.scope.district", lang)
            if where == "district"
            else say("review.scope.town", lang, town=where)
        )
        if kind == "not_assessed":
            texts.append(say("review.rating.not_assessed", lang))
        elif kind == "veto":
            texts.append(say("review.rating.veto", lang, rating=word("poor"), assessment=shown))
        elif kind == "threshold" and rating[index] == "poor":
            texts.append(
                say(
                    "review.rating.threshold_poor",
                    lang,
                    assessment=shown,
                    minimum=f"{r.fair_min:g}",
                    rating=word("poor"),
                )
            )
        elif kind == "threshold":
            minimum = {"excellent": r.excellent_min, "good": r.good_min, "fair": r.fair_min}
            texts.append(
                say(
                    "review.rating.threshold",
                    lang,
                    assessment=shown,
                    rating=word(rating[index]),
                    minimum=f"{minimum[rating[index]]:g}",
                )
            )
        else:
            cap = caps[where]
            params = {
                "assessment": shown,
                "excellent": word("excellent"),
                "minimum": f"{r.excellent_min:g}",
                "cap": cap["cap"],
                "scope": scope_text,
                "posts": cap["posts"],
                "share": r.cap_excellent,
                "rating": word("good"),
                "tied": int(tied[index]) or cap["tied"],
                "tied_at": "" if cap["tied_at"] is None else f"{cap['tied_at']:g}",
                "unused": cap["unused"],
            }
            if kind == "cap_tie":
                key = "review.rating.cap_tie"
            elif cap["unused"]:
                key = "review.rating.cap_unused"  # below a tied group moved down whole
            else:
                key = "review.rating.cap"
            texts.append(say(key, lang, **params))
    return texts


def _next_roster(secretaries: pd.DataFrame, rating: np.ndarray, rated: np.ndarray) -> pd.DataFrame:
    # Every column of the roster as read (birth_month, party_month, …; not the reader's
    # own ``_row``), so the file reads back as the same ``secretaries`` table next year.
    columns = [c for c in secretaries.columns if not str(c).startswith("_")]
    roster = secretaries[columns].copy()
    roster["rating"] = np.where(rated, rating, roster["rating"].to_numpy(dtype=object))
    adjust = rated & (rating == "poor") & (roster["status"].to_numpy() == "in_post")
    roster.loc[adjust, "status"] = "to_adjust"
    return as_written(roster.reset_index(drop=True))


def as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with values as the input forms write them (SPEC input formats).

    A float column whose values are all whole numbers becomes integers (``58``, not
    ``58.0``; blanks stay blank), a column with decimals keeps them on the cells that
    have them (``82`` beside ``82.5``), and a bool column is
    written ``true``/``false`` as the SPEC's tables spell booleans.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = np.where(values.to_numpy(dtype=bool), "true", "false")
        elif pd.api.types.is_float_dtype(values):
            known = values.dropna()
            if bool((known == np.floor(known)).all()):
                out[column] = values.round().astype("Int64")
            else:  # each cell as written: 82 beside 82.5, blanks blank
                out[column] = [_number_text(v) for v in values.to_numpy()]
    return out


def _number_text(value: float) -> object:
    if np.isnan(value):
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def existing_cap_check(data: Dataset, rules: RatingRules) -> pd.DataFrame:
    """Per scope, the 好 already in the data's ``rating`` column against the cap.

    The cap is ``floor(cap_excellent × secretary posts in the scope)``, as for the new
    ratings (:func:`posts_by_scope`).
    """
    scope = scopes_of(data, rules)
    posts = posts_by_scope(data, rules)
    rating = data.secretaries["rating"].to_numpy(dtype=object)
    ids = data.secretaries["person_id"].to_numpy()
    rows = []
    for name in sorted(set(posts) | set(scope)):
        top = (scope == name) & (rating == "excellent")
        cap = cap_of(rules.cap_excellent, posts.get(name, 0))
        rows.append(
            {
                "scope": name,
                "posts": int(posts.get(name, 0)),
                "cap": cap,
                "excellent_in_data": int(top.sum()),
                "over_cap": bool(top.sum() > cap),
                "people": ";".join(ids[top]),
            }
        )
    columns = ["scope", "posts", "cap", "excellent_in_data", "over_cap", "people"]
    return pd.DataFrame(rows, columns=columns)


__all__ = [
    "RatingPlan",
    "as_written",
    "assessment_columns",
    "cap_of",
    "existing_cap_check",
    "plan_ratings",
    "posts_by_scope",
]
