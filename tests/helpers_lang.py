"""Scanning what a person reads for words of the wrong language (shared by the language tests).

``--lang zh`` output may keep, in Latin letters, only:

- ids (letters then digits: ``V01``, ``R13``, ``M05``, ``S0001``), numbers and units (``km``);
- file names (``unassigned.csv``, ``budget.xlsx``) and paths (anything with ``/``);
- option names the reader types (``--data``) and environment variables (``CADREPLAN_DEBUG``);
- the short allowlist :data:`ALLOWED` (documented in the README section "Language").

``--lang en`` output may keep Chinese only where it comes from the data (names of people,
villages, towns, units, skills …): :func:`chinese_labels` removes every data string first and
returns what Chinese is left, which must then be a label of ours that was not translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

#: Latin words allowed in Chinese output besides ids, numbers, units, file names and options.
ALLOWED = frozenset(
    {
        "P5",
        "P50",
        "P95",
        "CSV",
        "csv",
        "xlsx",
        "JSON",
        "json",
        "sha256",
        "TOML",
        "toml",
        "UTF",
        "CP-SAT",
        "CP",
        "SAT",
        "km",
        "zh",
        "en",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "true",
        "false",
        "default",
    }
)

_FILE = re.compile(r"[\w.\-]+\.(?:csv|xlsx|json|toml|html|txt)\b", re.IGNORECASE)
_PATH = re.compile(r"\S*/\S*")
_OPTION = re.compile(r"--?[a-z][a-z\-]*")
_ENV = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
# Ids may follow Chinese text directly (差额P95, 第V01号): no word boundary is needed before
# them, only that no Latin letter precedes.
_ID = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,3}\d[\w\-]*\b")
# Ids of the office's forms: a prefix, a dash and a hex or alphanumeric code (S-4616e5e9).
_CODE_ID = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,3}-[0-9A-Za-z]*\d[0-9A-Za-z]*\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z_\-]*[A-Za-z]|[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words in ``text`` that are not ids, files, paths, options or allowed.

    Parameters
    ----------
    text
        What a person reads (terminal output, cell values, HTML text).
    allowed
        Further words allowed here (e.g. the ids or codes of this dataset's own values).
    """
    keep = ALLOWED | set(allowed)
    for pattern in (_FILE, _PATH, _CODE_ID, _OPTION, _ENV, _ID):
        text = pattern.sub(" ", text)
    return [word for word in _WORD.findall(text) if word not in keep]


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV table as text, in UTF-8 (with or without BOM) or, as WPS saves it, GB18030."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="gb18030")


def data_strings(folder: Path) -> set[str]:
    """Every text cell of a dataset folder of CSV tables and workbooks (names, towns, units …)."""
    found: set[str] = set()
    frames = [_read_csv(path) for path in Path(folder).glob("*.csv")]
    for path in Path(folder).glob("*.xlsx"):
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
        frames += [sheet.fillna("") for sheet in sheets.values()]
    for frame in frames:
        for column in frame.columns:
            for value in frame[column].astype(str):
                for part in re.split(r"[;；,，、:：]", value):
                    if _CJK.search(part):
                        found.add(part.strip())
    return found


def chinese_labels(text: str, data: Iterable[str]) -> list[str]:
    """The runs of Chinese characters in ``text`` that do not come from the data strings."""
    for value in sorted(set(data), key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    return _CJK.findall(text)


#: A CJK ideograph or Chinese punctuation.
_HAN = re.compile("[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]")
#: A pair of half-width brackets (not nested) and the character before it.
_BRACKETS = re.compile(r"(.?)(\s?)\(([^()]*)\)(.?)")


def half_width_brackets(text: str) -> list[str]:
    """The half-width brackets of Chinese text in ``text``, with a few characters around each.

    Chinese text takes full-width brackets (``距离（公里）``): a pair is flagged when it holds a
    Chinese character (``距离(公里)``) or touches one outside (``内容 (32)``, ``(2026)年``). A
    function's brackets (``floor(cap × 人数)``: a Latin letter right before) are notation.
    """
    found = []
    for match in _BRACKETS.finditer(text):
        before, space, inside, after = match.groups()
        if before and not space and re.match(r"[A-Za-z_]", before):
            continue
        if _HAN.search(inside) or _HAN.match(before) or _HAN.match(after):
            found.append(text[max(0, match.start() - 6) : match.end() + 6])
    return found


def is_chinese_text(text: str) -> bool:
    """Whether ``text`` is Chinese prose: more Chinese characters than Latin words outside
    ``{placeholders}`` (``Lead Goose (头雁) programme`` is English with a Chinese gloss,
    ``cadreplan 内部出错`` is Chinese)."""
    body = re.sub(r"\{[^{}]*\}", "", text)
    return len(_HAN.findall(body)) > len(re.findall(r"[A-Za-z]{2,}", body))
