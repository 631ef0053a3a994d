"""The Rules page: the main keys of each plan's rules as form fields, and back to TOML.

The fields are derived from the bundled defaults (``scenarios/rules.toml``): every scalar or
list key directly under a top-level section, so a section that a new command adds shows up
by itself. What the form saves is a rules file holding only the keys that differ from the
defaults, and it is validated by :func:`cadreplan.solver.rules.load_rules`, the function
``--rules`` goes through, so the page refuses exactly what the command would.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from cadreplan.solver.rules import default_rules_text, load_rules, rules_as_dict
from cadreplan.solver.vocabulary import VOCABULARIES, normalise_word, word_map
from cadreplan.solver.words import enum_word, has, say

#: Units of the keys that have one (a catalogue key under ``web.unit.``).
UNITS = {
    "eligibility.max_age": "years_of_age",
    "eligibility.min_age": "years_of_age",
    "eligibility.min_party_years": "years",
    "eligibility.min_evaluation": "points",
    "mentors.capacity": "people",
    "mentors.max_km": "km",
    "mentors.same_village_max": "people",
    "backfill.cross_village_max_km": "km",
    "backfill.shortlist": "people",
    "backfill.reserve_ratio": "people",
    "reserves.ratio": "people",
    "reserves.max_per_village": "people",
    "reserves.min_evaluation": "points",
    "reserves.max_age": "years_of_age",
    "reserves.min_share_under_35": "share",
    "reserves.min_share_women": "share",
    "reserves.min_share_college": "share",
    "ratings.excellent_min": "points",
    "ratings.good_min": "points",
    "ratings.fair_min": "points",
    "ratings.cap_excellent": "share",
}
#: Keys whose value is a word of a vocabulary: shown as a choice.
CHOICES = {"min_education": "education"}
#: Keys whose value is one of a few fixed codes, worded by ``web.rules.<name>.<code>``.
FIXED_CHOICES = {"scope": ("district", "town")}
#: List keys whose items are codes of a vocabulary: shown as its words, and words accepted.
LIST_WORDS = {"required_departments": "department"}


@dataclass(frozen=True)
class Field:
    """One form field: a rules key with its default, current value, kind and unit."""

    section: str
    name: str
    kind: str  # bool, int, float, str, list
    default: Any
    value: Any
    choices: tuple[str, ...] = ()

    @property
    def choice_kind(self) -> str:
        """The vocabulary of a choice field (``education`` …)."""
        return CHOICES.get(self.name, "")

    @property
    def dotted(self) -> str:
        return f"{self.section}.{self.name}"

    def choice_word(self, code: str, lang: str) -> str:
        """A choice's code as the page shows it (高中, 全街道 …)."""
        if self.name in FIXED_CHOICES:
            return say(f"web.rules.{self.name}.{code}", lang)  # type: ignore[arg-type]
        try:
            return enum_word(self.choice_kind, code, lang)  # type: ignore[arg-type]
        except KeyError:
            return code

    def shown_words(self, value: Any, lang: str) -> str:
        """A value as the page shows it: a vocabulary list as its words (纪委、公安 …)."""
        kind = LIST_WORDS.get(self.name)
        if kind is None or not isinstance(value, list):
            return self.shown(value)
        words = []
        for code in value:
            try:
                words.append(enum_word(kind, str(code), lang))  # type: ignore[arg-type]
            except KeyError:
                words.append(str(code))
        return ("、" if lang == "zh" else "; ").join(words)

    def label(self, lang: str) -> str:
        key = f"web.rule.{self.dotted}"
        return say(key, lang) if has(key) else self.dotted  # type: ignore[arg-type]

    def unit(self, lang: str) -> str:
        unit = UNITS.get(self.dotted)
        return say(f"web.unit.{unit}", lang) if unit else ""  # type: ignore[arg-type]

    def shown(self, value: Any) -> str:
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "list"
    return None


