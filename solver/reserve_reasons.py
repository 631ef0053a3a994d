"""Why each person of the yearly review stays, leaves, joins or not: the plan's tables.

:func:`~cadreplan.solver.reserves.plan_reserves` decides; this module words the decisions
as the rows users read (``reserve_pool``, ``nominees``, ``reserve_ratio``), each with a
``reason_code`` and a ``reason`` in the chosen language (SPEC ``plan reserves``, Outputs).
A province repeats a few texts tens of thousands of times (kept, met, aged 46): each
distinct text is formatted once, and the rows that share one text (every kept reserve,
every village whose ratio is met) are filled as whole columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dataset import Dataset
from .rules import ReserveRules
from .words import enum_word, named, say


class Texts:
    """Reason texts in the chosen language, with numbers and words shown as users read them."""

    def __init__(self, lang: str, review: ReserveRules) -> None:
        self.lang = lang
        self.review = review
        #: The separator of a list within a reason: ", " in English, "、" in Chinese.
        self.sep = say("list.sep", lang)  # type: ignore[arg-type]
        # A province repeats a few texts tens of thousands of times (met, kept, age 46):
        # each distinct text is formatted once.
        self._said: dict[tuple, str] = {}
        self._failed: dict[tuple, tuple[str, str]] = {}

    def say(self, key: str, **params: object) -> str:
        memo = (key, *sorted(params.items()))
        text = self._said.get(memo)
        if text is None:
            text = self._said[memo] = say(f"review.{key}", self.lang, **params)  # type: ignore[arg-type]
        return text

    def failure(self, code: str, params: dict) -> str:
        r = self.review
        if code.startswith("vetting_fail:"):
            note = params.get("note") or ""
            return self.say(
                "reason.vetting_fail",
                department=self._word("department", params["department"]),
                note=say("why.paren", self.lang, text=note) if note else "",  # type: ignore[arg-type]
            )
        if code == "age_over":
            return self.say("reason.age_over", age=params["age"], maximum=r.max_age)
        if code == "education_below":
            education = params["education"]
            return self.say(
                "reason.education_below",
                education=self._word("education", education) if education else "—",
                minimum=self._word("education", r.min_education),
            )
        if code == "evaluation_below":
            return self.say(
                "reason.evaluation_below",
                evaluation=number(params["evaluation"]),
                minimum=number(r.min_evaluation),
            )
        if code == "evaluation_missing":
            return self.say("reason.evaluation_missing", minimum=number(r.min_evaluation))
        return self.say("reason.not_party_member")

    def short(self, code: str) -> str:
        """A rule code in a few words (``vetting_fail:police`` → failed vetting by police)."""
        base, _, department = code.partition(":")
        text = self.say(f"code.{base}")
        return text.format(department=self._word("department", department)) if department else text

    def failures(self, items: tuple) -> tuple[str, str]:
        memo = tuple((code, *sorted(params.items())) for code, params in items)
        found = self._failed.get(memo)
        if found is None:
            codes = ";".join(code for code, _ in items)
            separator = "；" if self.lang == "zh" else "; "
            text = separator.join(self.failure(code, params) for code, params in items)
            found = self._failed[memo] = (codes, text)
        return found

    def _word(self, kind: str, code: str) -> str:
        return enum_word(kind, code, self.lang)  # type: ignore[arg-type]


def number(value: float) -> str:
    """A score as people write it: 76, 76.5."""
    return f"{float(value):g}"


def pool_rows(
    reserves: pd.DataFrame,
    failures: list[tuple],
    kept: np.ndarray,
    surplus: np.ndarray,
    home: np.ndarray,
    order: np.ndarray,
    rank: np.ndarray,
    evaluation: np.ndarray,
    review: ReserveRules,
    texts: Texts,
) -> pd.DataFrame:
    lowest_kept: dict[int, int] = {}
    eligible_count = np.bincount(home[order], minlength=int(home.max(initial=-1)) + 1)
    if review.max_per_village > 0:
        last = order[rank == review.max_per_village - 1]
        lowest_kept = dict(zip(home[last].tolist(), last.tolist(), strict=True))
    ids = reserves["person_id"].to_numpy()
    names = reserves["name"].to_numpy()
    # Every kept reserve shares one code and text; only those who leave are worded apart.
    codes = np.full(len(reserves), "kept", dtype=object)
    reasons = np.full(len(reserves), texts.say("reason.kept"), dtype=object)
    for index in np.flatnonzero(surplus):
        village = int(home[index])
        last_kept = lowest_kept[village]
        mine = evaluation[index]
        params = {"eligible": int(eligible_count[village]), "cap": review.max_per_village}
        if evaluation[last_kept] == mine:
            same = [
                named(ids[i], names[i], texts.lang)  # type: ignore[arg-type]
                for i in order[home[order] == village]
                if kept[i] and evaluation[i] == mine
            ]
            text = texts.say(
                "reason.surplus_tie",
                evaluation=number(mine),
                others=texts.sep.join(same),
                **params,
            )
        else:
            text = texts.say(
                "reason.surplus",
                evaluation=number(mine),
                lowest_kept=number(evaluation[last_kept]),
                **params,
            )
        codes[index] = "surplus"
        reasons[index] = text
    for index in np.flatnonzero(~kept & ~surplus):
        codes[index], reasons[index] = texts.failures(failures[index])
    status = np.where(kept, "kept", "left")
    return _rows(reserves, status, codes, reasons)


def _rows(people: pd.DataFrame, status, codes, reasons) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy(),
            "name": people["name"].to_numpy(),
            "village_id": people["village_id"].to_numpy(),
            "status": status,
            "reason_code": codes,
            "reason": reasons,
            "evaluation": people["evaluation"].to_numpy(dtype=float),
            "age": people["age"].to_numpy(dtype=float, na_value=np.nan),
            "gender": people["gender"].to_numpy(),
            "education": people["education"].to_numpy(),
        }
    )


def nominee_rows(
    nominees: pd.DataFrame,
    failures: list[tuple],
    admitted: np.ndarray,
    home: np.ndarray,
    shortfall: np.ndarray,
    kept_count: np.ndarray,
    active: dict[str, float],
    texts: Texts,
) -> pd.DataFrame:
    is_admitted = np.zeros(len(nominees), dtype=bool)
    is_admitted[admitted] = True
    evaluation = nominees["evaluation"].to_numpy(dtype=float)
    score = np.nan_to_num(evaluation, nan=0.0).tolist()  # a blank ranks as 0
    ids = nominees["person_id"].to_numpy()
    names = nominees["name"].to_numpy()
    home_of = home.tolist()
    admitted_by_village: dict[int, list[int]] = {}
    for index in admitted:
        admitted_by_village.setdefault(int(home[index]), []).append(int(index))
    codes: list[str] = []
    reasons: list[str] = []
    for index in range(len(nominees)):
        village = home_of[index]
        if is_admitted[index]:
            codes.append("admitted")
            reasons.append(
                texts.say(
                    "reason.admitted",
                    places=int(shortfall[village]),
                    evaluation=number(evaluation[index]),
                )
            )
            continue
        if failures[index]:
            code, text = texts.failures(failures[index])
            codes.append(code)
            reasons.append(text)
            continue
        if shortfall[village] == 0:
            codes.append("no_shortfall")
            reasons.append(
                texts.say(
                    "reason.no_shortfall",
                    kept=int(kept_count[village]),
                    target=texts.review.ratio,
                )
            )
            continue
        taken = admitted_by_village.get(village, [])
        # Named as people are in every reason: the name, then the id and evaluation.
        by = texts.sep.join(
            say(
                "list.named_value",
                texts.lang,  # type: ignore[arg-type]
                name=names[i],
                id=ids[i],
                value=number(evaluation[i]),
            )
            for i in taken
        ) or texts.say("reason.nobody")
        mine = score[index]
        full = len(taken) >= shortfall[village]
        lower = [i for i in taken if score[i] < mine]
        if full and not lower:
            tie = any(score[i] == mine for i in taken)
            codes.append("outranked")
            if tie:
                reasons.append(
                    texts.say(
                        "reason.outranked_tie",
                        places=int(shortfall[village]),
                        by=by,
                        evaluation=number(mine),
                    )
                )
            else:
                reasons.append(texts.say("reason.outranked", places=int(shortfall[village]), by=by))
            continue
        codes.append("structure")
        targets = texts.sep.join(texts.say(f"structure.{name}") for name in active) or "-"
        reasons.append(texts.say("reason.structure", targets=targets, by=by))
    status = np.where(is_admitted, "admitted", "not_admitted")
    return _rows(nominees, status, codes, reasons)


def ratio_rows(
    data: Dataset,
    reserves: pd.DataFrame,
    nominees: pd.DataFrame,
    nominee_fail: list[tuple],
    kept_count: np.ndarray,
    filled: np.ndarray,
    shortfall: np.ndarray,
    weights: np.ndarray,
    texts: Texts,
    *,
    nominee_eligible: np.ndarray,
) -> pd.DataFrame:
    village_index = data.village_index
    count = len(data.villages)
    home = reserves["village_id"].map(village_index).to_numpy(dtype=np.int64)
    before = np.bincount(home, minlength=count)
    n_home = nominees["village_id"].map(village_index).to_numpy(dtype=np.int64)
    nominated = np.bincount(n_home, minlength=count)
    eligible_nominees = np.bincount(n_home[nominee_eligible], minlength=count)
    after = kept_count + filled
    target = texts.review.ratio
    remaining = np.maximum(target - after, 0)
    codes_by_village: dict[int, list[str]] = {}
    for index, failures in enumerate(nominee_fail):
        if failures:
            codes_by_village.setdefault(int(n_home[index]), []).append(failures[0][0])
    # Every village whose ratio is met shares one text; the short ones are worded apart.
    reasons = np.full(count, texts.say("ratio.met"), dtype=object)
    for village in np.flatnonzero(remaining > 0).tolist():
        short = int(remaining[village])
        if nominated[village] == 0:
            reasons[village] = texts.say("ratio.short_no_nominee", shortfall=short)
        elif eligible_nominees[village] > filled[village]:
            reasons[village] = texts.say("ratio.short_structure", shortfall=short)
        else:
            found = codes_by_village.get(village, [])
            summary = texts.sep.join(
                f"{texts.short(code)} × {found.count(code)}" for code in dict.fromkeys(found)
            )
            reasons[village] = texts.say(
                "ratio.short_refused",
                shortfall=short,
                count=int(nominated[village]),
                reasons=summary,
            )
    return pd.DataFrame(
        {
            "village_id": data.villages["village_id"].to_numpy(),
            "village_name": data.villages["name"].to_numpy(),
            "before": before,
            "left": before - kept_count,
            "kept": kept_count,
            "admitted": filled,
            "after": after,
            "target": target,
            "shortfall": remaining,
            "priority": weights,
            "reason": reasons,
        }
    )


__all__ = ["Texts", "nominee_rows", "number", "pool_rows", "ratio_rows"]
