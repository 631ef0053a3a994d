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
    # A listed set that is cut: "A, B, C and 5 more" / "A、B、C，另有 5 名". Chinese counts
    # with the measure word of what is listed: 名 for people, 个 for places and posts, 条 for
    # entries (reasons, rows, issues).
    "list.sep": (", ", "、"),
    "list.more": ("{shown} and {count} more", "{shown}，另有 {count} 个"),
    "list.more.people": ("{shown} and {count} more", "{shown}，另有 {count} 名"),
    "list.more.entries": ("{shown} and {count} more", "{shown}，另有 {count} 条"),
    # A person or place named in a sentence: the name, then the id in brackets.
    "list.named": ("{name} ({id})", "{name}（{id}）"),
    "list.named_value": ("{name} ({id}, {value})", "{name}（{id}，{value}）"),
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
    "rules.office_village_text": (
        "must be a village id or name without surrounding spaces (at most 100 characters), "
        "not {value!r}.",
        "应为村编号或村名（前后无空格，最多 100 字），而不是 {value!r}。",
    ),
    "rules.unknown_village": (
        "names no village of {villages}: {value!r} (give a village id or name, or leave it blank).",
        "在 {villages} 中没有这个村：{value!r}（请填村编号或村名，或留空）。",
    ),
    "rules.ambiguous_village": (
        "{value!r} is the name of more than one village in {villages}; give the village id.",
        "{value!r} 在 {villages} 中对应多个村，请填村编号。",
    ),
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
    # Loading a dataset (solver/dataset.py), by "load.<problem>"; fixes are "<key>.fix".
    "load.missing": ("does not exist.", "不存在。"),
    "load.missing.fix": (
        "Give a folder of CSV files, an .xlsx workbook or a single CSV file.",
        "请指定 CSV 文件夹、.xlsx 工作簿或单个 CSV 文件。",
    ),
    "load.not_dataset": (
        "is neither a folder of CSV files nor an .xlsx workbook.",
        "既不是 CSV 文件夹，也不是 .xlsx 工作簿。",
    ),
    "load.not_dataset.fix": (
        "Give the folder that holds villages.csv, or an .xlsx workbook.",
        "请指定包含 villages.csv 的文件夹，或 .xlsx 工作簿。",
    ),
    "load.no_table": ("has no '{name}' table.", "缺少“{name}”表。"),
    "load.no_table.fix": (
        "Add {name}.csv (or a sheet named {name}).",
        "请添加 {name}.csv（或名为 {name} 的工作表）。",
    ),
    "load.duplicate": (
        "duplicate {columns} '{value}' (first seen in row {first_row}).",
        "{columns}“{value}”重复（首次出现在第{first_row}行）。",
    ),
    "load.duplicate.fix": (
        "Each must appear once; remove or renumber the copy.",
        "每个只能出现一次，请删除重复行或重新编号。",
    ),
    "load.dispatched_is_reserve": (
        "person_id '{value}' is also a reserve.",
        "人员编号“{value}”同时也是后备干部。",
    ),
    "load.dispatched_is_reserve.fix": (
        "Give each candidate one id across reserves and dispatched.",
        "后备干部和选派干部中每人只能有一个编号，请改用不同编号。",
    ),
    "load.nominee_in_pool": (
        "person_id '{value}' is also a reserve or a dispatched cadre.",
        "人员编号“{value}”同时也是后备干部或选派干部。",
    ),
    "load.nominee_in_pool.fix": (
        "A nominee is someone not yet in the pool: give them their own id.",
        "推荐人选应是尚未进入后备库的人，请给其单独编号。",
    ),
    "load.unknown_village": ("unknown village '{value}'.", "未知的村编号“{value}”。"),
    "load.unknown_village.fix": (
        "Use a village_id listed in {villages}.",
        "请使用 {villages} 中已有的村编号。",
    ),
    # a village reference written as a name that no village has (names are matched first)
    "load.unknown_village_name": (
        "no village of {villages} has the name or id '{value}'.",
        "{villages} 中没有名称或编号为“{value}”的村。",
    ),
    "load.unknown_village_name.fix": (
        "Write the village's name as {villages} writes it, or its village_id.",
        "请按 {villages} 中的写法填写村名，或填写村编号。",
    ),
    "load.unknown_village_near": (
        "no village of {villages} has the name or id '{value}'; the nearest name is {near}.",
        "{villages} 中没有名称或编号为“{value}”的村；名称最接近的是{near_zh}。",
    ),
    "load.unknown_village_near.fix": (
        "If it is that village, write {near_id}.",
        "如确是该村，请填写“{near_id}”。",
    ),
    "load.unknown_vetted": ("unknown candidate '{value}'.", "未知的人选编号“{value}”。"),
    "load.unknown_vetted.fix": (
        "Use an id listed in reserves, dispatched or nominees.",
        "请使用后备干部、选派干部或推荐人选表中已有的编号。",
    ),
    "load.unknown_person": ("unknown person '{value}'.", "未知的人员编号“{value}”。"),
    "load.unknown_person.fix": (
        "Use an id listed in any person table.",
        "请使用任一人员表中已有的编号。",
    ),
    "load.unknown_reserve": ("unknown reserve '{value}'.", "未知的后备干部编号“{value}”。"),
    "load.unknown_reserve.fix": ("Use an id listed in reserves.", "请使用后备干部表中已有的编号。"),
    "load.unknown_mentor": ("unknown mentor '{value}'.", "未知的导师编号“{value}”。"),
    "load.unknown_mentor.fix": ("Use an id listed in mentors.", "请使用导师表中已有的编号。"),
    "load.unknown_candidate": ("unknown candidate '{value}'.", "未知的人选编号“{value}”。"),
    "load.unknown_candidate.fix": (
        "Use an id listed in reserves or dispatched.",
        "请使用后备干部或选派干部表中已有的编号。",
    ),
    "load.road_loop": ("a road must join two different villages.", "道路须连接两个不同的村。"),
    "load.two_secretaries": (
        "village '{value}' has two secretaries in post.",
        "村“{value}”有两名在任书记。",
    ),
    "load.two_secretaries.fix": (
        "Mark the outgoing one as leaving (离任) or to_adjust (待调整).",
        "请将离任者的状态标为离任或待调整。",
    ),
}
