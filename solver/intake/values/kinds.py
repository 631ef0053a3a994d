"""One entry for every schema kind: the intake types a column with one call."""

from __future__ import annotations

import pandas as pd

from ...vocabulary import VOCABULARIES
from .cells import Parsed, _as_series, blank_mask
from .dates import parse_year_month
from .numbers import parse_bool, parse_list, parse_number
from .words import parse_departments, parse_education, parse_enum, parse_vetting_result

#: The schema kinds (``solver/schema.py`` ``Column.kind``) that :func:`parse_column` reads.
KINDS = ("str", "int", "float", "year", "bool", "enum", "list")


def parse_column(
    cells: pd.Series,
    kind: str,
    *,
    vocabulary: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_min: bool = False,
) -> Parsed:
    """Read one column by its schema kind with the parser for it.

    ========  ================================================================================
    kind      parser
    ========  ================================================================================
    str       text, stripped; blank marks (``/``, ``无`` …) are ``<NA>``
    int       :func:`parse_number` (integer)
    float     :func:`parse_number`
    year      :func:`parse_year_month` (``values`` are years; the month is in ``extra``)
    bool      :func:`parse_bool`
    enum      :func:`parse_education` for ``education``, :func:`parse_vetting_result` for
              ``vetting_result``, :func:`parse_departments` for ``department`` (other
              departments kept by name), else :func:`parse_enum`; with no vocabulary, text
              as ``str``
    list      :func:`parse_list` (codes with a vocabulary, free tags without)
    ========  ================================================================================

    Parameters
    ----------
    cells
        The cells of one column (length n).
    kind
        One of :data:`KINDS`.
    vocabulary
        A key of :data:`cadreplan.solver.vocabulary.VOCABULARIES` for ``enum``/``list``.
    minimum, maximum, strict_min
        Bounds of ``int``/``float`` columns (see :func:`parse_number`).

    Returns
    -------
    Parsed
        What the parser of ``kind`` returns; ``str`` columns give ``string`` values.

    Raises
    ------
    CellProblem
        At the first bad cell (see each parser).
    ValueError
        For an unknown ``kind`` or ``vocabulary`` (a programming error).
    """
    if vocabulary is not None and vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r}")
    if kind in ("int", "float"):
        return parse_number(
            cells, integer=kind == "int", minimum=minimum, maximum=maximum, strict_min=strict_min
        )
    if kind == "year":
        return parse_year_month(cells)
    if kind == "bool":
        return parse_bool(cells)
    if kind == "list":
        return parse_list(cells, vocabulary)
    if kind == "enum" and vocabulary is not None:
        if vocabulary == "education":
            return parse_education(cells)
        if vocabulary == "vetting_result":
            return parse_vetting_result(cells)
        if vocabulary == "department":
            return parse_departments(cells)
        return parse_enum(cells, vocabulary)
    if kind in ("str", "enum"):
        return _parse_text(cells)
    raise ValueError(f"unknown column kind {kind!r}")


def _parse_text(cells: pd.Series) -> Parsed:
    """Text cells stripped (numbers as Excel shows them), blanks and blank marks ``<NA>``."""
    cells = _as_series(cells)
    blank = blank_mask(cells)
    texts = [
        "" if b else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip()
        for v, b in zip(cells.tolist(), blank, strict=True)
    ]
    values = pd.Series(texts, index=cells.index, dtype="string").mask(blank)
    marks = int(
        sum(
            1
            for v, b in zip(cells.tolist(), blank, strict=True)
            if b and isinstance(v, str) and v.strip()
        )
    )
    return Parsed(values, marks)
