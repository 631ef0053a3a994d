"""Messages shared by every area: locations of errors, yes/no, cut lists, generic words."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "where.file": ("{file}", "{file}"),
    "where.row": ("{file} row {row}", "{file} 第{row}行"),
    "where.column": ("{file}, column {column}", "{file}，列“{column}”"),
    "where.row_column": ("{file} row {row}, column {column}", "{file} 第{row}行，列“{column}”"),
    "where.rule": ("{file}, key {rule}", "{file}，参数 {rule}"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    # A listed set that is cut: "A, B, C and 5 more" / "A、B、C 等，另有 5 个".
    "list.sep": (", ", "、"),
    "list.more": ("{shown} and {count} more", "{shown}，另有 {count} 个"),
    "and_more": (" (and {count} more)", "（另有 {count} 条）"),
    # Exit-code prefixes of the one-line error.
    "error.prefix": ("error: {message}", "错误：{message}"),
    "error.no_plan": ("no plan: {message}", "无法制定方案：{message}"),
    "error.internal": ("internal error: {message}", "内部错误：{message}"),
    "error.internal_unexpected": (
        "internal error: {kind}: {message} (set CADREPLAN_DEBUG=1 for a traceback)",
        "内部错误：{kind}：{message}（设置 CADREPLAN_DEBUG=1 可查看调用栈）",
    ),
    "error.memory": (
        "the input is too large for this machine's memory; split it by town or city.",
        "输入数据超出本机内存，请按镇街或市县拆分后分别运行。",
    ),
    "error.plan_check": (
        "plan check failed: {shown}{more}",
        "方案复核未通过（程序缺陷，请报告）：{shown}{more}",
    ),
    # Rules and scenario TOML files (RulesError), by "rules.<problem>".
    "rules.bad_toml": (
        "is not valid TOML: {detail}",
        "不是有效的 TOML 格式（第{line}行第{column}列附近）。",
    ),
    "rules.unreadable": ("cannot be read: {reason}", "无法读取：{reason}"),
    "rules.unreadable_toml": ("cannot be read as TOML: {reason}", "无法按 TOML 读取：{reason}"),
    "rules.table": ("must be a table of keys.", "应为一组参数（TOML 表）。"),
    "rules.unknown_key": (
        "is not a known key. Known keys here: {known}.",
        "不是可识别的参数。此处可用的参数：{known}。",
    ),
    "rules.missing": ("is missing.", "缺失。"),
    "rules.bool": (
        "must be true or false, not {value!r}.",
        "应为 true 或 false，而不是 {value!r}。",
    ),
    "rules.int": ("must be a whole number, not {value!r}.", "应为整数，而不是 {value!r}。"),
    "rules.float": ("must be a number, not {value!r}.", "应为数值，而不是 {value!r}。"),
    "rules.str": ("must be text, not {value!r}.", "应为文本，而不是 {value!r}。"),
    "rules.words": ("must be a list of words.", "应为词语列表。"),
    "rules.age_order": (
        "must satisfy 0 <= min_age ({min_age}) <= max_age ({max_age}) <= 120.",
        "须满足 0 ≤ min_age（{min_age}）≤ max_age（{max_age}）≤ 120。",
    ),
    "rules.not_education": (
        "'{value}' is not an education level: {known}.",
        "“{value}”不是学历层次，可用：{known}。",
    ),
    "rules.not_department": (
        "'{value}' is not a department: {known}.",
        "“{value}”不是联审部门，可用：{known}。",
    ),
    "rules.not_category": (
        "is not a village category: {known}.",
        "不是村类别，可用：{known}。",
    ),
    "rules.not_category_or_default": (
        "is not a village category: {known} or default.",
        "不是村类别，可用：{known} 或 default。",
    ),
    "rules.mentor_types": (
        "must be a non-empty list of mentor types: {known}.",
        "应为非空的导师类型列表，可用：{known}。",
    ),
    "rules.not_source": ("is not a source: {known}.", "不是人员来源，可用：{known}。"),
    "rules.not_route": ("is not a route: {known}.", "不是任职途径，可用：{known}。"),
    "rules.at_least_0": ("must be 0 or more.", "应不小于 0。"),
    "rules.at_least_0_no_limit": (
        "must be 0 (no limit) or more.",
        "应不小于 0（0 表示不限）。",
    ),
    "rules.from_to": ("must be from {low} to {high}.", "应在 {low} 到 {high} 之间。"),
    "rules.above_0": ("must be above 0.", "应大于 0。"),
    "rules.required": ("is required.", "必须设置。"),
    "rules.whole_from_to": (
        "must be a whole number from {low} to {high}.",
        "应为 {low} 到 {high} 之间的整数。",
    ),
    "rules.number_from_to": (
        "must be a number from {low} to {high}.",
        "应为 {low} 到 {high} 之间的数值。",
    ),
    "rules.peak_age_order": (
        "must satisfy 0 <= peak_age_min <= peak_age_max.",
        "须满足 0 ≤ peak_age_min ≤ peak_age_max。",
    ),
    "rules.share": ("must be a share from 0 to 1.", "应为 0 到 1 之间的比例。"),
    # Operating-system reasons a file cannot be read or written (errno names).
    "os.ENOENT": ("no such file or folder", "文件或文件夹不存在"),
    "os.EACCES": ("permission denied", "没有访问权限"),
    "os.EISDIR": ("it is a folder", "这是一个文件夹"),
    "os.ENOTDIR": ("a part of the path is not a folder", "路径中有一段不是文件夹"),
    "os.ENOSPC": ("no space left on the disk", "磁盘空间不足"),
    "os.other": ("{reason}", "系统错误：{reason}"),
    "os.not_utf8": ("it is not UTF-8 text", "不是 UTF-8 编码的文本"),
}
