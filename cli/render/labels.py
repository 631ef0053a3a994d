"""Readable headers and labels of reports: a thin alias of the catalogue in ``solver.words``."""

from __future__ import annotations

from cadreplan.solver.words import HEADERS_ZH as ZH  # noqa: F401 - older imports
from cadreplan.solver.words import header  # noqa: F401 - re-exported
