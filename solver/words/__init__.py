"""The one catalogue of user-facing words, in English and Chinese (``--lang en|zh``).

Everything a person reads goes through here: column and sheet headers (:func:`header`),
enumeration values (:func:`enum_word`, whose Chinese words come from
:mod:`cadreplan.solver.vocabulary`, the same source the intake reads) and messages by key with
named parameters (:func:`say`). A plain mapping rather than gettext: the project has two
languages, the messages are few hundred, and a mapping keeps each message's two languages side
by side for review.

Reason codes (``reason_code`` in outputs) are stable English snake_case; their texts are
messages under the key ``reason.<code>``. An error raised with a ``key`` (see
:class:`cadreplan.solver.errors.CadreplanError`) takes its text from message ``key`` and its
fix from ``key + ".fix"`` when that exists.

Areas: ``general`` (shared words), ``cli`` (terminal lines, progress, option errors),
``intake`` (reading forms, DataError texts), ``reasons`` (why an item is left out),
``review`` (``plan reserves`` / ``plan ratings``), ``budget``, ``web`` (``plan serve``),
``help`` (``plan <command> -h``: descriptions, options, examples).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence
from typing import Literal

from ..vocabulary import VOCABULARIES, display_word, english_word
from . import budget, cli, errors, general, headers, help, intake, reasons, review, web

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

HEADERS_ZH: dict[str, str] = headers.HEADERS_ZH
# The review's sheets and columns (plan reserves / plan ratings); headers.py wins on a clash.
HEADERS_ZH.update({k: v for k, v in review.HEADERS_ZH.items() if k not in HEADERS_ZH})


#: Every message by key: (English, Chinese); parameters use ``str.format`` names. Each area
#: keeps its messages in a module of this package (so that work on one area never touches
#: another's table); a key defined twice is refused at import.
MESSAGES: dict[str, tuple[str, str]] = {}
for _area in (general, cli, intake, reasons, review, budget, web, help, errors):
    _twice = MESSAGES.keys() & _area.MESSAGES.keys()
    if _twice:
        raise RuntimeError(f"message keys defined twice: {sorted(_twice)}")
    MESSAGES.update(_area.MESSAGES)


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """``zh`` when the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, first set) starts with zh.

    Parameters
    ----------
    environ
        The environment to read; ``os.environ`` by default.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def say(key: str, lang: Lang, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with its parameters filled in.

    Raises
    ------
    KeyError
        When the catalogue has no message ``key`` (a programming error, caught by the tests).
    """
    en, zh = MESSAGES[key]
    if lang == "zh":
        params = {name: _zh_value(value) for name, value in params.items()}
        return zh.format(**params)
    params = {name: _en_value(value) for name, value in params.items()}
    return en.format(**params)


def _en_value(value: object) -> object:
    """A parameter as an English reader needs it: a system error by its own words, a tuple
    of words as a list ("a, b")."""
    if isinstance(value, OSError) and not isinstance(value, UnicodeDecodeError):
        return value.strerror or str(value)
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    return value


def _zh_value(value: object) -> object:
    """A parameter as a Chinese reader needs it: system errors by their errno, in Chinese."""
    if isinstance(value, UnicodeDecodeError):
        return say("os.not_utf8", "zh")
    if isinstance(value, OSError):
        name = errno.errorcode.get(value.errno or 0, "")
        if has(f"os.{name}"):
            return say(f"os.{name}", "zh")
        return say("os.other", "zh", reason=value.strerror or value)
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return "、".join(value)
    return value


def header(name: str, lang: Lang) -> str:
    """The header of a column or sheet: the name itself in English, its Chinese label in zh."""
    if lang == "zh":
        return HEADERS_ZH.get(name, name)
    return name


def enum_word(kind: str, code: str, lang: Lang) -> str:
    """An enumeration value for a reader: its display word, Chinese (``街道干部``) or English
    (``sub-district cadre``), from :mod:`cadreplan.solver.vocabulary`.

    ``kind`` is a key of :data:`cadreplan.solver.vocabulary.VOCABULARIES` (``mentor_type``,
    ``education``, ``rating`` …). Codes not in the vocabulary come back as given.
    """
    if kind not in VOCABULARIES:
        raise KeyError(kind)
    return display_word(kind, code) if lang == "zh" else english_word(kind, code)


def category_word(code: str, lang: Lang) -> str:
    """A village category for a reader, the derived ``large`` and ``long_tenure`` included."""
    if has(f"category.{code}"):
        return say(f"category.{code}", lang)
    return enum_word("category", code, lang)


def status_word(status: str, lang: Lang) -> str:
    """A solve status (``optimal``, ``feasible`` …) for a reader."""
    return say(f"status.{status}", lang) if has(f"status.{status}") else status


def solver_word(name: str, lang: Lang) -> str:
    """The method that made a plan (``flow``, ``cpsat``) for a reader."""
    return say(f"solver.{name}", lang) if has(f"solver.{name}") else name


def note_text(note: str, lang: Lang) -> str:
    """A plan's note (English in the library) for a reader in ``lang``."""
    from .cli import NOTES_ZH

    return NOTES_ZH.get(note, note) if lang == "zh" else note


def has(key: str) -> bool:
    """Whether the catalogue holds message ``key``."""
    return key in MESSAGES


#: The measure word a cut list counts its hidden entries with, by what it lists.
COUNTERS = {"things": "list.more", "people": "list.more.people", "entries": "list.more.entries"}


def cut_list(
    items: Sequence[object],
    limit: int,
    lang: Lang,
    total: int | None = None,
    *,
    counter: str = "things",
) -> str:
    """``items`` joined for a reader, at most ``limit`` of them, saying how many more there are.

    Parameters
    ----------
    items
        The entries, already worded (ids, "R012 (score 7.5)" …); only the first ``limit``
        are shown.
    limit
        How many to show.
    total
        How many there are in all, when ``items`` holds only the first few; default
        ``len(items)``.
    counter
        What is listed, for the Chinese measure word of "另有 N …": ``"people"`` (名),
        ``"things"`` (个: places, posts) or ``"entries"`` (条: reasons, rows).

    Raises
    ------
    KeyError
        When ``counter`` is none of these.

    Examples
    --------
    >>> cut_list(["M1", "M2", "M3"], 2, "en")
    'M1, M2 and 1 more'
    """
    key = COUNTERS[counter]
    total = len(items) if total is None else total
    shown = say("list.sep", lang).join(str(item) for item in list(items)[:limit])
    hidden = total - min(limit, len(items))
    if hidden <= 0:
        return shown
    return say(key, lang, shown=shown, count=hidden)


def id_and_name(ident: object, name: object) -> str:
    """A place or person as a terminal line shows it: ``V01 青山村``, or once when the id is
    the name (villages read from forms are keyed by their names) or there is no name.

    Examples
    --------
    >>> id_and_name("V01", "青山村"), id_and_name("青山村", "青山村")
    ('V01 青山村', '青山村')
    """
    ident_text = "" if ident is None else str(ident)
    name_text = "" if name is None or name != name else str(name)
    if not name_text or name_text == ident_text:
        return ident_text
    if not ident_text:
        return name_text
    return f"{ident_text} {name_text}"


def named(ident: object, name: object, lang: Lang) -> str:
    """A person (or place) in a sentence: the name first, the id in brackets (``林志鹏 (R01)``,
    ``林志鹏（R01）``); the id alone when no name is known, once when they are the same."""
    ident_text = "" if ident is None else str(ident)
    name_text = "" if name is None or name != name else str(name)
    if not name_text or name_text == ident_text:
        return ident_text
    if not ident_text:
        return name_text
    return say("list.named", lang, name=name_text, id=ident_text)


def lang_of(value: str | None) -> Lang:
    """``value`` as a language code; the locale's default when it is None or unknown."""
    return value if value in LANGS else default_lang()
