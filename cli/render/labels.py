"""Readable headers and labels of reports: a thin alias of the catalogue in ``solver.words``."""

from __future__ import annotations

from cadreplan.solver.words import HEADERS_ZH as ZH  # noqa: F401 - older imports
from cadreplan.solver.words import header as _catalogue_header


def header(name: str, lang: str) -> str:
    """The header of a column or sheet in ``lang`` (any other value than ``zh`` is English)."""
    return _catalogue_header(name, "zh" if lang == "zh" else "en")
