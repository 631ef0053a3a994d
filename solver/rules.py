"""Planning rules: dataclasses with the defaults of ``scenarios/rules.toml``.

A ``--rules`` file overrides only the keys it sets. An unknown key or a value of the wrong
type or range raises :class:`RulesError` naming the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, is_dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import RulesError
from .tables import DEPARTMENT_WORDS, EDUCATION_RANK, MENTOR_TYPE_WORDS, SOURCE_WORDS

VILLAGE_CATEGORIES = ("weak_lax", "poor", "weak_economy", "advanced", "large", "long_tenure")
ROUTES = ("local", "cross_village", "dispatched")


@dataclass(frozen=True)
class EligibilityRules:
    """Joint vetting (联审) conditions for appointment as secretary."""

    max_age: int
    min_age: int
    min_education: str
    party_member_required: bool
    min_party_years: int
    min_evaluation: float
    required_departments: tuple[str, ...]


@dataclass(frozen=True)
class MentorScoreRules:
    """Points of each mentor-score component at its best (see the README)."""

    needs: float
    proximity: float
    continuity: float
    experience: float
    experience_cap_years: float
    experience_other_share: float


@dataclass(frozen=True)
class MentorRules:
    capacity: int
    max_km: float
    same_village_max: int
    require: MappingProxyType
    score: MentorScoreRules


@dataclass(frozen=True)
class FitRules:
    """Points of each backfill fit component at its best (see the README)."""

    evaluation: float
    education: float
    age: float
    missing_evaluation: float
    peak_age_min: int
    peak_age_max: int
    source_bonus: MappingProxyType
    route_bonus: MappingProxyType


@dataclass(frozen=True)
class StructureRules:
    """Team-structure targets (结构优化); 0 switches a target off."""

    min_share_under_45: float
    min_share_college: float
    min_share_women: float

    @property
    def active(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) > 0}


@dataclass(frozen=True)
class BackfillRules:
    cross_village_max_km: float
    outside_only_if_no_local: bool
    allow_dispatched: bool
    shortlist: int
    reserve_ratio: int
    priority: MappingProxyType
    fit: FitRules
    structure: StructureRules


@dataclass(frozen=True)
class ReserveStructureRules:
    """Structure targets of the reserve pool after review (shares of the whole pool; 0 = off)."""

    min_share_under_35: float
    min_share_women: float
    min_share_college: float

    @property
    def active(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) > 0}


@dataclass(frozen=True)
class ReserveRules:
    """The yearly review of the reserve pool (后备干部动态调整), SPEC ``plan reserves``."""

    ratio: int
    max_per_village: int
    min_evaluation: float
    max_age: int
    min_education: str
    party_member_required: bool
    structure: ReserveStructureRules


@dataclass(frozen=True)
class RatingRules:
    """The yearly performance ratings (实绩考核), SPEC ``plan ratings``."""

    excellent_min: float
    good_min: float
    fair_min: float
    cap_excellent: float
    scope: str


@dataclass(frozen=True)
class Rules:
    eligibility: EligibilityRules
    mentors: MentorRules
    backfill: BackfillRules
    reserves: ReserveRules
    ratings: RatingRules


def default_rules_text() -> str:
    return resources.files("cadreplan.scenarios").joinpath("rules.toml").read_text("utf-8")


def _parse_toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(label, "(file)", key="rules.bad_toml", params=toml_place(exc)) from None


def toml_place(exc: Exception) -> dict[str, object]:
    """The line and column of a TOML syntax error, as parameters of ``rules.bad_toml``."""
    found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    line, column = found.groups() if found else ("?", "?")
    return {"detail": exc, "line": line, "column": column}


def load_rules(path: str | Path | None = None) -> Rules:
    """Load the bundled defaults, then apply the keys set in ``path`` (if given)."""
    merged = _parse_toml(default_rules_text(), "rules.toml (bundled)")
    label = "rules.toml (bundled)"
    if path is not None:
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(
                str(path), "(file)", key="rules.unreadable", params={"reason": exc}
            ) from None
        override = _reserve_ratio_alias(_parse_toml(text, str(path)), str(path))
        merged = merge_keys(merged, override, str(path))
        label = str(path)
    merged["backfill"]["reserve_ratio"] = merged["reserves"]["ratio"]
    rules = _build(Rules, merged, "", label)
    _validate(rules, label)
    _validate_review(rules, label)
    return rules


def _reserve_ratio_alias(override: dict[str, Any], label: str) -> dict[str, Any]:
    """Read the old key ``backfill.reserve_ratio`` as ``reserves.ratio`` (which replaced it).

    Setting both to different numbers is an error naming the old key.
    """
    backfill = override.get("backfill")
    if not isinstance(backfill, dict) or "reserve_ratio" not in backfill:
        return override
    old = backfill["reserve_ratio"]
    reserves = override.get("reserves", {})
    if not isinstance(reserves, dict):
        return override  # merge_keys names the key that is not a table
    if "ratio" in reserves and reserves["ratio"] != old:
        raise RulesError(
            label,
            "backfill.reserve_ratio",
            key="review.rules.ratio_alias",
            params={"old": old, "new": reserves["ratio"]},
        )
    rest = {k: v for k, v in backfill.items() if k != "reserve_ratio"}
    return {**override, "backfill": rest, "reserves": {**reserves, "ratio": old}}


def merge_keys(
    base: dict[str, Any],
    override: dict[str, Any],
    label: str,
    prefix: str = "",
    open_tables: frozenset[str] | set[str] | None = None,
):
    """Return ``base`` with the keys of ``override``; a key ``base`` lacks is an error.

    Tables whose keys are open (``mentors.require``, ``backfill.priority``, ...) are replaced
    key by key too; their key names are checked later against the known words.
    """
    open_tables = OPEN_TABLES if open_tables is None else open_tables
    result = dict(base)
    for key, value in override.items():
        dotted = f"{prefix}{key}"
        if dotted in open_tables:
            if not isinstance(value, dict):
                raise RulesError(label, dotted, key="rules.table")
            result[key] = {**base.get(key, {}), **value}
            continue
        if key not in base:
            known = ", ".join(sorted(f"{prefix}{k}" for k in base))
            raise RulesError(label, dotted, key="rules.unknown_key", params={"known": known})
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise RulesError(label, dotted, key="rules.table")
            result[key] = merge_keys(base[key], value, label, f"{dotted}.", open_tables)
        else:
            result[key] = value
    return result


OPEN_TABLES = {
    "mentors.require",
    "backfill.priority",
    "backfill.fit.source_bonus",
    "backfill.fit.route_bonus",
}


def _build(cls: type, data: dict[str, Any], prefix: str, label: str):
    values = {}
    for f in fields(cls):
        dotted = f"{prefix}{f.name}"
        if f.name not in data:
            raise RulesError(label, dotted, key="rules.missing")
        value = data[f.name]
        kind = f.type if isinstance(f.type, str) else f.type.__name__
        if dotted in OPEN_TABLES:
            if not isinstance(value, dict):
                raise RulesError(label, dotted, key="rules.table")
            values[f.name] = MappingProxyType(
                {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
            )
            continue
        target = _CLASSES.get(kind)
        if target is not None and is_dataclass(target):
            if not isinstance(value, dict):
                raise RulesError(label, dotted, key="rules.table")
            values[f.name] = _build(target, value, f"{dotted}.", label)
            continue
        values[f.name] = _coerce(value, kind, dotted, label)
    return cls(**values)


def _coerce(value: Any, kind: str, dotted: str, label: str):
    if kind == "bool":
        if not isinstance(value, bool):
            raise RulesError(label, dotted, key="rules.bool", params={"value": value})
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise RulesError(label, dotted, key="rules.int", params={"value": value})
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RulesError(label, dotted, key="rules.float", params={"value": value})
        return float(value)
    if kind == "str":
        if not isinstance(value, str):
            raise RulesError(label, dotted, key="rules.str", params={"value": value})
        return value
    if kind.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError(label, dotted, key="rules.words")
        return tuple(value)
    raise AssertionError(f"no coercion for {kind}")


_CLASSES = {
    "EligibilityRules": EligibilityRules,
    "MentorRules": MentorRules,
    "MentorScoreRules": MentorScoreRules,
    "BackfillRules": BackfillRules,
    "FitRules": FitRules,
    "StructureRules": StructureRules,
    "ReserveRules": ReserveRules,
    "ReserveStructureRules": ReserveStructureRules,
    "RatingRules": RatingRules,
}


def _validate(rules: Rules, label: str) -> None:
    def need(condition: bool, rule: str, message: str, **params: object) -> None:
        # message: a catalogue key (solver/words/general.py, "rules.*") with its parameters
        if not condition:
            raise RulesError(label, rule, key=message, params=params)

    e = rules.eligibility
    need(
        0 <= e.min_age <= e.max_age <= 120,
        "eligibility.max_age",
        "rules.age_order",
        min_age=e.min_age,
        max_age=e.max_age,
    )
    need(
        e.min_education in EDUCATION_RANK,
        "eligibility.min_education",
        "rules.not_education",
        value=e.min_education,
        known=", ".join(EDUCATION_RANK),
    )
    need(e.min_party_years >= 0, "eligibility.min_party_years", "rules.at_least_0")
    need(
        0 <= e.min_evaluation <= 100, "eligibility.min_evaluation", "rules.from_to", low=0, high=100
    )
    for department in e.required_departments:
        need(
            department in DEPARTMENT_WORDS,
            "eligibility.required_departments",
            "rules.not_department",
            value=department,
            known=", ".join(DEPARTMENT_WORDS),
        )
    m = rules.mentors
    need(m.capacity >= 0, "mentors.capacity", "rules.at_least_0")
    need(m.max_km >= 0, "mentors.max_km", "rules.at_least_0_no_limit")
    need(m.same_village_max >= 0, "mentors.same_village_max", "rules.at_least_0_no_limit")
    for category, types in m.require.items():
        need(
            category in VILLAGE_CATEGORIES,
            f"mentors.require.{category}",
            "rules.not_category",
            known=", ".join(VILLAGE_CATEGORIES),
        )
        need(
            isinstance(types, tuple)
            and len(types) > 0
            and all(t in MENTOR_TYPE_WORDS for t in types),
            f"mentors.require.{category}",
            "rules.mentor_types",
            known=", ".join(MENTOR_TYPE_WORDS),
        )
    s = m.score
    for name in ("needs", "proximity", "continuity", "experience"):
        need(
            0 <= getattr(s, name) <= 1000,
            f"mentors.score.{name}",
            "rules.from_to",
            low=0,
            high=1000,
        )
    need(s.experience_cap_years > 0, "mentors.score.experience_cap_years", "rules.above_0")
    need(
        0 <= s.experience_other_share <= 1,
        "mentors.score.experience_other_share",
        "rules.from_to",
        low=0,
        high=1,
    )
    b = rules.backfill
    need(b.cross_village_max_km >= 0, "backfill.cross_village_max_km", "rules.at_least_0")
    need(b.shortlist >= 0, "backfill.shortlist", "rules.at_least_0")
    need(b.reserve_ratio >= 0, "backfill.reserve_ratio", "rules.at_least_0")
    need("default" in b.priority, "backfill.priority.default", "rules.required")
    for category, weight in b.priority.items():
        need(
            category in VILLAGE_CATEGORIES or category == "default",
            f"backfill.priority.{category}",
            "rules.not_category_or_default",
            known=", ".join(VILLAGE_CATEGORIES),
        )
        need(
            isinstance(weight, int) and not isinstance(weight, bool) and 1 <= weight <= 1000,
            f"backfill.priority.{category}",
            "rules.whole_from_to",
            low=1,
            high=1000,
        )
    f = b.fit
    for name in ("evaluation", "education", "age"):
        need(
            0 <= getattr(f, name) <= 1000, f"backfill.fit.{name}", "rules.from_to", low=0, high=1000
        )
    need(
        0 <= f.missing_evaluation <= 100,
        "backfill.fit.missing_evaluation",
        "rules.from_to",
        low=0,
        high=100,
    )
    need(
        0 <= f.peak_age_min <= f.peak_age_max <= 120,
        "backfill.fit.peak_age_min",
        "rules.peak_age_order",
    )
    for source, bonus in f.source_bonus.items():
        need(
            source in SOURCE_WORDS,
            f"backfill.fit.source_bonus.{source}",
            "rules.not_source",
            known=", ".join(SOURCE_WORDS),
        )
        need(
            isinstance(bonus, int | float) and 0 <= bonus <= 1000,
            f"backfill.fit.source_bonus.{source}",
            "rules.number_from_to",
            low=0,
            high=1000,
        )
    for route, bonus in f.route_bonus.items():
        need(
            route in ROUTES,
            f"backfill.fit.route_bonus.{route}",
            "rules.not_route",
            known=", ".join(ROUTES),
        )
        need(
            isinstance(bonus, int | float) and 0 <= bonus <= 1000,
            f"backfill.fit.route_bonus.{route}",
            "rules.number_from_to",
            low=0,
            high=1000,
        )
    for name, share in b.structure.active.items():
        need(0 <= share <= 1, f"backfill.structure.{name}", "rules.share")
    for name in ("min_share_under_45", "min_share_college", "min_share_women"):
        need(
            getattr(b.structure, name) >= 0,
            f"backfill.structure.{name}",
            "rules.share",
        )


def _validate_review(rules: Rules, label: str) -> None:
    """Ranges of ``[reserves]`` and ``[ratings]`` (``plan reserves`` / ``plan ratings``)."""

    def need(condition: bool, rule: str, message: str, **params: object) -> None:
        # message: a catalogue key ("rules.*" in general.py, "review.rules.*" in review.py)
        if not condition:
            raise RulesError(label, rule, key=message, params=params)

    r = rules.reserves
    need(0 <= r.ratio <= 100, "reserves.ratio", "rules.whole_from_to", low=0, high=100)
    need(r.max_per_village >= 0, "reserves.max_per_village", "rules.at_least_0_no_limit")
    need(
        r.max_per_village == 0 or r.ratio <= r.max_per_village,
        "reserves.max_per_village",
        "review.rules.cap_below_ratio",
        cap=r.max_per_village,
        ratio=r.ratio,
    )
    need(0 <= r.min_evaluation <= 100, "reserves.min_evaluation", "rules.from_to", low=0, high=100)
    need(0 < r.max_age <= 120, "reserves.max_age", "rules.from_to", low=1, high=120)
    need(
        r.min_education in EDUCATION_RANK,
        "reserves.min_education",
        "rules.not_education",
        value=r.min_education,
        known=", ".join(EDUCATION_RANK),
    )
    for name in ("min_share_under_35", "min_share_women", "min_share_college"):
        need(0 <= getattr(r.structure, name) <= 1, f"reserves.structure.{name}", "rules.share")
    g = rules.ratings
    need(
        0 <= g.fair_min <= g.good_min <= g.excellent_min <= 100,
        "ratings.excellent_min",
        "review.rules.threshold_order",
        fair=f"{g.fair_min:g}",
        good=f"{g.good_min:g}",
        excellent=f"{g.excellent_min:g}",
    )
    need(0 <= g.cap_excellent <= 1, "ratings.cap_excellent", "rules.share")
    need(g.scope in ("district", "town"), "ratings.scope", "review.rules.scope", value=g.scope)


def rules_as_dict(rules: Rules) -> dict[str, Any]:
    """A plain, JSON-ready view of the rules in force (for summaries and reports)."""

    def convert(value: Any) -> Any:
        if is_dataclass(value):
            return {f.name: convert(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, MappingProxyType | dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, tuple):
            return list(value)
        return value

    return convert(rules)
