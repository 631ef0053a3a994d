"""Reading real forms: intake report lines and the texts of DataError by key."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # An example of the convention: DataError(file, row=r, column=c, key="value.not_a_year",
    # params={"value": v}); the fix is "value.not_a_year.fix".
    "value.not_a_year": ("'{value}' is not a year.", "“{value}”不是年份。"),
    "value.not_a_year.fix": ("Use a 4-digit year such as 1988.", "请填写四位年份，如 1988。"),
}

# --- values (owner: values; solver/intake/values.py): cells that cannot be read, by key.
# Params: value (the cell as written) and those named in each text.
_VALUE_MESSAGES: dict[str, tuple[str, str]] = {
    "value.not_a_year_month": (
        "'{value}' is not a year and month.",
        "“{value}”不是年月。",
    ),
    "value.not_a_year_month.fix": (
        "Write it as 1985.03, 1985年3月 or 1985-03-12, or make the cell a date cell.",
        "请写成 1985.03、1985年3月 或 1985-03-12，或把单元格设为日期格式。",
    ),
    "value.not_a_month": ("'{value}': {month} is not a month.", "“{value}”中的 {month} 不是月份。"),
    "value.not_a_month.fix": (
        "Months run from 1 to 12; write 1985.03 or 1985年3月.",
        "月份应为 1 至 12，请写成 1985.03 或 1985年3月。",
    ),
    "value.not_a_day": (
        "'{value}': {year}-{month}-{day} is not a calendar date.",
        "“{value}”：{year}年{month}月{day}日不是有效日期。",
    ),
    "value.not_a_day.fix": (
        "Correct the day, or give the year and month only (1985.03).",
        "请更正日期，或只填年月（如 1985.03）。",
    ),
    "value.year_out_of_range": (
        "'{value}': the year {year} is outside {low}–{high}.",
        "“{value}”：年份 {year} 不在 {low}—{high} 之间。",
    ),
    "value.year_out_of_range.fix": (
        "Use a 4-digit year such as 1985.",
        "请填写四位年份，如 1985。",
    ),
    "value.id_excel_number": (
        "'{value}' is an ID number that Excel turned into a number: its last digits are lost.",
        "“{value}”是被 Excel 转成数字的身份证号码，末几位已丢失。",
    ),
    "value.id_excel_number.fix": (
        "Format the column as text (文本) and re-enter the numbers (or type ' before each), or "
        "save it from WPS/Excel with the column as text.",
        "请把该列设置为“文本”格式后重新录入号码（或在号码前加英文单引号 '），"
        "或在 WPS/Excel 中将该列设为文本后再保存。",
    ),
    "value.id_check_digit": (
        "'{value}' is not a valid ID number: by GB 11643 its last character should be {expected}.",
        "“{value}”不是有效的身份证号码：按 GB 11643 校验，最后一位应为 {expected}。",
    ),
    "value.id_check_digit.fix": (
        "Check the number against the ID card; a digit was probably mistyped.",
        "请对照身份证核对号码，可能有数字录错。",
    ),
    "value.id_birth_date": (
        "'{value}' is not a valid ID number: it holds the birth date {date}, which does not exist.",
        "“{value}”不是有效的身份证号码：其中的出生日期 {date} 不存在。",
    ),
    "value.id_birth_date.fix": (
        "Check the number against the ID card.",
        "请对照身份证核对号码。",
    ),
    "value.id_malformed": (
        "'{value}' is not an ID number.",
        "“{value}”不是身份证号码。",
    ),
    "value.id_malformed.fix": (
        "Write the 18 characters (17 digits, then a digit or X) or an old 15-digit number, as "
        "text.",
        "请以文本填写 18 位号码（17 位数字加 1 位数字或 X），或旧的 15 位号码。",
    ),
    "value.birth_differs_from_id": (
        "the birth '{value}' differs from the ID number {id_number} in column {id_column} "
        "(born {id_birth}).",
        "出生年月“{value}”与“{id_column}”列的身份证号码 {id_number}（出生于 {id_birth}）不一致。",
    ),
    "value.birth_differs_from_id.fix": (
        "Correct whichever of the two is wrong.",
        "请核对并更正其中错误的一项。",
    ),
    "value.gender_differs_from_id": (
        "the gender '{value}' differs from the ID number {id_number} in column {id_column}.",
        "性别“{value}”与“{id_column}”列的身份证号码 {id_number} 不一致。",
    ),
    "value.gender_differs_from_id.fix": (
        "Correct whichever of the two is wrong (the 17th digit of the ID number is odd for "
        "men, even for women).",
        "请核对并更正其中错误的一项（身份证号码第 17 位奇数为男、偶数为女）。",
    ),
    "value.party_member_without_date": (
        "this 中共党员 has no 入党时间.",
        "该中共党员未填写入党时间。",
    ),
    "value.party_member_without_date.fix": (
        "Fill in 入党时间 (such as 2012.07): without it the person would count as not a Party "
        "member.",
        "请填写入党时间（如 2012.07），否则此人将被视为非党员。",
    ),
    "value.party_date_without_membership": (
        "a 入党时间 '{value}' is given, but 政治面貌 does not say 中共党员 or 中共预备党员.",
        "填写了入党时间“{value}”，但政治面貌不是中共党员或中共预备党员。",
    ),
    "value.party_date_without_membership.fix": (
        "Correct 政治面貌, or clear 入党时间.",
        "请更正政治面貌，或删去入党时间。",
    ),
    "value.not_a_bool": ("'{value}' is not a yes/no value.", "“{value}”不是“是/否”。"),
    "value.not_a_bool.fix": ("Write 是 or 否 (or 1/0, √/×).", "请填写“是”或“否”（或 1/0、√/×）。"),
    "value.not_a_number": ("'{value}' is not a number.", "“{value}”不是数字。"),
    "value.not_a_number.fix": (
        "Write digits, optionally with a unit such as 分 or 人 (82, 82分, 3,200).",
        "请填写数字，可带单位如“分”“人”（如 82、82分、3,200）。",
    ),
    "value.not_whole": ("'{value}' is not a whole number.", "“{value}”不是整数。"),
    "value.not_whole.fix": ("Write a whole number.", "请填写整数。"),
    "value.below_minimum": (
        "'{value}' is out of range: it must be at least {minimum}.",
        "“{value}”超出范围：应不小于 {minimum}。",
    ),
    "value.below_minimum.fix": ("Correct the number.", "请更正该数字。"),
    "value.not_above_minimum": (
        "'{value}' is out of range: it must be greater than {minimum}.",
        "“{value}”超出范围：应大于 {minimum}。",
    ),
    "value.not_above_minimum.fix": ("Correct the number.", "请更正该数字。"),
    "value.above_maximum": (
        "'{value}' is out of range: it must be at most {maximum}.",
        "“{value}”超出范围：应不大于 {maximum}。",
    ),
    "value.above_maximum.fix": ("Correct the number.", "请更正该数字。"),
}

#: One message per vocabulary for an unknown word: what the column holds, in both languages.
_UNKNOWN_NOUNS: dict[str, tuple[str, str]] = {
    "education": ("education level (学历)", "学历"),
    "village_kind": ("village kind", "村（社区）类型"),
    "category": ("village category", "村类别"),
    "gender": ("gender", "性别"),
    "rating": ("rating (考核等次)", "考核等次"),
    "status": ("status (任职状态)", "任职状态"),
    "source": ("source (人员来源)", "人员来源"),
    "mentor_type": ("mentor type (导师类别)", "导师类别"),
    "vetting_result": ("vetting result", "联审结果"),
    "department": ("vetting department", "联审部门"),
    "party_status": ("political status (政治面貌)", "政治面貌"),
}
for _kind, (_en, _zh) in _UNKNOWN_NOUNS.items():
    _VALUE_MESSAGES[f"value.unknown.{_kind}"] = (
        f"'{{value}}' is not a known {_en}.",
        f"“{{value}}”不是可识别的{_zh}。",
    )
    _VALUE_MESSAGES[f"value.unknown.{_kind}.fix"] = (
        "Use one of: {choices_en} (the README lists every accepted word).",
        "请填写以下之一：{choices_zh}（README 列出全部可用词语）。",
    )

MESSAGES.update(_VALUE_MESSAGES)
