"""``plan serve``: the page's words (keys ``web.*``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # the command
    "web.missing_extra": (
        'plan serve needs the web extra: pip install "cadreplan[web]" '
        '(from a source folder: pip install ".[web]").',
        'plan serve 需要安装网页组件：pip install "cadreplan[web]"'
        '（在源代码文件夹中：pip install ".[web]"）。',
    ),
    "web.listening": ("cadreplan is open at {url}", "cadreplan 网页已打开：{url}"),
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
        "也可以先用自带的样例街道。",
    ),
    "web.data.upload": ("Upload and read", "上传并读取"),
    "web.data.sample": ("Use the sample district", "使用样例街道"),
    "web.data.current": ("Current data", "当前数据"),
    "web.data.none": (
        "No data yet: upload forms or pick the sample.",
        "尚无数据：请上传表格或选择样例。",
    ),
    "web.data.sample_name": ("the bundled sample district", "自带样例街道"),
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
    "web.data.intake_missing": (
        "This version of cadreplan reads only tables named after the contract; the full "
        "intake report comes with the form reader.",
        "此版本的 cadreplan 只读取按约定命名的数据表；完整的读取报告随表格读取功能提供。",
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
    "web.rules.list_hint": ("separate with ;", "用 ; 分隔"),
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
        "At most {limit} runs at once; others wait their turn.",
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
        "Waiting for a free slot ({ahead} ahead)",
        "排队等候（前面还有 {ahead} 个）",
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
        "Compared with {run}: {same} of {total} files have the same bytes.",
        "与 {run} 相比：{total} 个文件中有 {same} 个字节完全相同。",
    ),
    "web.results.differs": ("differs", "不同"),
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
}
