"""Reading real forms: intake report lines and the texts of DataError by key."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # An example of the convention: DataError(file, row=r, column=c, key="value.not_a_year",
    # params={"value": v}); the fix is "value.not_a_year.fix".
    "value.not_a_year": ("'{value}' is not a year.", "“{value}”不是年份。"),
    "value.not_a_year.fix": ("Use a 4-digit year such as 1988.", "请填写四位年份，如 1988。"),
}
