"""Former home of the schemas and the CSV/xlsx reader, kept as thin re-exports.

The schemas live in :mod:`cadreplan.solver.schema`, the vocabularies in
:mod:`cadreplan.solver.vocabulary` and the reading of forms in :mod:`cadreplan.solver.intake`.
"""

from __future__ import annotations

from .schema import ENUM_NOUN, SCHEMAS, Column, Table  # noqa: F401
from .vocabulary import (  # noqa: F401
    BOOL_FALSE,
    BOOL_TRUE,
    CATEGORY_WORDS,
    DEPARTMENT_WORDS,
    EDUCATION_LEVELS,
    EDUCATION_RANK,
    EDUCATION_WORDS,
    GENDER_WORDS,
    LIST_SPLIT,
    MENTOR_TYPE_WORDS,
    RATING_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    VETTING_WORDS,
    VILLAGE_KIND_WORDS,
)