def defaults() -> dict[str, Any]:
    """The bundled rules as parsed TOML."""
    return tomllib.loads(default_rules_text())


def read_override(path: Path) -> dict[str, Any]:
    """The session's saved rules file (keys that differ from the defaults); {} if none."""
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text("utf-8"))


def fields(override: dict[str, Any]) -> list[Field]:
    """The form's fields, section by section, with the override's values where set."""
    found = []
    for section, table in defaults().items():
        if not isinstance(table, dict):
            continue
        for name, default in table.items():
            kind = _kind(default)
            if kind is None:
                continue
            value = override.get(section, {}).get(name, default)
            choices: tuple[str, ...] = ()
            if name in CHOICES:
                choices = tuple(VOCABULARIES[CHOICES[name]])
            elif name in FIXED_CHOICES:
                choices = FIXED_CHOICES[name]
            found.append(Field(section, name, kind, default, value, choices))
    return found


class FormError(Exception):
    """A field that cannot be turned into a TOML value; carries the page message."""

    def __init__(self, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.params = params


def override_from_form(form: dict[str, str], override: dict[str, Any]) -> dict[str, Any]:
    """The rules file after a form post: keys equal to the default are dropped.

    Keys of the override that the form does not show (sub-tables such as
    ``[backfill.priority]``, or keys from an uploaded file) are kept as they are.
    """
    result: dict[str, Any] = {
        section: dict(table) if isinstance(table, dict) else table
        for section, table in override.items()
    }
    for item in fields(override):
        raw = form.get(item.dotted)
        if item.kind == "bool":
            value: Any = raw == "true"
        elif raw is None:
            continue
        else:
            raw = raw.strip()
            value = _parse(item, raw)
        section = result.setdefault(item.section, {})
        if value == item.default:
            section.pop(item.name, None)
        else:
            section[item.name] = value
    return {name: table for name, table in result.items() if table != {}}


def _parse(item: Field, raw: str) -> Any:
    if item.kind == "list":
        parts = [p.strip() for p in raw.replace("；", ";").replace("、", ";").split(";")]
        kind = LIST_WORDS.get(item.name)
        if kind is not None:
            # A word of the vocabulary becomes its code; anything else is kept as written,
            # so load_rules refuses it with the message --rules gives.
            codes = word_map(kind)
            return [codes.get(normalise_word(p), p) for p in parts if p]
        return [p for p in parts if p]
    if item.kind == "str":
        return raw
    try:
        number = float(raw)
    except ValueError:
        raise FormError("web.rules.not_number", key=item.dotted, value=raw) from None
    if item.kind == "int" and number.is_integer():
        return int(number)
    return number


def save(path: Path, override: dict[str, Any]) -> None:
    """Validate ``override`` as ``--rules`` would and, only if it passes, save it.

    Raises
    ------
    cadreplan.solver.errors.RulesError
        As ``load_rules`` raises it; the saved file is left as it was.
    """
    candidate = _candidate(path)
    candidate.write_text(tomli_w.dumps(override), encoding="utf-8")
    try:
        load_rules(candidate)
    except Exception:
        candidate.unlink()
        raise
    candidate.replace(path)


def save_text(path: Path, text: str) -> None:
    """Validate an uploaded rules file as ``--rules`` would and save it (same errors)."""
    candidate = _candidate(path)
    candidate.write_text(text, encoding="utf-8")
    try:
        load_rules(candidate)
    except Exception:
        candidate.unlink()
        raise
    candidate.replace(path)


def _candidate(path: Path) -> Path:
    """Where a rules file is checked before it replaces ``path`` (same file name)."""
    folder = path.parent / "check"
    folder.mkdir(exist_ok=True)
    return folder / path.name


def full_toml(path: Path) -> str:
    """Every rule in force (defaults with the session's overrides) as one TOML file."""
    rules = load_rules(path if path.exists() else None)
    return tomli_w.dumps(_tomlable(rules_as_dict(rules)))


def _tomlable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_tomlable(v) for v in value]
    return value
