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
``review`` (``plan reserves`` / ``plan ratings``), ``budget``, ``web`` (``plan serve``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from ..vocabulary import VOCABULARIES, display_word
from . import budget, cli, general, headers, intake, reasons, review, web

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

HEADERS_ZH: dict[str, str] = headers.HEADERS_ZH


#: Every message by key: (English, Chinese); parameters use ``str.format`` names. Each area
#: keeps its messages in a module of this package (so that work on one area never touches
#: another's table); a key defined twice is refused at import.
MESSAGES: dict[str, tuple[str, str]] = {}
for _area in (general, cli, intake, reasons, review, budget, web):
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
    return (zh if lang == "zh" else en).format(**params)


def header(name: str, lang: Lang) -> str:
    """The header of a column or sheet: the name itself in English, its Chinese label in zh."""
    if lang == "zh":
        return HEADERS_ZH.get(name, name)
    return name


def enum_word(kind: str, code: str, lang: Lang) -> str:
    """An enumeration value for a reader: the code in English, its display word in Chinese.

    ``kind`` is a key of :data:`cadreplan.solver.vocabulary.VOCABULARIES` (``mentor_type``,
    ``education``, ``rating`` …).
    """
    if kind not in VOCABULARIES:
        raise KeyError(kind)
    return display_word(kind, code) if lang == "zh" else code


def has(key: str) -> bool:
    """Whether the catalogue holds message ``key``."""
    return key in MESSAGES
