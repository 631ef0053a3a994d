"""Reading real forms: intake report lines and the texts of DataError by key."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # An example of the convention: DataError(file, row=r, column=c, key="value.not_a_year",
    # params={"value": v}); the fix is "value.not_a_year.fix".
    "value.not_a_year": ("'{value}' is not a year.", "“{value}”不是年份。"),
    "value.not_a_year.fix": ("Use a 4-digit year such as 1988.", "请填写四位年份，如 1988。"),
    # --- intake (structure): files, sheets, headers, rows, names --------------------------
    "intake.file.empty": ("the file is empty.", "文件是空的。"),
    "intake.file.empty.fix": (
        "It needs a header row of column names.",
        "请至少填写一行表头。",
    ),
    "intake.file.not_text": (
        "is not a text file (it holds NUL bytes).",
        "不是文本文件（含有 NUL 字节）。",
    ),
    "intake.file.not_text.fix": (
        "Save it from Excel as 'CSV UTF-8' or 'CSV (逗号分隔)'.",
        "请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”。",
    ),
    "intake.file.bad_encoding": (
        "is neither UTF-8, UTF-16 nor GBK/GB18030 text.",
        "既不是 UTF-8、UTF-16，也不是 GBK/GB18030 编码的文本。",
    ),
    "intake.file.bad_encoding.fix": (
        "Save it from Excel as 'CSV UTF-8' or 'CSV (逗号分隔)'.",
        "请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”。",
    ),
    "intake.file.not_csv": ("cannot be read as CSV ({error}).", "无法按 CSV 读取（{error}）。"),
    "intake.file.bad_workbook": (
        "cannot be opened as a workbook (the file is damaged, protected by a password, or "
        "not an Excel workbook).",
        "无法作为工作簿打开（文件已损坏、设有密码或不是 Excel 工作簿）。",
    ),
    "intake.file.bad_workbook.fix": (
        "Save it from Excel or WPS as an .xlsx workbook (without a password).",
        "请在 Excel 或 WPS 中另存为 .xlsx 工作簿（不设密码）。",
    ),
    "intake.source.unknown_kind": (
        "is neither a folder, a workbook (.xlsx, .xls) nor a CSV file.",
        "既不是文件夹，也不是工作簿（.xlsx、.xls）或 CSV 文件。",
    ),
    "intake.source.unknown_kind.fix": (
        "Give the folder of forms, one workbook or one CSV file.",
        "请给出表格所在文件夹、一个工作簿或一个 CSV 文件。",
    ),
    "intake.source.lock_file": (
        "an Office lock file (the workbook is open elsewhere)",
        "Office 临时锁定文件（工作簿正在别处打开）",
    ),
    "intake.source.not_a_table_file": (
        "not a table file (only .csv, .txt, .tsv, .xlsx, .xlsm and .xls are read)",
        "不是表格文件（只读取 .csv、.txt、.tsv、.xlsx、.xlsm、.xls）",
    ),
    "intake.source.not_a_worksheet": ("not a worksheet (a chart sheet)", "不是工作表（图表页）"),
    # the names file plan serve writes beside uploads stored under generated names (web)
    "intake.source.bad_names_file": (
        "the folder's names file is not a JSON object of file names.",
        "文件夹中的文件名对照文件不是文件名的 JSON 对象。",
    ),
    "intake.source.bad_names_file.fix": (
        "Delete .names.json, or upload the forms again.",
        "请删除 .names.json，或重新上传表格。",
    ),
    "intake.source.hidden": (
        "a hidden sheet: hidden sheets are never read (unhide it to use it)",
        "隐藏的工作表：不读取隐藏工作表（如需使用请取消隐藏）",
    ),
    "intake.source.emptied_table": (
        "the sheet is empty, but its name says it holds the {table} table.",
        "该工作表是空的，但表名表明它是“{table_zh}”表。",
    ),
    "intake.source.emptied_table.fix": (
        "Fill it in (a header row, then one row per record), or delete or rename the sheet "
        "if the district has no {table}.",
        "请填写（先是表头行，再每条记录一行）；如确实没有此类数据，请删除该工作表或改名。",
    ),
    "intake.source.no_header": (
        "no header row: none of its first 30 rows holds two known column names",
        "未找到表头：前 30 行中没有一行含两个以上可识别的列名",
    ),
    "intake.source.no_table": (
        "its columns fit no table",
        "其列不符合任何一张表",
    ),
    "intake.source.two_tables": (
        "fits two tables equally: {first} and {second}.",
        "同样符合两张表：{first_zh} 和 {second_zh}。",
    ),
    "intake.source.two_tables.fix": (
        "Rename the sheet or file after the table it is (see the README), or use --columns.",
        "请按其所属的表重命名工作表或文件（见 README），或用 --columns 指定列。",
    ),
    "intake.source.second_source": (
        "is a second source for table '{table}' (the first is {first}).",
        "是表“{table_zh}”的第二个来源（第一个是 {first}）。",
    ),
    "intake.source.second_source.fix": (
        "Keep one sheet or file per table; remove or hide the other.",
        "每张表只保留一个工作表或文件；请删除或隐藏另一个。",
    ),
    "intake.column.unknown": ("not a known column", "不是可识别的列"),
    "intake.column.row_number": ("序号 (row numbers): not needed", "序号：无需读取"),
    "intake.column.mapped_by_user": ("mapped by --columns", "由 --columns 指定"),
    "intake.column.id_number": (
        "身份证号码: the stable generated person_id",
        "身份证号码：用于生成稳定的人员编号",
    ),
    "intake.column.derived": (
        "derived from the department columns: not read",
        "由各部门意见得出的结论：不读取",
    ),
    "intake.column.commentary": (
        '备注 text that is no "部门：说明" note: commentary, not read',
        "非“部门：说明”格式的备注：仅为说明，不读取",
    ),
    "intake.column.form.name": ("the candidate's name", "人选姓名"),
    "intake.column.form.candidate_kind": (
        "reserve or dispatched cadre (人选类别)",
        "人选类别（后备干部或选派干部）",
    ),
    "intake.column.form.place": (
        "the candidate's village or unit",
        "人选所在村（社区）或单位",
    ),
    "intake.column.form.mentor_name": ("the mentor, by name", "导师（按姓名）"),
    "intake.column.form.reserve_names": ("the mentees, by name", "后备干部（按姓名）"),
    "intake.column.form.reserve_villages": (
        "the mentees' villages",
        "后备干部所在村（社区）",
    ),
    "intake.column.duplicate_header": (
        "the header '{header}' appears twice (columns {first} and {second}).",
        "表头“{header}”出现了两次（第 {first} 列和第 {second} 列）。",
    ),
    "intake.column.duplicate_header.fix": (
        "Rename or delete one of them.",
        "请重命名或删除其中一列。",
    ),
    "intake.column.two_for_one": (
        "two columns stand for '{column}': '{first}' and '{second}'.",
        "有两列都表示“{column_zh}”：“{first}”和“{second}”。",
    ),
    "intake.column.two_for_one.fix": ("Keep one of them.", "请只保留其中一列。"),
    "intake.cell.no_header": (
        "the value '{value}' stands in column {column}, which has no header.",
        "第 {column} 列没有表头，却填有“{value}”。",
    ),
    "intake.cell.no_header.fix": (
        "Give the column a header, or delete the value.",
        "请为该列填写表头，或删除该值。",
    ),
    "intake.cell.formula_without_value": (
        "cell {cell} holds a formula saved without its value.",
        "单元格 {cell} 是未计算结果的公式。",
    ),
    "intake.cell.formula_without_value.fix": (
        "Open the file in Excel or WPS and save it again (the value is then stored), "
        "or type the value.",
        "请用 Excel 或 WPS 打开后重新保存（会保存计算结果），或直接填写数值。",
    ),
    "intake.columns.unreadable": (
        "cannot be read as a --columns TOML file ({error}).",
        "无法作为 --columns TOML 文件读取（{error}）。",
    ),
    "intake.columns.unknown_table": (
        "has no table '{table}'.",
        "没有名为“{table}”的表。",
    ),
    "intake.columns.unknown_table.fix": ("Use one of: {tables}.", "可用的表：{tables}。"),
    "intake.columns.not_a_table": (
        '\'{table}\' must be a [table] of "header" = "column" lines.',
        '“{table}”应为 [表名] 下的 "表头" = "列名"。',
    ),
    "intake.columns.unknown_column": (
        "table '{table}' has no column '{column}' (for header '{header}').",
        "表“{table}”没有列“{column}”（表头“{header}”）。",
    ),
    "intake.columns.unknown_column.fix": ("Use one of: {columns}.", "可用的列：{columns}。"),
    "intake.columns.header_not_found": (
        "the header '{header}' of [{table}] is not in the data ({where}).",
        "[{table}] 中的表头“{header}”在数据中不存在（{where}）。",
    ),
    "intake.columns.header_not_found.fix": (
        "Write the header as the form has it, or remove the line.",
        "请按表格中的写法填写表头，或删除该行。",
    ),
    "intake.strict.sheet": (
        "was ignored but resembles table {closest} (--strict).",
        "未被读取，但与表 {closest_zh} 相近（--strict）。",
    ),
    "intake.strict.sheet.fix": (
        "Add the missing columns, or map them with --columns.",
        "请补齐缺少的列，或用 --columns 指定。",
    ),
    "intake.strict.column": (
        "the column '{header}' was ignored but resembles {closest} (--strict).",
        "列“{header}”未被读取，但与 {closest} 相近（--strict）。",
    ),
    "intake.strict.column.fix": (
        "Rename the header, or map it with --columns.",
        "请修改表头，或用 --columns 指定。",
    ),
    "intake.town.missing": (
        "no town column, and no title or 填报单位 line names the town (街道/镇/乡).",
        "没有镇街列，标题和填报单位中也未写明镇街（街道/镇/乡）。",
    ),
    "intake.town.missing.fix": (
        "Add a 镇街 column, or a title such as 青溪街道村（社区）基本情况.",
        "请增加“镇街”列，或在标题中写明，如“青溪街道村（社区）基本情况”。",
    ),
    "intake.name.two_villages": (
        "the village name '{name}' appears twice (first in row {first}), and there is no id.",
        "村（社区）名称“{name}”出现两次（第一次在第 {first} 行），且没有村编号。",
    ),
    "intake.name.two_villages.fix": (
        "Add a 村编号 column, or tell the villages apart by name.",
        "请增加“村编号”列，或使名称互不相同。",
    ),
    "intake.name.ambiguous_village": (
        "the village name '{name}' is ambiguous: {file} rows {first} and {second}.",
        "村名“{name}”不唯一：{file} 第 {first} 行和第 {second} 行。",
    ),
    "intake.name.ambiguous_village.fix": (
        "Use the village id (村编号) here.",
        "请在此处填写村编号。",
    ),
    "intake.name.ambiguous_person": (
        "the name '{name}' fits two people: {first_file} row {first_row} and {second_file}"
        " row {second_row}.",
        "姓名“{name}”对应两个人：{first_file} 第 {first_row} 行和"
        " {second_file} 第 {second_row} 行。",
    ),
    "intake.name.ambiguous_person.fix": (
        "Add the village or unit, or use person ids.",
        "请补充所在村（社区）或单位，或填写人员编号。",
    ),
    "intake.name.same_person_twice": (
        "'{name}' appears twice with the same village (first in row {first}) and no ID number.",
        "“{name}”在同一村（社区）出现两次（第一次在第 {first} 行），且没有身份证号码。",
    ),
    "intake.name.same_person_twice.fix": (
        "Add 身份证号码 or a 人员编号 column, or remove the copy.",
        "请增加身份证号码或人员编号列，或删除重复行。",
    ),
    "intake.name.same_id_number": (
        "the ID number {id_number} appears twice: rows {first} and {row}.",
        "身份证号码 {id_number} 出现两次：第 {first} 行和第 {row} 行。",
    ),
    "intake.name.same_id_number.fix": (
        "Remove the copy, or correct the ID number of the person it does not belong to.",
        "请删除重复行，或更正不属于此人的身份证号码。",
    ),
    "intake.cell.empty_required": (
        "the cell is empty, but this column is required.",
        "单元格为空，但此列必须填写。",
    ),
    "intake.cell.empty_required.fix": ("Fill it in.", "请填写。"),
    "intake.cell.control_character": (
        "the cell holds an invisible control character ({code}).",
        "单元格中有不可见的控制字符（{code}）。",
    ),
    "intake.cell.control_character.fix": (
        "Delete it and retype the cell.",
        "请删除该字符并重新输入此单元格。",
    ),
    "intake.cell.too_long": (
        "the cell holds {length:,} characters, more than the {limit:,} one spreadsheet cell holds.",
        "单元格有 {length:,} 个字符，超过电子表格单元格可容纳的 {limit:,} 个。",
    ),
    "intake.cell.too_long.fix": (
        "Shorten the text (a name or a note needs far fewer characters).",
        "请缩短内容（姓名或备注用不了这么多字）。",
    ),
    "intake.column.missing_required": (
        "the required column {names} is missing.",
        "缺少必需的列{names_zh}。",
    ),
    "intake.column.missing_required.fix": (
        "Add it to the header row (English or Chinese name, see the README).",
        "请在表头行中加上此列（中文或英文列名均可，见 README）。",
    ),
    "intake.column.missing_required_many": (
        "the required columns {names} are missing.",
        "缺少必需的列{names_zh}。",
    ),
    "intake.column.missing_required_many.fix": (
        "Add them to the header row (English or Chinese names, see the README).",
        "请在表头行中加上这些列（中文或英文列名均可，见 README）。",
    ),
    # a required column missing while an unrecognised header closely resembles it (姓明)
    "intake.column.misspelt": (
        "the required column {names} is missing: column {letter} '{header}' looks like "
        "{word}.",
        "缺少必需的列{names_zh}：{letter}列“{header}”看起来是“{word}”。",
    ),
    "intake.column.misspelt.fix": (
        "Correct the header (write {word}), or map it with --columns.",
        "请更正表头（写作“{word}”），或用 --columns 指定。",
    ),
    "intake.column.misspelt_many": (
        "the required columns {names} are missing: column {letter} '{header}' looks like "
        "{word}.",
        "缺少必需的列{names_zh}：{letter}列“{header}”看起来是“{word}”。",
    ),
    "intake.column.misspelt_many.fix": (
        "Correct the header (write {word}) and add the others, or map them with --columns.",
        "请更正表头（写作“{word}”）并补上其余的列，或用 --columns 指定。",
    ),
    # a sheet taken for a table by its name and columns that lacks a column of it
    "intake.column.missing_required_in": (
        "the required column {names} is missing (its name and columns make it the "
        "{table} table).",
        "缺少必需的列{names_zh}（按名称和已有的列，它是“{table_zh}”表）。",
    ),
    "intake.column.missing_required_in.fix": (
        "Add it to the header row (English or Chinese name, see the README) or map a header "
        "to it with --columns; if it is no {table} table, rename or remove it.",
        "请在表头行中加上此列（中文或英文列名均可，见 README），或用 --columns 指定；"
        "如果它不是“{table_zh}”表，请重命名或移除它。",
    ),
    "intake.column.missing_required_many_in": (
        "the required columns {names} are missing (its name and columns make it the "
        "{table} table).",
        "缺少必需的列{names_zh}（按名称和已有的列，它是“{table_zh}”表）。",
    ),
    "intake.column.missing_required_many_in.fix": (
        "Add them to the header row (English or Chinese names, see the README) or map headers "
        "to them with --columns; if it is no {table} table, rename or remove it.",
        "请在表头行中加上这些列（中文或英文列名均可，见 README），或用 --columns 指定；"
        "如果它不是“{table_zh}”表，请重命名或移除它。",
    ),
    # references the checks of solver/dataset.py cannot resolve: a name rather than an id,
    # or a table whose sheet is hidden
    "intake.ref.noun.person": ("person", "人员"),
    "intake.ref.noun.reserve": ("reserve", "后备干部"),
    "intake.ref.noun.mentor": ("mentor", "导师"),
    "intake.ref.noun.vetted": ("candidate", "人选"),
    "intake.ref.noun.candidate": ("candidate", "人选"),
    "intake.ref.noun.village": ("village", "村（社区）"),
    "intake.ref.unknown_person_name": ("unknown person '{value}'.", "未知的人员“{value}”。"),
    "intake.ref.unknown_person_name.fix": (
        "Use a name or id listed in any person table.",
        "请使用任一人员表中已有的姓名或编号。",
    ),
    "intake.ref.unknown_reserve_name": (
        "unknown reserve '{value}'.",
        "未知的后备干部“{value}”。",
    ),
    "intake.ref.unknown_reserve_name.fix": (
        "Use a name or id listed in reserves.",
        "请使用后备干部表中已有的姓名或编号。",
    ),
    "intake.ref.unknown_mentor_name": ("unknown mentor '{value}'.", "未知的导师“{value}”。"),
    "intake.ref.unknown_mentor_name.fix": (
        "Use a name or id listed in mentors.",
        "请使用导师表中已有的姓名或编号。",
    ),
    "intake.ref.unknown_vetted_name": ("unknown candidate '{value}'.", "未知的人选“{value}”。"),
    "intake.ref.unknown_vetted_name.fix": (
        "Use a name or id listed in reserves, dispatched or nominees.",
        "请使用后备干部、选派干部或推荐人选表中已有的姓名或编号。",
    ),
    "intake.ref.unknown_candidate_name": (
        "unknown candidate '{value}'.",
        "未知的人选“{value}”。",
    ),
    "intake.ref.unknown_candidate_name.fix": (
        "Use a name or id listed in reserves or dispatched.",
        "请使用后备干部或选派干部表中已有的姓名或编号。",
    ),
    "intake.ref.hidden_table": (
        "unknown {noun} '{value}': the {table} table is missing because {sheet} is hidden "
        "(hidden sheets are not read).",
        "未知的{noun_zh}“{value}”：{table_zh}表缺失，因为 {sheet} 已隐藏（隐藏的工作表不读取）。",
    ),
    "intake.ref.hidden_table.fix": (
        "Unhide that sheet (right-click a sheet tab, Unhide) and run again.",
        "请取消隐藏该工作表（右键单击工作表标签 → 取消隐藏）后重新运行。",
    ),
    "intake.ref.hidden_table_id": (
        "unknown {noun} id '{value}': the {table} table is missing because {sheet} is hidden "
        "(hidden sheets are not read).",
        "未知的{noun_zh}编号“{value}”：{table_zh}表缺失，"
        "因为 {sheet} 已隐藏（隐藏的工作表不读取）。",
    ),
    "intake.ref.hidden_table_id.fix": (
        "Unhide that sheet (right-click a sheet tab, Unhide) and run again.",
        "请取消隐藏该工作表（右键单击工作表标签 → 取消隐藏）后重新运行。",
    ),
    "intake.ref.hidden_required": (
        "this sheet is the {table} table, which every plan needs, but it is hidden "
        "(hidden sheets are not read).",
        "此工作表是每个方案都需要的{table_zh}表，但它已隐藏（隐藏的工作表不读取）。",
    ),
    "intake.ref.hidden_required.fix": (
        "Unhide it (right-click a sheet tab, Unhide) and run again.",
        "请取消隐藏该工作表（右键单击工作表标签 → 取消隐藏）后重新运行。",
    ),
    "intake.row.title": ("title", "标题"),
    "intake.row.filled_by": ("填报单位/填报时间 line", "填报单位/填报时间行"),
    "intake.row.blank": ("blank", "空行"),
    "intake.row.footer": ("footer (填表人, 审核人, 注, 说明)", "表尾：填表人、审核人、注、说明"),
    "intake.row.total": ("total (合计, 小计)", "合计/小计"),
    # rows that hold no person (locate._empty_rows)
    "intake.row.empty": (
        "no person (only a 序号, or / and other blank marks)",
        "无人员（只有序号，或只有 / 等空白记号）",
    ),
    "intake.row.blank_below": (
        "以下空白 (blank below: the data ends here)",
        "“以下空白”（数据到此为止）",
    ),
    "intake.row.below_blank": (
        "under 以下空白 (the form says the rest is blank)",
        "位于“以下空白”之下（表格注明以下为空）",
    ),
    "intake.row.vacant": ("（空缺）: the post is vacant", "姓名为“（空缺）”：职位空缺"),
    "intake.report.title": (
        "Intake report (what each file, sheet, column and row became):",
        "读取报告（各文件、工作表、列和行的去向）：",
    ),
    "intake.report.source_read": (
        "  {label} -> {table} (header row {rows})",
        "  {label} → {table}（表头第 {rows} 行）",
    ),
    "intake.report.source_ignored": (
        "  {label}: ignored, because {reason}",
        "  {label}：未读取，原因：{reason}",
    ),
    "intake.report.column_read": (
        "    {header} -> {column} ({values} values, {converted} converted)",
        "    {header} → {column}（{values} 个值，{converted} 个经转换）",
    ),
    "intake.report.column_ignored": (
        "    {header}: ignored, {reason}{closest}",
        "    {header}：未读取，{reason}{closest}",
    ),
    "intake.report.column_form": (
        "    {header} -> {column}: {reason}",
        "    {header} → {column}：{reason}",
    ),
    "intake.report.closest": ("; closest: {closest}", "；最接近：{closest}"),
    "intake.report.nearest": (
        "{nearest}, though alike only {percent:.0f}%; map it with --columns if it is that",
        "{nearest}，但相似度仅 {percent:.0f}%；如确是此列，可用 --columns 指定",
    ),
    "intake.report.none_within_reach": (
        "none within reach (no known column is 40% alike); map it with --columns if needed",
        "无（没有相似度达 40% 的已知列）；如需读取，可用 --columns 指定",
    ),
    "intake.report.rows_dropped": (
        "    rows dropped ({kind}): {rows}",
        "    舍去的行（{kind}）：{rows}",
    ),
    "intake.warning.excellent_over_cap": (
        "warning: {count} secretaries are rated 好 (excellent), more than floor(0.15 × {posts} "
        "posts) = {cap}.",
        "提醒：考核等次为“好”的书记有 {count} 名，"
        "超过 {posts} 个职数的 15%（向下取整）即 {cap} 名。",
    ),
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

# perf (issue 14): a source of a table the command does not need (only its header is read).
MESSAGES.update(
    {
        "intake.source.not_needed": (
            "not needed by this command: only its header was read",
            "本命令不需要此表：只读取了表头",
        ),
        # scale (issue 14): a known column of a needed table that the command does not use.
        "intake.column.not_needed": (
            "not needed by this command: not checked or used",
            "本命令不需要此列：未校验、未使用",
        ),
        "intake.report.source_unread": (
            "  {label} -> {table} (header row {rows}): {reason}",
            "  {label} → {table}（表头第 {rows} 行）：{reason}",
        ),
    }
)
