"""Words of the vocabularies: enumerations, 学历, 政治面貌, vetting results, departments."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ...vocabulary import EDUCATION_RANK, VOCABULARIES, normalise_word, word_map
from .cells import (
    CellProblem,
    Parsed,
    _as_series,
    _Bad,
    _blank_text,
    _column,
    _converted,
    _read_distinct,
)

# ------------------------------------------------------------------------- words and codes


def _read_word(kind: str, strip: Callable[[str], str] | None = None) -> Callable[[Any], tuple]:
    """A reader of one distinct cell of vocabulary ``kind``: (code, converted)."""
    mapping = word_map(kind)
    plain = {code: code for code in VOCABULARIES[kind]}
    for code, words in VOCABULARIES[kind].items():
        plain[normalise_word(words.split(";")[0])] = code

    def read(value: object) -> tuple[Any, ...]:
        if not isinstance(value, str):
            if isinstance(value, float) and value.is_integer():
                value = str(int(value))
            else:
                value = str(value)
        text = _blank_text(value)
        if text is None:
            return None, bool(value.strip())
        code = mapping.get(text)
        if code is None and strip is not None:
            code = mapping.get(strip(text))
        if code is None:
            raise _Bad(f"value.unknown.{kind}", **_choices(kind))
        return code, plain.get(value.strip()) != code

    return read


def _choices(kind: str) -> dict[str, str]:
    words = VOCABULARIES[kind]
    return {
        "choices_zh": "、".join(w.split(";")[0] for w in words.values()),
        "choices_en": ", ".join(f"{code} ({w.split(';')[0]})" for code, w in words.items()),
    }


def _parse_words(cells: pd.Series, kind: str, strip: Callable[[str], str] | None = None) -> Parsed:
    cells = _as_series(cells)
    codes, results = _read_distinct(cells, _read_word(kind, strip), 2)
    values = [r[0] for r in results]
    return Parsed(
        _column(codes, values, "string", cells.index),
        _converted(codes, [bool(r[1]) for r in results]),
    )


def parse_enum(cells: pd.Series, kind: str) -> Parsed:
    """Read the words of an enumeration as their codes.

    Parameters
    ----------
    cells
        The cells of one column (length n).
    kind
        A key of :data:`cadreplan.solver.vocabulary.VOCABULARIES` (``rating``, ``source``,
        ``mentor_type``, ``status`` …).

    Returns
    -------
    Parsed
        ``values``: codes (``string`` dtype, ``<NA>`` for blanks). ``converted`` counts words
        other than the code and its display word (``致富能手`` read as ``wealth_leader``), and
        blank marks.

    Raises
    ------
    CellProblem
        ``value.unknown.<kind>`` for the first word that is not in the vocabulary; its params
        ``choices_zh`` / ``choices_en`` list the display words.
    """
    return _parse_words(cells, kind)


_EDUCATION_SUFFIX = re.compile(r"(毕业|学历)+$")


def parse_education(cells: pd.Series) -> Parsed:
    """Read 学历 words (GB/T 4658-2006 and the short forms) as education codes.

    ``研究生`` alone reads as ``master``; ``中专``, ``中等专科``, ``职高``, ``技校`` as
    ``vocational`` (ranked with ``high_school``); a trailing ``毕业`` or ``学历`` is read away.
    结业/肄业 (finished without graduating, or left) are refused: the completed level is for the
    office to say.

    Parameters
    ----------
    cells
        The 学历 cells of one column (length n), 全日制教育 or 在职教育.

    Returns
    -------
    Parsed
        ``values``: codes of ``EDUCATION_WORDS`` (``<NA>`` for blanks).

    Raises
    ------
    CellProblem
        ``value.unknown.education`` for the first unknown word.
    """
    return _parse_words(cells, "education", lambda text: _EDUCATION_SUFFIX.sub("", text))


def higher_education(a: pd.Series, b: pd.Series) -> pd.Series:
    """The higher of two education code Series (全日制教育 and 在职教育), element-wise.

    Ranks are those of :data:`cadreplan.solver.vocabulary.EDUCATION_RANK`; a blank side gives
    the other; on equal rank (``vocational`` beside ``high_school``) the first wins.

    Parameters
    ----------
    a, b
        Education codes (or ``<NA>``), same index, length n.

    Returns
    -------
    pandas.Series
        Codes (``string`` dtype), ``<NA>`` where both are blank; the index of ``a``.
    """
    rank_a = a.map(EDUCATION_RANK).astype("Float64").to_numpy(dtype=float, na_value=-1.0)
    rank_b = b.map(EDUCATION_RANK).astype("Float64").to_numpy(dtype=float, na_value=-1.0)
    chosen = np.where(rank_b > rank_a, b.to_numpy(dtype=object), a.to_numpy(dtype=object))
    return pd.Series(chosen, index=a.index, dtype="string")


def parse_party_status(cells: pd.Series) -> Parsed:
    """Read 政治面貌 as ``member``, ``probationary`` or ``non_member``.

    中共党员 is a full ``member``; 中共预备党员 is ``probationary``: **not yet a full member**,
    so not a member where a rule asks for one (``party_member_required``); 共青团员, 群众,
    无党派人士, 入党积极分子 and the eight democratic parties are ``non_member``. The words are
    those of ``PARTY_STATUS_WORDS``. See :func:`party_since` for the year Party years count
    from.

    Parameters
    ----------
    cells
        The 政治面貌 cells (length n).

    Returns
    -------
    Parsed
        ``values``: ``member``, ``probationary`` or ``non_member`` (``string``, ``<NA>`` for
        blanks); ``converted`` counts words other than the code and 中共党员/中共预备党员/
        非中共党员, and blank marks.

    Raises
    ------
    CellProblem
        ``value.unknown.party_status`` for the first unknown word.
    """
    return _parse_words(cells, "party_status")


def party_since(
    status: Parsed,
    admitted: Parsed,
    full_membership: Parsed | None = None,
) -> Parsed:
    """The year each person's Party years count from (the dataset's ``party_since``).

    The rule (SPEC, "Reading real forms"; Party constitution art. 7: a probationary member
    becomes a full member after one year): **Party years count from full membership where
    known, else from the admission date plus one year.** On the forms:

    - ``member`` (中共党员): the year of 转正时间 (``full_membership``) where written; else the
      year of 入党时间 as written: for a full member the office's 入党时间 is the date it
      counts Party years from (the bundled sample and the qingxi forms read so: 2012.12 gives
      2012).
    - ``probationary`` (中共预备党员): not yet a full member, so ``<NA>`` (not a member for
      ``party_member_required``) whatever 入党时间 says; ``extra["full_from_year"]`` and
      ``extra["full_from_month"]`` give when Party years *will* count from: 转正时间 where
      written, else 入党时间 plus one year.
    - ``non_member`` and blank 政治面貌: ``<NA>``.

    Parameters
    ----------
    status
        :func:`parse_party_status` of 政治面貌 (length n).
    admitted
        :func:`parse_year_month` of 入党时间 (length n, same index).
    full_membership
        :func:`parse_year_month` of 转正时间 where the form has it.

    Returns
    -------
    Parsed
        ``values``: Int64 years; ``converted`` is 0 (the cells were counted by their parsers).

    Raises
    ------
    CellProblem
        ``value.party_member_without_date`` at the first 中共党员 with neither 入党时间 nor
        转正时间 (a member must not read as a non-member), and
        ``value.party_date_without_membership`` at the first 群众/团员 … with a 入党时间
        (params ``status``: the 政治面貌 code).
    """
    codes = status.values
    year = admitted.values
    month = admitted.extra.get("month", pd.Series(pd.NA, index=year.index, dtype="Int64"))
    if full_membership is not None:
        full_year = full_membership.values
        full_month = full_membership.extra.get(
            "month", pd.Series(pd.NA, index=year.index, dtype="Int64")
        )
    else:
        full_year = pd.Series(pd.NA, index=year.index, dtype="Int64")
        full_month = full_year
    member = (codes == "member").fillna(False).to_numpy(dtype=bool)
    probationary = (codes == "probationary").fillna(False).to_numpy(dtype=bool)
    outside = (codes == "non_member").fillna(False).to_numpy(dtype=bool)
    has_admitted = year.notna().to_numpy()
    has_full = full_year.notna().to_numpy()
    undated = member & ~has_admitted & ~has_full
    if undated.any():
        raise CellProblem(
            int(np.flatnonzero(undated)[0]), "value.party_member_without_date", {"value": ""}
        )
    stray = outside & (has_admitted | has_full)
    if stray.any():
        position = int(np.flatnonzero(stray)[0])
        shown = year.iloc[position] if has_admitted[position] else full_year.iloc[position]
        raise CellProblem(
            position,
            "value.party_date_without_membership",
            {"value": str(shown), "status": "non_member"},
        )
    since = full_year.where(pd.Series(has_full, index=year.index), year)
    since = since.where(pd.Series(member, index=year.index), pd.NA).astype("Int64")
    later_year = year + 1
    full_from_year = full_year.where(pd.Series(has_full, index=year.index), later_year)
    full_from_month = full_month.where(pd.Series(has_full, index=year.index), month)
    keep = pd.Series(probationary, index=year.index)
    return Parsed(
        since,
        0,
        {
            "full_from_year": full_from_year.where(keep, pd.NA).astype("Int64"),
            "full_from_month": full_from_month.where(keep, pd.NA).astype("Int64"),
        },
    )


def parse_vetting_result(cells: pd.Series) -> Parsed:
    """Read joint-vetting results: ``pass``, ``fail`` or ``pending``; blank is a missing record.

    通过/合格/同意/未发现问题/无异常/无问题/符合 … are a pass; 不通过/不合格/不同意/有问题/
    发现问题/不符合 a fail; 待定/核查中/待核查/审核中 pending (``VETTING_WORDS``). A blank cell
    is ``<NA>``: the department has not answered, which is no record at all (not a pass).

    Parameters
    ----------
    cells
        The result cells of one department (wide) or of the result column (long), length n.

    Returns
    -------
    Parsed
        ``values``: ``pass``/``fail``/``pending`` (``string``, ``<NA>`` for blanks).

    Raises
    ------
    CellProblem
        ``value.unknown.vetting_result`` for the first unknown word.
    """
    return _parse_words(cells, "vetting_result")


#: Key substrings of each joint-vetting department, for names written with their level and
#: kind (县纪委监委, 区公安分局, 某某县人民法院 …).
_DEPARTMENT_KEYS: dict[str, tuple[str, ...]] = {
    "discipline": ("纪委", "监委", "纪检"),
    "police": ("公安", "派出所"),
    "court": ("法院",),
    "procuratorate": ("检察",),
    "civil_affairs": ("民政",),
    "petition": ("信访",),
}


def normalise_department(name: str) -> str:
    """The department code of a vetting department's name, or the name itself.

    A name is first looked up among the words of ``DEPARTMENT_WORDS`` (after
    :func:`~cadreplan.solver.vocabulary.normalise_word`); then by key part, so that names
    written with their level or kind read as the department: ``县纪委监委``, ``纪检监察室`` →
    ``discipline``; ``区公安分局``, ``派出所`` → ``police``; ``县人民法院`` → ``court``;
    ``检察院`` → ``procuratorate``; ``民政局`` → ``civil_affairs``; ``信访局`` → ``petition``.
    Any other department (``司法局``, ``市场监管局`` …) is kept under its own name, normalised
    (half-width, no spaces) so that the same name always gives the same key, and can be
    required by that name in ``eligibility.required_departments``. A name holding the key
    parts of two departments is kept as written.

    Parameters
    ----------
    name
        The department as written (a header of a wide vetting table or a cell of a long one).

    Returns
    -------
    str
        A code of ``DEPARTMENT_WORDS`` or the normalised name.
    """
    text = normalise_word(str(name))
    code = word_map("department").get(text)
    if code is not None:
        return code
    found = {code for code, keys in _DEPARTMENT_KEYS.items() if any(k in text for k in keys)}
    if len(found) == 1:
        return found.pop()
    return text


_FLAG_PREFIX = re.compile(r"^(是否为?|是不是)")


def category_of_flag(header: str) -> str | None:
    """The village category of a yes/no column header such as ``是否脱贫村``, or None.

    The header (normalised, without its 是否/是否为 prefix) must be a word of the ``category``
    vocabulary: ``是否软弱涣散村`` → ``weak_lax``, ``是否脱贫村`` → ``poor``,
    ``是否集体经济薄弱村`` → ``weak_economy``, ``是否先进村`` → ``advanced``. Other 是否
    columns (``是否跨村任职试点``) give None.

    Parameters
    ----------
    header
        A column header as written.

    Returns
    -------
    str or None
        A code of ``CATEGORY_WORDS``, or None when the header is no category flag.
    """
    text = normalise_word(header)
    if not _FLAG_PREFIX.match(text):
        return None
    return word_map("category").get(_FLAG_PREFIX.sub("", text))


#: How the names of other agencies end (司法局, 组织部, 政法委, 扫黑办 …).
_AGENCY = re.compile(r"(局|委|院|所|办|部|厅|处|科|室|中心|队|站|会)$")
_NOTE_PART = re.compile(r"[;；。\n]")
_NOTE = re.compile(r"(?P<department>[^:：]{1,12})[:：](?P<note>.+)")


def parse_department_notes(cells: pd.Series) -> Parsed:
    """Split the 备注 of a wide vetting summary into notes by department.

    A wide summary has one 备注 per person, so forms write a department's note as
    ``部门：说明`` (``公安：有违法记录``); several are separated by ``；`` ``;`` ``。`` or line
    breaks. The part before the colon is read with :func:`normalise_department` (so
    ``公安局：…`` is the ``police`` note; ``司法局：…`` is kept under 司法局, as is any name
    ending like an agency: 局 委 院 所 办 部 厅 处 科 室 中心 队 站 会); any other part
    (``说明：…``, text without a colon) is commentary.

    Parameters
    ----------
    cells
        The 备注 cells (length n).

    Returns
    -------
    Parsed
        ``values``: a dict per row, department code (or kept name) → note (empty for blank).
        ``extra["commentary"]``: the rest of the text per row (``string``, ``<NA>`` when none).
        ``converted`` counts the rows with at least one department note.
    """
    cells = _as_series(cells)

    def read(value: object) -> tuple[Any, ...]:
        text = str(value).strip()
        notes: dict[str, str] = {}
        rest: list[str] = []
        for part in _NOTE_PART.split(text):
            part = part.strip()
            if not part:
                continue
            match = _NOTE.fullmatch(part)
            if match is None:
                rest.append(part)
                continue
            department = normalise_department(match["department"])
            if department not in VOCABULARIES["department"] and not _AGENCY.search(department):
                rest.append(part)  # 说明：…, 注：… are commentary, not a department
                continue
            note = match["note"].strip()
            notes[department] = f"{notes[department]}；{note}" if department in notes else note
        return notes, ("；".join(rest) or None), bool(notes)

    codes, results = _read_distinct(cells, read, 3)
    table = np.empty(len(results) + 1, dtype=object)
    for position, result in enumerate(results):
        table[position] = result[0]
    table[-1] = {}
    where = np.where(codes < 0, len(results), codes)
    values = pd.Series([dict(d) for d in table[where]], index=cells.index, dtype=object)
    return Parsed(
        values,
        _converted(codes, [bool(r[2]) for r in results]),
        {"commentary": _column(codes, [r[1] for r in results], "string", cells.index)},
    )


def parse_departments(cells: pd.Series) -> Parsed:
    """Read the department column of a long vetting table with :func:`normalise_department`.

    Parameters
    ----------
    cells
        The department cells (length n).

    Returns
    -------
    Parsed
        ``values``: department codes, or the normalised name of any other department
        (``string`` dtype, ``<NA>`` for blanks). ``converted`` counts names other than a code
        or display word (``县纪委监委`` read as ``discipline``), and blank marks.
    """
    cells = _as_series(cells)
    plain = {code: code for code in VOCABULARIES["department"]}
    plain.update({words.split(";")[0]: code for code, words in VOCABULARIES["department"].items()})

    def read(value: object) -> tuple[Any, ...]:
        text = value if isinstance(value, str) else str(value)
        if _blank_text(text) is None:
            return None, bool(text.strip())
        department = normalise_department(text)
        return department, plain.get(text.strip()) != department and department in plain

    codes, results = _read_distinct(cells, read, 2)
    return Parsed(
        _column(codes, [r[0] for r in results], "string", cells.index),
        _converted(codes, [bool(r[1]) for r in results]),
    )
