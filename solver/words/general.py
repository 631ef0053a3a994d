"""Messages shared by every area: locations of errors, yes/no, generic words."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "where.file": ("{file}", "{file}"),
    "where.row": ("{file} row {row}", "{file} 第{row}行"),
    "where.column": ("{file}, column {column}", "{file}，列“{column}”"),
    "where.row_column": ("{file} row {row}, column {column}", "{file} 第{row}行，列“{column}”"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
}
