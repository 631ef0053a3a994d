"""``plan serve``: the page's words (keys ``web.*``)."""

from __future__ import annotations

#: English titles of the output tables, sheets and chart series a page names (the files keep
#: their code names; the Chinese titles are the workbook headers of ``headers.py``).
NAMES_EN: dict[str, str] = {
    "mentor_pairs": "Mentor pairs",
    "mentor_load": "Mentor load",
    "unassigned": "Reserves without a mentor",
    "appointments": "Appointments",
    "shortlist": "Shortlist",
    "unfilled": "Unfilled posts",
    "eligibility": "Eligibility vetting",
    "reserve_ratio": "Reserve ratio",
    "filing": "Filing form",
    "reserve_pool": "Reserve pool",
    "nominees": "Nominees",
    "ratings": "Ratings",
    "secretaries_next": "Secretaries next year",
    "cap_check": "Cap on top ratings",
    "summary": "Summary",
    "per_year": "Per year",
    "payers": "Payers",
    "comparison": "Comparison",
    "assumptions": "Assumptions",
    "chart_data": "Chart data",
    "load": "Load",
    "capacity": "Capacity",
}

MESSAGES: dict[str, tuple[str, str]] = {
    # the command
    "web.missing_extra": (
        'plan serve needs the web extra: pip install "cadreplan[web]" '
        '(from a source folder: pip install ".[web]").',
        'plan serve 需要安装网页组件：pip install "cadreplan[web]"'
        '（在源代码文件夹中：pip install ".[web]"）。',
    ),
    "web.listening": ("cadreplan is open at {url}", "cadreplan 网页已打开：{url}"),
    "web.listening_also": ("  also at {url}", "  也可访问：{url}"),
    "web.token_note": (
        "Bound to {host}: every request needs the access token {token} "
        "(the address above carries it once; keep it private).",
        "已绑定 {host}：每个请求都需要访问令牌 {token}（上面的地址已带上一次；请勿外传）。",
    ),
    "web.stop_note": ("Press Ctrl+C to stop.", "按 Ctrl+C 停止。"),
    # navigation and common words
    "web.title": ("cadreplan · cadre planning", "cadreplan · 头雁工程干部规划"),
    "web.nav.data": ("Data", "数据"),
    "web.nav.rules": ("Rules", "规则"),
    "web.nav.run": ("Run", "运行"),
    "web.nav.results": ("Results", "结果"),
    "web.nav.history": ("History", "历史"),
    "web.switch_lang": ("中文", "English"),
    "web.download": ("Download", "下载"),
    "web.save": ("Save", "保存"),
    "web.reset": ("Back to the defaults", "恢复默认"),
    "web.none_yet": ("Nothing yet.", "暂无。"),
    "web.error": ("Error", "错误"),
    "web.internal_error": (
        "Something went wrong inside cadreplan (internal error {ref}); the server log has the "
        "details. Your data and earlier runs are safe.",
        "cadreplan 内部出错（编号 {ref}），详情见服务器日志。您的数据和以往运行记录不受影响。",
    ),
    "web.not_found": (
        "There is no such page, or it belongs to another session.",
        "没有这个页面，或它属于另一个会话。",
    ),
    "web.csrf_failed": (
        "The form has expired (its security token does not match). Reload the page and try again.",
        "表单已过期（安全令牌不符）。请刷新页面后重试。",
    ),
    "web.token_required": (
        "This server needs its access token: open the address that `plan serve` printed.",
        "此服务器需要访问令牌：请打开 `plan serve` 打印出的地址。",
    ),
    "web.bad_host": (
        "This server answers only to the address it was started on.",
        "此服务器只响应启动时的地址。",
    ),
    "web.too_large": (
        "The upload is larger than {limit} MB. Split it, or start plan serve with a larger "
        "--max-upload-mb.",
        "上传文件超过 {limit} MB。请拆分，或用更大的 --max-upload-mb 启动 plan serve。",
    ),
    # data page
    "web.data.heading": ("Data", "数据"),
    "web.data.intro": (
        "Upload the office's forms: one workbook (.xlsx), one CSV, or a .zip of several forms. "
        "Or start with the bundled sample district.",
        "上传办公表格：一个工作簿（.xlsx）、一个 CSV，或多个表格打成的 .zip 压缩包；"
        "也可以先用自带样例街道（青溪街道）。",
    ),
    "web.data.upload": ("Upload and read", "上传并读取"),
    "web.data.sample": ("Use the sample district", "使用自带样例街道（青溪街道）"),
    "web.data.current": ("Current data", "当前数据"),
    "web.data.none": (
        "No data yet: upload forms or pick the sample.",
        "尚无数据：请上传表格或选择样例。",
    ),
    "web.data.sample_name": ("the bundled sample district", "自带样例街道（青溪街道）"),
    "web.data.files": ("Files", "文件"),
    "web.data.file_uploaded": ("uploaded as", "上传文件名"),
    "web.data.file_stored": ("kept as", "保存为"),
    "web.data.size": ("bytes", "字节"),
    "web.data.skipped": ("Not read from the upload", "上传内容中未读取的部分"),
    "web.data.read_ok": ("Read without problems.", "读取成功，未发现问题。"),
    "web.data.read_failed": ("The data cannot be used yet:", "数据暂时无法使用："),
    "web.data.tables": ("Tables read", "读取到的数据表"),
    "web.data.table": ("table", "数据表"),
    "web.data.rows": ("rows", "行数"),
    "web.data.intake": ("Intake report", "读取报告"),
    "web.data.intake_partial": (
        "What was read before the problem above was found:",
        "发现上述问题之前已读取的内容：",
    ),
    "web.data.reread": ("Read again", "重新读取"),
    "web.data.year": ("Plan year", "规划年度"),
    "web.data.columns": ("Column mappings", "列名对应"),
    "web.data.columns_intro": (
        "Map a column the reader ignored to a known column. This writes the same mapping file "
        "that --columns reads.",
        "把读取时被忽略的列对应到已知列。这里写出的对应文件与命令行 --columns 读取的相同。",
    ),
    "web.data.columns_unsupported": (
        "This version of cadreplan cannot apply column mappings yet (no --columns option); "
        "the file is kept and used once it can.",
        "此版本的 cadreplan 尚不能应用列名对应（没有 --columns 选项）；对应文件会保留，"
        "待支持后使用。",
    ),
    "web.data.map_header": ("Header in the form", "表格中的列名"),
    "web.data.map_column": ("Known column", "已知列"),
    "web.data.map_add": ("Add mapping and read again", "添加对应并重新读取"),
    "web.data.map_remove": ("Remove", "删除"),
    "web.data.bad_type": (
        "{name}: only .xlsx, .xls, .csv, .tsv, .txt or a .zip of them can be uploaded.",
        "{name}：只能上传 .xlsx、.xls、.csv、.tsv、.txt 文件或它们的 .zip 压缩包。",
    ),
    "web.data.no_file": ("Choose a file first.", "请先选择文件。"),
    "web.data.bad_zip": ("{name} is not a readable .zip file.", "{name} 不是可读取的 .zip 文件。"),
    "web.data.zip_too_large": (
        "{name} unpacks to more than {limit} MB; it is refused.",
        "{name} 解压后超过 {limit} MB，已拒绝。",
    ),
    "web.data.zip_too_many": (
        "{name} holds more than {limit} files; it is refused.",
        "{name} 包含超过 {limit} 个文件，已拒绝。",
    ),
    "web.data.zip_empty": (
        "{name} holds no form that can be read (.xlsx, .xls, .csv, .tsv, .txt).",
        "{name} 中没有可读取的表格（.xlsx、.xls、.csv、.tsv、.txt）。",
    ),
    "web.data.skip.folder": ("a folder", "文件夹"),
    "web.data.skip.hidden": ("a hidden or system file", "隐藏文件或系统文件"),
    "web.data.skip.type": ("not a form cadreplan reads", "不是 cadreplan 读取的表格类型"),
    "web.data.skip.nested": ("a zip inside the zip is not opened", "压缩包中的压缩包不会被打开"),
    "web.data.bad_mapping": ("{problem}", "{problem}"),
    # The page's own way where the intake's words advise the command line's --columns: a
    # header is mapped in the Data page's "Column mappings" form (DataError.render(fix_key=)).
    "web.fix.intake.column.missing_required": (
        "Add it to the header row (English or Chinese name), or map the form's header to it "
        "under Column mappings below.",
        "请在表头行中加上此列（中文或英文列名均可），或在下方“列名对应”中把表格中的列名对应到此列。",
    ),
    "web.fix.intake.column.missing_required_many": (
        "Add them to the header row (English or Chinese names), or map the form's headers to "
        "them under Column mappings below.",
        "请在表头行中加上这些列（中文或英文列名均可），或在下方“列名对应”中把表格中的列名对应到"
        "这些列。",
    ),
    "web.fix.intake.column.missing_required_in": (
        "Add it to the header row (English or Chinese name), or map the form's header to it "
        "under Column mappings below; if it is no {table} table, rename or remove it.",
        "请在表头行中加上此列（中文或英文列名均可），或在下方“列名对应”中把表格中的列名对应到此列；"
        "如果它不是“{table_zh}”表，请重命名或移除它。",
    ),
    "web.fix.intake.column.missing_required_many_in": (
        "Add them to the header row (English or Chinese names), or map the form's headers to "
        "them under Column mappings below; if it is no {table} table, rename or remove it.",
        "请在表头行中加上这些列（中文或英文列名均可），或在下方“列名对应”中把表格中的列名对应到"
        "这些列；如果它不是“{table_zh}”表，请重命名或移除它。",
    ),
    "web.fix.intake.source.two_tables": (
        "Rename the sheet or file after the table it is, or map its headers under Column "
        "mappings below.",
        "请按其所属的表重命名工作表或文件，或在下方“列名对应”中指定它的列。",
    ),
    "web.fix.intake.columns.header_not_found": (
        "Remove that mapping under Column mappings below, or add it again with the header as "
        "the form writes it.",
        "请在下方“列名对应”中删除这一项，或按表格中的写法重新添加。",
    ),
    "web.data.hint.nearest": (
        "{nearest}, though alike only {percent:.0f}%; map it below if it is that",
        "{nearest}，但相似度仅 {percent:.0f}%；如确是此列，可在下方“列名对应”中指定",
    ),
    "web.data.hint.none_within_reach": (
        "none within reach (no known column is 40% alike); map it below if needed",
        "无（没有相似度达 40% 的已知列）；如需读取，可在下方“列名对应”中指定",
    ),
    "web.data.mapped_here": ("mapped under Column mappings", "在“列名对应”中指定"),
    "web.data.count": ("({count})", "（{count}）"),
    "web.colon": (": ", "："),
    "web.data.choose": ("choose…", "请选择"),
    "web.data.mapping_no_target": (
        "No known column was chosen for “{header}”: nothing was mapped; choose the column it "
        "holds and add the mapping again.",
        "未给“{header}”选择已知列，未添加任何对应；请选择该列对应的已知列后再添加。",
    ),
    "web.data.mapping_blank": (
        "Give both the header as the form writes it and the known column.",
        "请同时填写表格中的列名和已知列。",
    ),
    # rules page
    "web.rules.heading": ("Rules", "规则"),
    "web.rules.intro": (
        "The main rules of each plan with their bundled defaults. Only the values you change are "
        "saved (as a rules file that overrides the defaults, as --rules does).",
        "各项规划的主要规则及其默认值。只保存您修改过的值"
        "（作为覆盖默认值的规则文件，与 --rules 相同）。",
    ),
    "web.rules.key": ("key", "键"),
    "web.rules.value": ("value", "取值"),
    "web.rules.default": ("default", "默认值"),
    "web.rules.unit": ("unit", "单位"),
    "web.rules.saved": ("Rules saved and checked.", "规则已保存并通过校验。"),
    "web.rules.invalid": ("The rules were not saved:", "规则未保存："),
    "web.rules.download": ("Download the full rules (TOML)", "下载完整规则（TOML）"),
    "web.rules.upload": ("Upload a rules file (TOML)", "上传规则文件（TOML）"),
    "web.rules.changed": ("Changed from the defaults", "与默认值不同的规则"),
    "web.rules.not_number": (
        "{key}: '{value}' is not a number.",
        "{key}：“{value}”不是数字。",
    ),
    "web.rules.bad_toml": ("{problem}", "{problem}"),
    "web.rules.list_hint": (
        "department names (discipline, police …), separated by ;",
        "填写部门名称（如 纪委、公安），用“、”或“；”分隔",
    ),
    "web.rules.scope.district": ("whole sub-district", "全街道"),
    "web.rules.scope.town": ("each town", "按镇"),
    "web.true": ("yes", "是"),
    "web.false": ("no", "否"),
    # run page
    "web.run.heading": ("Run a plan", "运行规划"),
    "web.run.need_data": (
        "Choose data first (Data page).",
        "请先在“数据”页选择数据。",
    ),
    "web.run.start": ("Run", "开始运行"),
    "web.run.command.mentors": ("Mentor pairing", "导师结对"),
    "web.run.command.backfill": ("Backfill of vacant posts", "空缺岗位补齐"),
    "web.run.command.reserves": ("Review of the reserve pool", "后备干部动态调整"),
    "web.run.command.ratings": ("Performance ratings", "实绩考核等次"),
    "web.run.command.budget": ("Budget of pay schemes", "报酬方案预算"),
    "web.run.option.year": ("Plan year", "规划年度"),
    "web.run.option.time_limit": ("Time limit (seconds)", "求解时限（秒）"),
    "web.run.option.seed": ("Random seed", "随机种子"),
    "web.run.option.solver": ("Solver", "求解器"),
    "web.run.option.draws": ("Draws per scenario and year", "每个方案每年的模拟次数"),
    "web.run.option.years": ("Projection years (blank: the scenario's)", "预测年数（空：按方案）"),
    "web.run.slots": (
        "Runs at once: at most {limit}; others wait their turn.",
        "同时最多运行 {limit} 个；其余排队等候。",
    ),
    "web.run.bad_option": ("{name}: {problem}", "{name}：{problem}"),
    "web.run.not_available": (
        "{command} is not in this version of cadreplan.",
        "此版本的 cadreplan 没有 {command}。",
    ),
    # run status
    "web.status.queued": ("waiting for a free slot", "排队等候"),
    "web.status.running": ("running", "运行中"),
    "web.status.done": ("finished", "已完成"),
    "web.status.failed": ("no plan", "未得到规划"),
    "web.status.cancelled": ("cancelled", "已取消"),
    "web.phase.queued": (
        "Waiting for a free slot ({ahead} running or queued ahead)",
        "排队等候（前面还有 {ahead} 个在运行或排队）",
    ),
    "web.phase.started": ("Reading the data and the rules", "读取数据和规则"),
    "web.phase.writing": ("Writing the files", "写出结果文件"),
    "web.phase.done": ("Finished", "已完成"),
    "web.phase.cancelled": ("Cancelled; no file was written.", "已取消；未写出任何文件。"),
    "web.phase.timeout": (
        "Stopped: the run went {seconds} s past its time limit.",
        "已停止：运行超过时限 {seconds} 秒。",
    ),
    "web.cancel": ("Cancel", "取消运行"),
    "web.elapsed": ("elapsed", "已用时"),
    "web.seconds": ("s", "秒"),
    "web.solver.auto": ("automatic (the plan picks its method)", "自动选择"),
    "web.file.intake.csv": ("Intake report", "读取报告"),
    "web.file.summary.json": ("Summary for programs (JSON)", "运行摘要（JSON，供程序读取）"),
    "web.file.budget.html": ("Budget report (web page)", "预算报告（网页）"),
    "web.file.workbook": ("Workbook of the plan", "规划工作簿"),
    "web.name.budget_summary": ("Budget summary", "预算汇总"),
    "web.chart.mentor_load": ("Mentor load by mentor type", "导师带教量（按导师类型）"),
    "web.chart.routes": ("Posts by route", "岗位补齐结果"),
    "web.chart.pool": ("Reserve pool after review", "后备干部库调整结果"),
    "web.chart.ratings": ("Ratings given", "考核等次分布"),
    "web.chart.no_value": ("(blank)", "（空）"),
    "web.chart.not_rated": ("not rated", "未评定"),
    "web.data.previous_kept": (
        "Nothing was replaced: the data in use is still {label}.",
        "当前数据未被替换，仍使用“{label}”。",
    ),
    "web.data.sheet.villages": ("villages (村（社区）基本情况)", "村（社区）基本情况"),
    "web.data.sheet.secretaries": ("secretaries (书记花名册)", "村（社区）党组织书记花名册"),
    "web.data.sheet.reserves": ("reserves (后备干部花名册)", "村级后备干部花名册"),
    "web.data.no_table": (
        "{upload}: no {table} table was found. Add that sheet (or file) and upload again.",
        "{upload}：未找到“{table}”表。请补上该工作表（或文件）后重新上传。",
    ),
    "web.figure.reserve_shortfall_before": (
        "Reserve shortfall before the plan",
        "补齐前后备干部缺口",
    ),
    "web.figure.reserve_shortfall_after": (
        "Reserve shortfall after the plan",
        "补齐后后备干部缺口",
    ),
    "web.about.heading": ("Settings of this run", "本次运行的设置"),
    "web.about.data": ("Data", "数据"),
    "web.about.rules": ("Rules", "规则"),
    "web.about.rules_default": ("the bundled rules, unchanged", "自带规则，未修改"),
    "web.about.rules_changed": (
        "the bundled rules, changed on the Rules page: {changes}",
        "自带规则，在规则页修改了：{changes}",
    ),
    "web.about.columns": ("{count} mapping(s) set on the Data page", "在数据页设置了 {count} 项"),
    "web.about.lang": ("Language of the files", "输出文件语言"),
    "web.run.exit": ("exit code {code}", "退出码 {code}"),
    # results page
    "web.results.heading": ("Results", "结果"),
    "web.results.none": ("No run yet: start one on the Run page.", "尚无运行：请在“运行”页开始。"),
    "web.results.summary": ("Summary", "摘要"),
    "web.results.figures": ("Key figures", "主要数字"),
    "web.results.tables": ("Tables", "数据表"),
    "web.results.reasons": ("Reasons", "原因"),
    "web.results.reasons_more": (
        "{more} more in the table {table}.",
        "另有 {more} 条，见数据表 {table}。",
    ),
    "web.results.charts": ("Charts", "图表"),
    "web.results.files": ("Files", "文件"),
    "web.results.zip": ("All files (.zip)", "全部文件（.zip）"),
    "web.results.manifest": ("Manifest", "运行清单"),
    "web.results.rerun": ("Run again with the same inputs", "用相同输入重新运行"),
    "web.results.rerun_of": ("Rerun of {run}", "重新运行自 {run}"),
    "web.results.same_bytes": (
        "Compared with {run}: {same} of {total} files reproduced "
        "(same bytes; summary.json apart from its timing fields).",
        "与 {run} 相比：{total} 个文件中有 {same} 个复现"
        "（字节完全相同；summary.json 除计时字段外相同）。",
    ),
    "web.results.differs": ("differs", "不同"),
    "web.results.as_written": (
        "Shown as the run wrote it, in {lang} (text worded when the plan was made, "
        "not stored as codes).",
        "按运行时写入的原文显示（{lang}）：这段文字在制定方案时写成，未以代码保存。",
    ),
    "web.lang_name.zh": ("Chinese", "中文"),
    "web.lang_name.en": ("English", "英文"),
    "web.compare.file": ("File", "文件"),
    "web.compare.first": ("First run (sha256)", "首次运行（sha256）"),
    "web.compare.rerun": ("Rerun (sha256)", "重新运行（sha256）"),
    "web.compare.verdict": ("Same?", "是否相同"),
    "web.compare.same": ("same bytes", "字节相同"),
    "web.compare.same_but_timings": (
        "same apart from the timing fields {fields} (seconds measured, not planned)",
        "除计时字段 {fields} 外完全相同（计时为实测用时，不属于方案内容）",
    ),
    "web.compare.differs": ("differs {fields}", "不同 {fields}"),
    "web.compare.missing": ("not written by the rerun", "重新运行未生成此文件"),
    "web.compare.new": ("written by the rerun only", "仅重新运行生成此文件"),
    "web.results.search": ("Search", "搜索"),
    "web.results.page": (
        "page {page} of {pages} ({rows} rows)",
        "第 {page}/{pages} 页（共 {rows} 行）",
    ),
    "web.results.prev": ("previous", "上一页"),
    "web.results.next": ("next", "下一页"),
    "web.results.sort": ("sort", "排序"),
    "web.results.command": ("Command", "命令"),
    # history page
    "web.history.heading": ("History", "历史记录"),
    "web.history.when": ("started", "开始时间"),
    "web.history.what": ("plan", "规划"),
    "web.history.status": ("status", "状态"),
    "web.history.data": ("data", "数据"),
    "web.history.open": ("open", "打开"),
    # rules: labels and units of the main keys (a key without a label shows as itself)
    "web.rule.eligibility.max_age": ("Oldest age for appointment", "任职最大年龄"),
    "web.rule.eligibility.min_age": ("Youngest age for appointment", "任职最小年龄"),
    "web.rule.eligibility.min_education": ("Lowest education", "最低学历"),
    "web.rule.eligibility.party_member_required": ("Party member required", "须为中共党员"),
    "web.rule.eligibility.min_party_years": ("Least Party years", "最少党龄"),
    "web.rule.eligibility.min_evaluation": ("Lowest evaluation", "最低履职评估分"),
    "web.rule.eligibility.required_departments": (
        "Vetting departments required",
        "须通过联审的部门",
    ),
    "web.rule.mentors.capacity": ("Mentees per mentor (where blank)", "导师带教人数（未填时）"),
    "web.rule.mentors.max_km": (
        "Farthest mentor distance (0: no limit)",
        "导师最远距离（0 为不限）",
    ),
    "web.rule.mentors.same_village_max": (
        "Mentees of one mentor from one village (0: no limit)",
        "同一导师带教同村人数上限（0 为不限）",
    ),
    "web.rule.mentors.office_village": (
        "Village of the sub-district office",
        "街道办驻地村（社区）",
    ),
    "web.rule.backfill.cross_village_max_km": ("Farthest cross-village post", "跨村任职最远距离"),
    "web.rule.backfill.outside_only_if_no_local": (
        "Outside candidates only where the village has none",
        "本村无合格人选时才考虑外村和选派人选",
    ),
    "web.rule.backfill.allow_dispatched": ("Dispatched cadres may fill posts", "允许选派干部任职"),
    "web.rule.backfill.shortlist": ("Alternates per post", "每个岗位的备选人数"),
    "web.rule.backfill.reserve_ratio": ("Reserves per post", "每个岗位的后备干部人数"),
    "web.rule.reserves.ratio": ("Reserves per post", "每个岗位的后备干部人数"),
    "web.rule.reserves.max_per_village": (
        "Reserves per village (0: no cap)",
        "每村后备干部上限（0 为不限）",
    ),
    "web.rule.reserves.min_evaluation": ("Lowest evaluation", "最低履职评估分"),
    "web.rule.reserves.max_age": ("Oldest age", "最大年龄"),
    "web.rule.reserves.min_education": ("Lowest education", "最低学历"),
    "web.rule.reserves.party_member_required": ("Party member required", "须为中共党员"),
    "web.rule.ratings.excellent_min": ("Least score for 好", "“好”等次最低分"),
    "web.rule.ratings.good_min": ("Least score for 较好", "“较好”等次最低分"),
    "web.rule.ratings.fair_min": ("Least score for 一般", "“一般”等次最低分"),
    "web.rule.ratings.cap_excellent": ("Largest share rated 好", "“好”等次最高比例"),
    "web.rule.ratings.scope": ("Where the cap is counted", "比例计算范围"),
    "web.section.eligibility": ("Eligibility (joint vetting)", "任职资格（联审）"),
    "web.section.mentors": ("Mentor pairing", "导师结对"),
    "web.section.backfill": ("Backfill of vacant posts", "空缺岗位补齐"),
    "web.section.reserves": ("Review of the reserve pool", "后备干部动态调整"),
    "web.section.ratings": ("Performance ratings", "实绩考核等次"),
    "web.unit.years_of_age": ("years of age", "岁"),
    "web.unit.years": ("years", "年"),
    "web.unit.points": ("points (0-100)", "分（0-100）"),
    "web.unit.km": ("km", "公里"),
    "web.unit.people": ("people", "人"),
    "web.unit.share": ("share (0-1)", "比例（0-1）"),
    # key figures of summary.json on the Results page
    "web.figure.status": ("status", "求解状态"),
    "web.figure.objective": ("objective", "目标值"),
    "web.figure.bound": ("bound", "上界"),
    "web.figure.gap": ("optimality gap", "最优性差距"),
    "web.figure.seconds": ("solver seconds", "求解用时（秒）"),
    "web.figure.solver": ("solver", "求解器"),
    "web.figure.seed": ("seed", "随机种子"),
    "web.figure.year": ("plan year", "规划年度"),
    "web.figure.reserves": ("reserves", "后备干部人数"),
    "web.figure.mentors": ("mentors", "导师人数"),
    "web.figure.assigned": ("paired", "已结对"),
    "web.figure.unassigned": ("not paired", "未结对"),
    "web.figure.mentors.kept": ("pairs kept from last year", "延续上年结对"),
    "web.figure.reserves.kept": ("reserves kept", "保留"),
    "web.figure.reserves.nominees": ("nominees", "推荐人选"),
    "web.figure.reserves.left": ("reserves leaving", "调出"),
    "web.figure.reserves.admitted": ("nominees admitted", "递补"),
    "web.figure.reserves.pool_after": ("pool after review", "调整后后备干部人数"),
    "web.figure.reserves.shortfall_before": ("shortfall before", "调整前缺口"),
    "web.figure.reserves.shortfall_after": ("shortfall after", "调整后缺口"),
    "web.figure.ratings.secretaries": ("secretaries", "书记人数"),
    "web.figure.ratings.rated": ("rated", "已评定"),
    "web.figure.ratings.excellent_unused": ("excellent places left unused", "“好”名额空缺"),
    "web.figure.vacancies": ("vacant posts", "空缺岗位"),
    "web.figure.filled": ("filled", "已补齐"),
    "web.figure.unfilled": ("unfilled", "未补齐"),
    "web.figure.priority_filled": ("priority weight filled", "已补齐的优先权重"),
    "web.figure.candidates": ("candidates", "候选人数"),
    "web.figure.eligible": ("eligible", "资格联审通过"),
    "web.figure.draws": ("draws", "模拟次数"),
    "web.figure.headline": ("headline", "结论"),
    "web.figure.time_limit": ("time limit", "求解时限"),
    "web.figure.score_scale": ("score precision", "分值精度"),
    "web.figure.seconds_value": ("{seconds} s", "{seconds} 秒"),
    "web.figure.points_value": ("{points} points", "{points} 分"),
    "web.run.method_unused": (
        "plan {command} does not use the method {method}; choose one of: {methods}.",
        "plan {command} 不使用求解方法“{method}”，请选择：{methods}。",
    ),
    # the intake report's columns and words (records of plan check's report, intake.csv)
    "web.data.ignored_columns": ("Columns the reader ignored", "读取时忽略的列"),
    "web.data.intake_counts": (
        "{read} files or sheets read, {ignored} ignored; {columns} columns read, "
        "{dropped_columns} ignored; {rows} rows that are not data (titles, footers, totals).",
        "读取文件或工作表 {read} 个，忽略 {ignored} 个；"
        "读取列 {columns} 个，忽略 {dropped_columns} 个；非数据行（标题、表尾、合计等）{rows} 行。",
    ),
    "web.data.intake_ignored": ("What was not read", "未读取的内容"),
    "web.data.intake_all": ("The whole intake report", "完整读取报告"),
    "web.intake.kind": ("what", "类别"),
    "web.intake.file": ("file or sheet", "文件或工作表"),
    "web.intake.table": ("table", "数据表"),
    "web.intake.row": ("row", "行"),
    "web.intake.header": ("header", "表头"),
    "web.intake.column": ("column", "对应列"),
    "web.intake.status": ("status", "状态"),
    "web.intake.reason": ("why", "说明"),
    "web.intake.closest": ("closest known", "最接近的已知列"),
    "web.intake.converted": ("values converted", "转换的取值个数"),
    "web.intake.similarity": ("similarity", "相似度"),
    "web.intake.kind.source": ("file or sheet", "文件或工作表"),
    "web.intake.kind.column": ("column", "列"),
    "web.intake.kind.row": ("row", "行"),
    "web.intake.kind.note": ("note", "说明"),
    "web.intake.status.read": ("read", "已读取"),
    "web.intake.status.ignored": ("ignored", "已忽略"),
    "web.intake.status.dropped": ("not data", "非数据行"),
}
