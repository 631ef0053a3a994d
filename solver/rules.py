"""Planning rules: dataclasses with the defaults of ``scenarios/rules.toml``.

A ``--rules`` file overrides only the keys it sets. An unknown key or a value of the wrong
type or range raises :class:`RulesError` naming the key.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

from .errors import RulesError
from .tables import DEPARTMENT_WORDS, EDUCATION_RANK, MENTOR_TYPE_WORDS, SOURCE_WORDS

VILLAGE_CATEGORIES = ("weak_lax", "poor", "weak_economy", "advanced", "large", "long_tenure")
ROUTES = ("local", "cross_village", "dispatched")
#: The file named by a RulesError raised when a rules section is constructed directly;
#: :func:`load_rules` names the rules file instead.
CONSTRUCTED = "rules"
#: The longest distance limit, in km (the roads table's own limit on one link).
MAX_KM = 10_000
#: The largest count a rule may set (capacities, caps per village).
MAX_COUNT = 10_000


class _Section:
    """A rules section that validates itself on construction.

    Every field is checked against its type (numbers finite) and its documented range, and
    the section's own conditions hold, so that ``dataclasses.replace(rules.mentors,
    capacity=-3)`` raises :class:`RulesError` just as loading such a file does.
    """

    prefix: ClassVar[str] = ""

    def __post_init__(self) -> None:
        _check_types(self)
        _SECTION_CHECKS.get(type(self).__name__, lambda section, need: None)(
            self, _needer(CONSTRUCTED)
        )


@dataclass(frozen=True)
class EligibilityRules(_Section):
    """Joint vetting (联审) conditions for appointment as secretary."""

    prefix: ClassVar[str] = "eligibility."

    max_age: int
    min_age: int
    min_education: str
    party_member_required: bool
    min_party_years: int
    min_evaluation: float
    required_departments: tuple[str, ...]


@dataclass(frozen=True)
class MentorScoreRules(_Section):
    """Points of each mentor-score component at its best (see the README)."""

    prefix: ClassVar[str] = "mentors.score."

    needs: float
    proximity: float
    continuity: float
    experience: float
    experience_cap_years: float
    experience_other_share: float


@dataclass(frozen=True)
class MentorRules(_Section):
    prefix: ClassVar[str] = "mentors."

    capacity: int
    max_km: float
    same_village_max: int
    require: MappingProxyType
    score: MentorScoreRules
    #: Where a mentor with a blank village (a 街道干部 at the sub-district office) is placed:
    #: a village id or name; blank: no distance limit and no proximity score for that mentor.
    office_village: str = ""


@dataclass(frozen=True)
class FitRules(_Section):
    """Points of each backfill fit component at its best (see the README)."""

    prefix: ClassVar[str] = "backfill.fit."

    evaluation: float
    education: float
    age: float
    missing_evaluation: float
    peak_age_min: int
    peak_age_max: int
    source_bonus: MappingProxyType
    route_bonus: MappingProxyType


@dataclass(frozen=True)
class StructureRules(_Section):
    """Team-structure targets (结构优化); 0 switches a target off."""

    prefix: ClassVar[str] = "backfill.structure."

    min_share_under_45: float
    min_share_college: float
    min_share_women: float

    @property
    def active(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) > 0}


@dataclass(frozen=True)
class BackfillRules(_Section):
    prefix: ClassVar[str] = "backfill."

    cross_village_max_km: float
    outside_only_if_no_local: bool
    allow_dispatched: bool
    shortlist: int
    reserve_ratio: int
    priority: MappingProxyType
    fit: FitRules
    structure: StructureRules


@dataclass(frozen=True)
class ReserveStructureRules(_Section):
    """Structure targets of the reserve pool after review (shares of the whole pool; 0 = off)."""

    prefix: ClassVar[str] = "reserves.structure."

    min_share_under_35: float
    min_share_women: float
    min_share_college: float

    @property
    def active(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) > 0}


@dataclass(frozen=True)
class ReserveRules(_Section):
    """The yearly review of the reserve pool (后备干部动态调整), SPEC ``plan reserves``."""

    prefix: ClassVar[str] = "reserves."

    ratio: int
    max_per_village: int
    min_evaluation: float
    max_age: int
    min_education: str
    party_member_required: bool
    structure: ReserveStructureRules


@dataclass(frozen=True)
class RatingRules(_Section):
    """The yearly performance ratings (实绩考核), SPEC ``plan ratings``."""

    prefix: ClassVar[str] = "ratings."

    excellent_min: float
    good_min: float
    fair_min: float
    cap_excellent: float
    scope: str


@dataclass(frozen=True)
class Rules(_Section):
    prefix: ClassVar[str] = ""

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
    ratio = merged["reserves"]["ratio"]
    if isinstance(ratio, bool) or not isinstance(ratio, int) or not 0 <= ratio <= 100:
        # Refused under the key the file writes, not under the alias it is copied to.
        raise RulesError(
            label, "reserves.ratio", key="rules.whole_from_to", params={"low": 0, "high": 100}
        )
    merged["backfill"]["reserve_ratio"] = ratio
    return _build(Rules, merged, "", label)


def _reserve_ratio_alias(override: dict[str, Any], label: str) -> dict[str, Any]:
    """Read the old key ``backfill.reserve_ratio`` as ``reserves.ratio`` (which replaced it).

    Setting both to different numbers is an error naming the old key.
    """
    backfill = override.get("backfill")
    if not isinstance(backfill, dict) or "reserve_ratio" not in backfill:
        return override
    old = backfill["reserve_ratio"]
    if isinstance(old, bool) or not isinstance(old, int) or not 0 <= old <= 100:
        raise RulesError(
            label,
            "backfill.reserve_ratio",
            key="rules.whole_from_to",
            params={"low": 0, "high": 100},
        )
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
            known = tuple(sorted(f"{prefix}{k}" for k in base))
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
    try:
        return cls(**values)
    except RulesError as error:  # raised on construction: name the file it came from
        if error.file != CONSTRUCTED:
            raise
        raise RulesError(
            label,
            error.rule,
            None if error.key else error.problem,
            key=error.key,
            params=error.params,
        ) from None


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


Need = Callable[..., None]


def _needer(label: str) -> Need:
    def need(condition: bool, rule: str, message: str, **params: object) -> None:
        # message: a catalogue key (solver/words/general.py, "rules.*") with its parameters
        if not condition:
            raise RulesError(label, rule, key=message, params=params)

    return need


def _check_types(section: _Section) -> None:
    """Each field of the section has its declared type; numbers are finite."""
    for f in fields(section):  # type: ignore[arg-type]
        value = getattr(section, f.name)
        dotted = f"{section.prefix}{f.name}"
        kind = f.type if isinstance(f.type, str) else f.type.__name__
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            key = "rules.int"
        elif kind == "float":
            ok = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
            )
            key = "rules.float"
        elif kind == "bool":
            ok, key = isinstance(value, bool), "rules.bool"
        elif kind == "str":
            ok, key = isinstance(value, str), "rules.str"
        elif kind.startswith("tuple"):
            ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            key = "rules.words"
        elif kind == "MappingProxyType":
            ok, key = isinstance(value, Mapping), "rules.table"
        else:
            ok, key = isinstance(value, _CLASSES[kind]), "rules.table"
        if not ok:
            raise RulesError(CONSTRUCTED, dotted, key=key, params={"value": value})


def _at_most(need: Need, value: float, rule: str, high: float, below_0: str) -> None:
    """0 or more (message ``below_0``, as before there were upper bounds), then at most ``high``."""
    need(value >= 0, rule, below_0)
    whole = isinstance(value, int) and not isinstance(value, bool)
    need(value <= high, rule, "rules.whole_from_to" if whole else "rules.from_to", low=0, high=high)


def _check_eligibility(e: EligibilityRules, need: Need) -> None:
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
        known=tuple(EDUCATION_RANK),
    )
    _at_most(need, e.min_party_years, "eligibility.min_party_years", 100, "rules.at_least_0")
    need(
        0 <= e.min_evaluation <= 100, "eligibility.min_evaluation", "rules.from_to", low=0, high=100
    )
    for department in e.required_departments:
        need(
            department in DEPARTMENT_WORDS,
            "eligibility.required_departments",
            "rules.not_department",
            value=department,
            known=tuple(DEPARTMENT_WORDS),
        )


def _check_mentors(m: MentorRules, need: Need) -> None:
    need(
        m.office_village == m.office_village.strip() and len(m.office_village) <= 100,
        "mentors.office_village",
        "rules.office_village_text",
        value=m.office_village,
    )
    _at_most(need, m.capacity, "mentors.capacity", MAX_COUNT, "rules.at_least_0")
    _at_most(need, m.max_km, "mentors.max_km", MAX_KM, "rules.at_least_0_no_limit")
    _at_most(
        need, m.same_village_max, "mentors.same_village_max", MAX_COUNT, "rules.at_least_0_no_limit"
    )
    for category, types in m.require.items():
        need(
            category in VILLAGE_CATEGORIES,
            f"mentors.require.{category}",
            "rules.not_category",
            known=tuple(VILLAGE_CATEGORIES),
        )
        need(
            isinstance(types, tuple)
            and len(types) > 0
            and all(t in MENTOR_TYPE_WORDS for t in types),
            f"mentors.require.{category}",
            "rules.mentor_types",
            known=tuple(MENTOR_TYPE_WORDS),
        )


def _check_mentor_score(s: MentorScoreRules, need: Need) -> None:
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
        s.experience_cap_years <= 100,
        "mentors.score.experience_cap_years",
        "rules.from_to",
        low=0,
        high=100,
    )
    need(
        0 <= s.experience_other_share <= 1,
        "mentors.score.experience_other_share",
        "rules.from_to",
        low=0,
        high=1,
    )


def _check_backfill(b: BackfillRules, need: Need) -> None:
    _at_most(
        need, b.cross_village_max_km, "backfill.cross_village_max_km", MAX_KM, "rules.at_least_0"
    )
    _at_most(need, b.shortlist, "backfill.shortlist", 100, "rules.at_least_0")
    _at_most(need, b.reserve_ratio, "backfill.reserve_ratio", 100, "rules.at_least_0")
    need("default" in b.priority, "backfill.priority.default", "rules.required")
    for category, weight in b.priority.items():
        need(
            category in VILLAGE_CATEGORIES or category == "default",
            f"backfill.priority.{category}",
            "rules.not_category_or_default",
            known=tuple(VILLAGE_CATEGORIES),
        )
        need(
            isinstance(weight, int) and not isinstance(weight, bool) and 1 <= weight <= 1000,
            f"backfill.priority.{category}",
            "rules.whole_from_to",
            low=1,
            high=1000,
        )


def _check_fit(f: FitRules, need: Need) -> None:
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
    for table, known, key in (
        ("source_bonus", SOURCE_WORDS, "rules.not_source"),
        ("route_bonus", ROUTES, "rules.not_route"),
    ):
        for name, bonus in getattr(f, table).items():
            need(name in known, f"backfill.fit.{table}.{name}", key, known=tuple(known))
            need(
                isinstance(bonus, int | float)
                and not isinstance(bonus, bool)
                and 0 <= bonus <= 1000,
                f"backfill.fit.{table}.{name}",
                "rules.number_from_to",
                low=0,
                high=1000,
            )


def _check_shares(section: _Section, need: Need) -> None:
    for f in fields(section):  # type: ignore[arg-type]
        need(0 <= getattr(section, f.name) <= 1, f"{section.prefix}{f.name}", "rules.share")


def _check_reserves(r: ReserveRules, need: Need) -> None:
    need(0 <= r.ratio <= 100, "reserves.ratio", "rules.whole_from_to", low=0, high=100)
    need(
        0 <= r.max_per_village <= MAX_COUNT,
        "reserves.max_per_village",
        "rules.whole_from_to",
        low=0,
        high=MAX_COUNT,
    )
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
        known=tuple(EDUCATION_RANK),
    )


def _check_ratings(g: RatingRules, need: Need) -> None:
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


_SECTION_CHECKS: dict[str, Callable[[Any, Need], None]] = {
    "EligibilityRules": _check_eligibility,
    "MentorRules": _check_mentors,
    "MentorScoreRules": _check_mentor_score,
    "BackfillRules": _check_backfill,
    "FitRules": _check_fit,
    "StructureRules": _check_shares,
    "ReserveRules": _check_reserves,
    "ReserveStructureRules": _check_shares,
    "RatingRules": _check_ratings,
}


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
