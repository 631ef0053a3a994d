"""Command help (``plan <command> -h``) in both languages: descriptions, options, examples.

Keys:

- ``help.<command>``: the whole description with its ``Example:`` block (``\\b`` keeps click
  from rewrapping the example lines); ``help.<command>.short``: the line ``plan -h`` lists;
- ``help.option.<param>``: an option shared by several commands, by its parameter name
  (``data``, ``rules_path``, ``as_json`` …); ``help.<command>.option.<param>``: an option of
  one command, or one whose help differs there;
- ``help.metavar.<type>``: click's placeholders (PATH, FILE, INTEGER RANGE …) and
  ``help.default.*`` the defaults shown as words.

:func:`cadreplan.cli.lang.localise_help` puts them on a command before click prints its help;
a test checks that every option of every command has its words here in both languages.
"""

from __future__ import annotations

_EXAMPLE = "\n\n\b\n{head}\n{lines}"


def _help(en: str, zh: str, examples: tuple[str, ...]) -> tuple[str, str]:
    lines = "\n".join(f"  {line}" for line in examples)
    return (
        en + _EXAMPLE.format(head="Example:", lines=lines),
        zh + _EXAMPLE.format(head="示例：", lines=lines),
    )


MESSAGES: dict[str, tuple[str, str]] = {
    # --- the plan group ---------------------------------------------------------------
    "help.plan": _help(
        "Cadre planning for the Lead Goose (头雁) programme.\n\n"
        "Check a district's tables, pair reserve cadres with mentors, fill vacant secretary "
        "posts, review the reserve pool, rate the secretaries and compare pay schemes; "
        "generate a synthetic district to try them on, or serve the office's web page. "
        "Without --data, every command uses the bundled sample district.",
        "“头雁”工程村（社区）党组织书记队伍规划工具。\n\n"
        "检查街道数据表，为后备干部安排导师，补齐空缺书记岗位，评议后备干部队伍，"
        "评定书记等次，比较报酬方案；还可生成模拟街道数据试用，或打开办公室网页。"
        "不指定 --data 时，各命令使用自带样例街道（青溪街道）的数据。",
        (
            "plan check",
            "plan mentors --out plan-output/mentors",
            "plan backfill --lang zh",
            "plan budget",
        ),
    ),
    "help.option.version": ("Show the version and exit.", "显示版本号并退出。"),
    "help.plan.option.lang": (
        "Language of this help and of the command that follows, unless it has its own --lang "
        "(default from the locale).",
        "本帮助及其后命令的语言（命令自带 --lang 时以其为准；默认随系统区域设置）。",
    ),
    # --- plan check -------------------------------------------------------------------
    "help.check": _help(
        "Validate a dataset and print its information-database summary.\n\n"
        "The summary gives villages by town and category (with the derived large and "
        "long_tenure), the vacant posts and why, the reserve ratio against 1:2, candidates "
        "not fully vetted, and the mentors' capacity against the reserves.",
        "检查数据并打印信息库概况。\n\n"
        "概况包括：按镇街和类别统计的村（社区）（含万人以上大村、书记连任3届以上），"
        "空缺岗位及原因，后备干部与 1:2 配备比例的差距，联审未全部通过的人选，"
        "以及导师带教容量与后备干部人数的对比。",
        ("plan check", "plan check --data district/ --year 2027 --json"),
    ),
    "help.check.short": (
        "Validate a dataset and print its information-database summary.",
        "检查数据并打印信息库概况。",
    ),
    "help.check.option.rules_path": (
        "A TOML file whose keys override the bundled rules (for the 1:2 target and vetting).",
        "规则文件（TOML），其中的键覆盖自带规则（用于 1:2 配备目标和联审）。",
    ),
    # --- plan mentors -----------------------------------------------------------------
    "help.mentors": _help(
        "Pair every reserve cadre with a mentor, or say exactly why not.\n\n"
        "The plan pairs the most reserves, then maximises the total pair score, within every "
        "hard rule: mentor capacity, max_km, conflicts of interest, the mentor types required "
        "for weak villages, same_village_max and (if given) pair_scores. It writes "
        "mentor_pairs.csv, mentor_load.csv, unassigned.csv, mentors.xlsx and summary.json.",
        "为每名后备干部安排导师（雏雁导师结对），不能安排的逐一说明原因。\n\n"
        "在全部硬性规则之内（导师带教容量、max_km 距离上限、利益回避、软弱涣散等村对导师类型的"
        "要求、same_village_max 同村人数上限，以及给定的 pair_scores 结对分数），先使结对人数"
        "最多，再使结对总分最高。输出 mentor_pairs.csv、mentor_load.csv、unassigned.csv、"
        "mentors.xlsx 和 summary.json。",
        (
            "plan mentors",
            "plan mentors --data district/ --rules strict.toml --out plans/mentors --lang zh",
        ),
    ),
    "help.mentors.short": (
        "Pair every reserve cadre with a mentor, or say exactly why not.",
        "为后备干部安排导师，并说明未结对的原因。",
    ),
    # --- plan backfill ----------------------------------------------------------------
    "help.backfill": _help(
        "Vet every candidate and fill the vacant secretary posts.\n\n"
        "Posts are filled from the village's own reserves, then cross-village (pilot "
        "villages, within cross_village_max_km), then by dispatched cadres. The plan fills the "
        "highest total priority weight, then the best total fit, and never proposes an "
        "ineligible person. It writes appointments.csv, shortlist.csv, unfilled.csv, "
        "eligibility.csv, reserve_ratio.csv, backfill.xlsx and summary.json.",
        "对全部人选进行任职资格联审，并补齐空缺的村（社区）党组织书记岗位。\n\n"
        "岗位先由本村后备干部补齐，其次跨村任职（试点村，cross_village_max_km 公里内），"
        "再次选派干部。先使已补岗位的优先权重之和最大，再使总匹配分最高，"
        "决不安排不符合任职条件的人选。输出 appointments.csv、shortlist.csv、unfilled.csv、"
        "eligibility.csv、reserve_ratio.csv、backfill.xlsx 和 summary.json。",
        (
            "plan backfill",
            "plan backfill --data district/ --rules structure.toml --lang zh --out plans/backfill",
        ),
    ),
    "help.backfill.short": (
        "Vet every candidate and fill the vacant secretary posts.",
        "任职资格联审，补齐空缺书记岗位。",
    ),
    # --- plan reserves ----------------------------------------------------------------
    "help.reserves": _help(
        "Review the reserve pool: who stays, who leaves and which nominees join.\n\n"
        "A reserve leaves when a [reserves] rule fails (evaluation, age, education, Party "
        "membership if required, a failed vetting) or as surplus above max_per_village (the "
        "lowest evaluations leave). Eligible nominees (the nominees table, 推荐人选) are "
        "admitted only into their village's shortfall to ratio per post: the highest priority "
        "weight x places filled, then the highest total evaluation. Without "
        "[reserves.structure] targets, or when the ranking meets them, the ranking is exact "
        '(solver "ranking" in summary.json). Binding targets are hard constraints solved by '
        'two HiGHS solves over class totals (solver "highs"), or with --solver cpsat by one '
        'CP-SAT solve (solver "cpsat", which may stop unproven at --time-limit); status and '
        "bound are the solver's. It writes reserve_pool.csv, nominees.csv, reserve_ratio.csv, "
        "reserves.xlsx and summary.json.",
        "后备干部库年度动态调整：谁保留、谁调出、哪些推荐人选递补。\n\n"
        "后备干部不符合 [reserves] 规则（履职评估、年龄、学历、按要求的党员身份、联审不通过）"
        "时调出；本村人数超过 max_per_village 时评估得分最低者作为超额调出。符合条件的推荐人选"
        "（nominees 表）只递补本村相对配备比例的缺口：先使优先权重×递补人数最大，"
        "再使递补者履职评估总分最高。没有 [reserves.structure] 结构目标、或排序结果已满足目标时，"
        "按排序精确求解。结构目标不满足时作为硬性约束：按类别人数分两步用 HiGHS 求解，"
        "--solver cpsat 时用一次 CP-SAT 求解（到 --time-limit 可能未证明最优）；"
        "summary.json 记录所用方法，状态和界均来自该方法。输出 "
        "reserve_pool.csv、nominees.csv、reserve_ratio.csv、reserves.xlsx 和 summary.json。",
        (
            "plan reserves",
            "plan reserves --data district/ --rules review.toml --lang zh --out plans/reserves",
        ),
    ),
    "help.reserves.short": (
        "Review the reserve pool: who stays, who leaves and which nominees join.",
        "后备干部库年度动态调整：保留、调出与递补。",
    ),
    "help.reserves.option.solver": (
        "auto: the exact ranking; when it misses the [reserves.structure] targets, two "
        "HiGHS solves over class totals. flow: the exact ranking (refused when structure "
        "targets are set). cpsat: one CP-SAT solve.",
        "auto：按排序精确求解，排序结果不满足 [reserves.structure] 结构目标时按类别人数"
        "分两步用 HiGHS 求解。flow：按排序精确求解（设有结构目标时拒绝运行）。"
        "cpsat：用一次 CP-SAT 求解。",
    ),
    # --- plan ratings -----------------------------------------------------------------
    "help.ratings": _help(
        "Rate every secretary 好 / 较好 / 一般 / 差 from the assessment, under the cap.\n\n"
        "The rating follows the thresholds of [ratings] (excellent_min, good_min, fair_min); "
        "a veto (一票否决) gives 差. At most floor(cap_excellent x secretary posts) per scope "
        "(district or town) keep 好, the highest assessments first; a tied group on the "
        "boundary is rated 较好 as a whole (no lottery). Ratings already in the data that "
        "break the cap are reported. It writes ratings.csv, secretaries_next.csv (差 in post "
        "-> to_adjust, the input of plan backfill), cap_check.csv, ratings.xlsx and "
        "summary.json.",
        "按实绩考核得分评定每名书记的等次（好 / 较好 / 一般 / 差），并遵守“好”的比例上限。\n\n"
        "等次按 [ratings] 的分数线（excellent_min、good_min、fair_min）评定；一票否决者评为"
        "“差”。每个范围（全街道或按镇街）内评为“好”的不超过 floor(cap_excellent × 书记职数)，"
        "得分高者优先；在分界处同分的一组整体评为“较好”（不抽签）。数据中已有的等次超过上限的，"
        "一并报告。输出 ratings.csv、secretaries_next.csv（在任且评为“差”的列为待调整，"
        "供 plan backfill 读取）、cap_check.csv、ratings.xlsx 和 summary.json。",
        (
            "plan ratings",
            "plan ratings --data district/ --rules town-cap.toml --lang zh --out plans/ratings",
        ),
    ),
    "help.ratings.short": (
        "Rate every secretary 好 / 较好 / 一般 / 差 from the assessment, under the cap.",
        "评定书记实绩考核等次（“好”不超过比例上限）。",
    ),
    "help.ratings.option.rules_path": (
        "A TOML file whose keys override the bundled rules ([ratings]).",
        "规则文件（TOML），其中的键覆盖自带规则（[ratings]）。",
    ),
    # --- plan budget ------------------------------------------------------------------
    "help.budget": _help(
        "Compare pay schemes year by year, with uncertainty, against the first (baseline).\n\n"
        "Without SCENARIO files it compares the bundled baseline (2,500 CNY/month) with the "
        "plan's scheme (2,700 CNY/month). Headcount and ages come from --data (default: the "
        "bundled sample district) unless a scenario sets headcount. It writes "
        "budget_summary.csv, budget.xlsx (with native charts), budget.html (offline) and "
        "summary.json.",
        "逐年比较各报酬方案与第一个方案（基准）的经费，并给出不确定性。\n\n"
        "不指定方案文件时，比较自带的基准方案（每月 2,500 元）与新方案"
        "（每月 2,700 元）。人数和年龄取自 --data（默认为自带样例街道），方案文件设定了 "
        "headcount 的除外。输出 budget_summary.csv、budget.xlsx（含原生图表）、"
        "budget.html（可离线打开）和 summary.json。",
        (
            "plan budget",
            "plan budget baseline.toml scheme.toml --data district/ --draws 20000 --years 5 "
            "--lang zh",
        ),
    ),
    "help.budget.short": (
        "Compare pay schemes year by year, with uncertainty, against the baseline.",
        "逐年比较报酬方案的经费及其不确定性。",
    ),
    "help.budget.option.draws": (
        "Monte-Carlo draws per scenario and year.",
        "每个方案每年的蒙特卡洛抽样次数。",
    ),
    "help.budget.option.years": (
        "Projection years (default: each scenario's 'years').",
        "测算年数（默认取各方案文件的 years）。",
    ),
    "help.budget.option.seed": (
        "Random seed; scenarios share it, so their draws are paired.",
        "随机种子；各方案共用同一种子，抽样一一配对。",
    ),
    # --- plan generate ----------------------------------------------------------------
    "help.generate": _help(
        "Write a synthetic dataset of VILLAGES villages, valid for every command.\n\n"
        "Towns hold 10-20 villages on a connected road network; there are about 2 reserves "
        "per village, a mentor per 3 reserves, 8% vacant posts and 5% vetting failures.",
        "生成含 VILLAGES 个村（社区）的模拟数据，可供各命令使用。\n\n"
        "每个镇街 10–20 个村，道路连通；每村约 2 名后备干部，每 3 名后备干部约 1 名导师，"
        "约 8% 的书记岗位空缺，约 5% 的联审不通过。",
        (
            "plan generate --villages 300 --seed 1 --out city/",
            "plan generate --villages 50 --out district.xlsx",
        ),
    ),
    "help.generate.short": (
        "Write a synthetic dataset of VILLAGES villages, valid for every command.",
        "生成模拟数据（指定村的个数）。",
    ),
    "help.generate.option.villages": (
        "How many villages (a province has about 26,000).",
        "村（社区）个数（一个省约 26,000 个）。",
    ),
    "help.generate.option.seed": (
        "Random seed; the same seed gives the same bytes.",
        "随机种子；同一种子生成完全相同的文件。",
    ),
    "help.generate.option.year": (
        "Year the birth and Party years are drawn against. Default: this year.",
        "生成出生年份和入党年份所依据的年度。默认：今年。",
    ),
    "help.generate.option.out": (
        "A folder for CSV tables, or a path ending in .xlsx for one workbook.",
        "输出位置：文件夹（写 CSV 表），或以 .xlsx 结尾的路径（写一个工作簿）。",
    ),
    # --- plan serve -------------------------------------------------------------------
    "help.serve": _help(
        "Open the office's web page: upload forms, set rules, run plans, read and download.\n\n"
        "The page is in Chinese (with an English switch) and needs nothing from the internet. "
        "It listens on 127.0.0.1 (this computer only) unless --host says otherwise; then every "
        "request needs the access token printed here.",
        "打开办公网页：上传表格、设置规则、运行规划、查看和下载结果。\n\n"
        "网页为中文（可切换英文），不需要连接互联网。默认只在 127.0.0.1（本机）上提供服务；"
        "用 --host 指定其他地址时，每个请求都须带上此处打印的访问令牌。",
        (
            'pip install ".[web]" && plan serve',
            "plan serve --data-dir D:/cadreplan --port 8800 --no-open",
        ),
    ),
    "help.serve.short": (
        "Open the office's web page: upload forms, set rules, run plans, read and download.",
        "打开办公网页：上传表格、设置规则、运行规划、下载结果。",
    ),
    "help.serve.option.host": (
        "Address to listen on. Any other than 127.0.0.1 needs the printed token.",
        "监听地址。127.0.0.1 以外的地址须使用打印出的访问令牌。",
    ),
    "help.serve.option.port": ("Port to listen on.", "监听端口。"),
    "help.serve.option.data_dir": (
        "Folder of the history (SQLite), the uploaded forms and every run's files.",
        "存放运行记录（SQLite）、上传的表格和每次运行文件的文件夹。",
    ),
    "help.serve.option.open_browser": (
        "Open the page in the default browser.",
        "用默认浏览器打开网页。",
    ),
    "help.serve.option.max_runs": (
        "Runs that may execute at once; others wait their turn.",
        "可同时进行的运行数；其余排队等候。",
    ),
    "help.serve.option.max_upload_mb": (
        "Largest upload, in MB (a zip may unpack to four times this).",
        "上传文件大小上限（MB；zip 解压后最多可为其四倍）。",
    ),
    "help.serve.option.lang": (
        "Language of the lines printed here (the page has its own switch).",
        "此处打印信息的语言（网页有自己的语言切换）。",
    ),
    # --- options shared by several commands ---------------------------------------------
    "help.option.data": (
        "A folder of CSV and workbook files (the office's forms as they are), one workbook or "
        "one CSV. Default: the bundled sample district.",
        "数据：含 CSV 和工作簿文件的文件夹（办公表格原样即可）、一个工作簿或一个 CSV 文件。"
        "默认：自带样例街道（青溪街道）。",
    ),
    "help.option.columns": (
        'A TOML file mapping other headers to columns: [reserves] "后备人选姓名" = "name".',
        '列名对照文件（TOML），把其他表头对应到列：[reserves] "后备人选姓名" = "name"。',
    ),
    "help.option.strict": (
        "Refuse a sheet or column that resembles a known one but was ignored.",
        "有与已知表或列相近却未读取的工作表或列时，拒绝运行。",
    ),
    "help.option.rules_path": (
        "A TOML file whose keys override the bundled rules.",
        "规则文件（TOML），其中的键覆盖自带规则。",
    ),
    "help.option.out": (
        "Folder for the output files (written atomically).",
        "输出文件夹（文件整体写入，失败不留残缺文件）。",
    ),
    "help.option.csv_encoding": (
        "Encoding of the CSV outputs: utf-8-sig (with a byte-order mark, so that a "
        "double-clicked file shows Chinese in Excel), utf-8 (for scripts) or gb18030.",
        "CSV 输出的编码：utf-8-sig（带字节顺序标记，双击用 Excel 打开时中文正常显示）、"
        "utf-8（供脚本读取）或 gb18030。",
    ),
    "help.option.year": (
        "The plan year, for ages and Party years. Default: this year.",
        "规划年度，用于计算年龄和党龄。默认：今年。",
    ),
    "help.option.time_limit": ("Seconds the solver may run.", "求解时间上限（秒）。"),
    "help.option.seed": (
        "Random seed of the solver (recorded in summary.json).",
        "求解器的随机种子（记录在 summary.json 中）。",
    ),
    "help.option.solver": (
        "auto: min-cost flow when the model is a network, else CP-SAT.",
        "auto：模型为网络结构时用最小费用流，否则用 CP-SAT。",
    ),
    "help.option.lang": (
        "Language of everything printed and of the workbooks (default from the locale: "
        "zh when LC_ALL/LC_MESSAGES/LANG starts with zh).",
        "终端输出和工作簿的语言（默认随系统区域设置："
        "LC_ALL/LC_MESSAGES/LANG 以 zh 开头时为中文）。",
    ),
    "help.option.as_json": ("Print summary.json to stdout.", "把 summary.json 打印到标准输出。"),
    "help.option.quiet": ("Print nothing but errors.", "只打印错误信息。"),
    "help.option.help": ("Show this message and exit.", "显示本帮助并退出。"),
    # --- placeholders and defaults shown in help ------------------------------------------
    "help.metavar.path": ("PATH", "路径"),
    "help.metavar.file": ("FILE", "文件"),
    "help.metavar.directory": ("DIRECTORY", "文件夹"),
    "help.metavar.integer range": ("INTEGER RANGE", "整数"),
    "help.metavar.float range": ("FLOAT RANGE", "数值"),
    "help.metavar.integer": ("INTEGER", "整数"),
    "help.metavar.float": ("FLOAT", "数值"),
    "help.metavar.text": ("TEXT", "文本"),
    "help.metavar.scenarios": ("[SCENARIOS]...", "[方案文件]..."),
    "help.default.lang": (
        "zh if the locale is Chinese, else en",
        "系统区域为中文时为 zh，否则为 en",
    ),
}
