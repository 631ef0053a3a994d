"""Cells to typed values: the values as offices write them on their forms.

Each parser takes the cells of one column as read (a pandas Series of ``str`` from CSV, or of
``int``/``float``/``bool``/``datetime`` from xlsx, with blanks as ``None``/NaN/``""``) and
returns a :class:`Parsed`: the typed values under the same index, the count of cells that were
read from another form than the plain one (for the intake report), and any extra columns (the
month of a 出生年月, the gender of a 身份证号码 …). The first bad cell raises a
:class:`CellProblem` with its 0-based position, a catalogue key (``value.…`` in
:mod:`cadreplan.solver.words.intake`, English and Chinese, each with a ``.fix``) and the
message parameters; the intake turns it into a ``DataError`` naming file, row and column.

Speed: a column is factorised once (:func:`pandas.factorize`) and every *distinct* cell is
read once, so a column of 100,000 birth months holds a few thousand distinct texts; 身份证号码
(all distinct) are checked with numpy on a byte matrix.

Rules, each documented where it is implemented:

- 出生年月 / 入党时间: :func:`parse_year_month`.
- 身份证号码 (GB 11643-1999): :func:`parse_id_number`.
- 政治面貌 and the year Party years count from: :func:`parse_party_status`, :func:`party_since`.
- 学历 (GB/T 4658-2006 words) and the higher of 全日制/在职: :func:`parse_education`,
  :func:`higher_education`.
- Blanks (``/``, ``—``, ``－``, ``无``, ``空``, ``暂无`` …): :func:`blank_mask`.
"""

from __future__ import annotations

from .cells import CellProblem as CellProblem
from .cells import Parsed as Parsed
from .cells import blank_mask as blank_mask
from .cells import first_difference as first_difference
from .dates import parse_year_month as parse_year_month
from .idnumber import birth_contradiction as birth_contradiction
from .idnumber import id_check_character as id_check_character
from .idnumber import parse_id_number as parse_id_number
from .idnumber import settle_month as settle_month
from .kinds import KINDS as KINDS
from .kinds import parse_column as parse_column
from .numbers import parse_bool as parse_bool
from .numbers import parse_list as parse_list
from .numbers import parse_number as parse_number
from .words import category_of_flag as category_of_flag
from .words import higher_education as higher_education
from .words import normalise_department as normalise_department
from .words import parse_department_notes as parse_department_notes
from .words import parse_departments as parse_departments
from .words import parse_education as parse_education
from .words import parse_enum as parse_enum
from .words import parse_party_status as parse_party_status
from .words import parse_vetting_result as parse_vetting_result
from .words import party_since as party_since
