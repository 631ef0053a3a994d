"""Terminal lines, progress phases and option errors of the ``plan`` commands.

``CLICK_ZH`` translates click's own messages (usage errors, help headings), keyed by the
English text click passes to gettext; :mod:`cadreplan.cli.lang` installs it while a command
runs with ``--lang zh``. A test checks that every key still occurs in click's source, so an
upgrade that rewords a message is noticed.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "using_sample": (
        "Using the bundled sample district (pass --data for your own).",
        "使用自带样例街道（青溪街道）的数据（用 --data 指定自己的数据）。",
    ),
    "cli.options_metavar": ("[OPTIONS]", "[选项]"),
    "cli.subcommand_metavar": ("COMMAND [ARGS]...", "命令 [参数]..."),
    "cli.no_such_command": ("No such command '{name}'.", "没有命令“{name}”。"),
    "cli.interrupted": (
        "interrupted: the output folder holds one complete set of outputs, never a "
        "half-written one (exit 130).",
        "已中止：输出文件夹中始终是一套完整的输出文件，不会留下写了一半的文件（退出码 130）。",
    ),
    "cli.interrupted_nothing_written": (
        "interrupted: nothing was written, run the command again to finish (exit 130).",
        "已中止：未写入任何文件，请重新运行该命令（退出码 130）。",
    ),
    "cli.usage_fix": ("{message} See {command} -h.", "{message}用法见 {command} -h。"),
    "cli.source_date_epoch": (
        "SOURCE_DATE_EPOCH is '{value}', not a whole number of seconds since 1970-01-01 UTC "
        "from 0 to {latest}. Set it to such a number (the source_date_epoch of an earlier "
        "summary.json), or unset it to use the current time.",
        "环境变量 SOURCE_DATE_EPOCH 的值“{value}”无效，应为 0 到 {latest} 之间的整数秒数"
        "（自 1970-01-01 UTC 起）。请改为这样的整数（如以前 summary.json 中的 "
        "source_date_epoch），或取消该变量以使用当前时间。",
    ),
    "cli.did_you_mean": (" Did you mean '{match}'?", "您是否要输入“{match}”？"),
    "cli.commands_are": (" Commands: {commands}.", "可用命令：{commands}。"),
    "cli.written_to": ("written to {out}/", "输出目录 {out}/"),
    "cli.note": ("note: {note}", "说明：{note}"),
    "cli.item_line": ("{head}: {text}", "{head}：{text}"),
    "cli.more_in_file": ("... {count} more in {file}", "…… 另有 {count} 条，见 {file}"),
    # Solver status and method, shown in every plan's first line.
    "status.optimal": ("optimal", "最优"),
    "status.feasible": ("feasible, not proven optimal", "可行解（未证明最优）"),
    "status.infeasible": ("infeasible", "无可行解"),
    "status.unknown": ("unknown", "未知"),
    "solver.flow": ("min-cost flow", "最小费用流"),
    "solver.cpsat": ("CP-SAT", "CP-SAT"),
    "solver.ranking": ("ranking", "排序法"),
    "solver.rules": ("rules", "按规则评定"),
    "route.local": ("local", "本村"),
    "route.cross_village": ("cross_village", "跨村任职"),
    "route.dispatched": ("dispatched", "选派"),
    # plan mentors
    "mentors.headline": (
        "Mentor pairing: {assigned} of {total} reserves paired ({status}, {solver}, "
        "total score {objective:.2f}, bound {bound:.2f}, {seconds:.2f} s)",
        "导师结对：{total} 名后备干部中 {assigned} 名已结对（{status}，{solver}，"
        "总分 {objective:.2f}，上界 {bound:.2f}，用时 {seconds:.2f} 秒）",
    ),
    "mentors.load_by_type": ("load by mentor type:", "按导师类型的带教量："),
    "mentors.load_line": ("{kind}: {load}/{capacity}", "{kind}：{load}/{capacity}"),
    "mentors.changes": (
        "changes from last year: {kept} pairs kept, {changed} changed",
        "与上年相比：{kept} 对延续，{changed} 对调整",
    ),
    # One of last year's pairs that the plan changes: the reserve, last year's mentor and
    # this plan's mentor (or none), each by name with the id in brackets.
    "mentors.change_line": ("{reserve}: {before} -> {after}", "{reserve}：{before} → {after}"),
    "mentors.change_unpaired": ("no mentor", "未结对"),
    "mentors.unassigned_line": ("{reserve}, {village}: {reason}", "{reserve}，{village}：{reason}"),
    "mentors.unassigned": ("unassigned: {count}", "未结对：{count} 人"),
    # plan backfill
    "backfill.headline": (
        "Backfill: {filled} of {vacancies} vacant posts filled ({status}, {solver}, "
        "priority {priority}, total fit {objective:.2f}, bound {bound:.2f}, {seconds:.2f} s)",
        "空缺岗位补齐：{vacancies} 个空缺岗位中 {filled} 个已安排（{status}，{solver}，"
        "优先权重 {priority}，总匹配分 {objective:.2f}，上界 {bound:.2f}，用时 {seconds:.2f} 秒）",
    ),
    "backfill.eligible": (
        "eligible candidates: {eligible}/{candidates}",
        "资格联审通过：{eligible}/{candidates} 人",
    ),
    "backfill.appointment": (
        "{village} <- {name} ({person_id}, {route}, {score:.2f})",
        "{village} ← {name}（{person_id}，{route}，{score:.2f} 分）",
    ),
    "backfill.unfilled": ("unfilled: {count}", "未补齐岗位：{count} 个"),
    "backfill.shortfall": (
        "reserve shortfall against the ratio: {before} -> {after}",
        "后备干部缺口（1:2）：{before} → {after}",
    ),
    # plan check: the information-database summary (信息库)
    "check.headline": (
        "Information database of {source} (plan year {year})",
        "信息库：{source}（规划年度 {year}）",
    ),
    "check.villages": (
        "villages: {count} in {towns} town(s); {kinds}",
        "村（社区）：{count} 个，分属 {towns} 个镇街；{kinds}",
    ),
    "check.kind_count": ("{kind} {count}", "{kind} {count} 个"),
    "check.more_towns": ("... and {count} more towns", "…… 另有 {count} 个镇街"),
    "check.by_category": ("by category:", "按类别："),
    "check.category_line": ("{name}: {count}", "{name}：{count} 个"),
    "check.vacant_posts": ("vacant posts: {count}", "空缺岗位：{count} 个"),
    "check.vacancy.secretary_status": (
        "secretary {person} is {status}",
        "书记 {person}{status}",
    ),
    "check.vacancy.no_secretary": ("no secretary on record", "没有在任书记记录"),
    "check.and_more": ("... and {count} more", "…… 另有 {count} 条"),
    "check.reserves": (
        "reserves: {reserves}; villages below 1:{target}: {below} (total shortfall {shortfall})",
        "后备干部：{reserves} 人；低于 1:{target} 的村：{below} 个（合计缺口 {shortfall} 人）",
    ),
    "check.reserve_line": (
        "{village}: {reserves} of {target}",
        "{village}：{reserves}/{target} 人",
    ),
    "check.not_vetted": (
        "candidates not fully vetted: {count}",
        "联审未全部通过的人选：{count} 人",
    ),
    "check.vetting_item": ("{department} {result}", "{department}{result}"),
    "check.mentors": (
        "mentors: {count} with capacity {capacity} for {reserves} reserves",
        "导师：{count} 名，带教容量 {capacity}，后备干部 {reserves} 人",
    ),
    "check.mentor_type": (
        "{kind}: {count} (capacity {capacity})",
        "{kind}：{count} 名（容量 {capacity}）",
    ),
    "check.dispatched": ("dispatched cadres: {count}", "选派干部：{count} 人"),
    "check.distances": ("distances: {method}", "距离：{method}"),
    "check.distances.road": ("shortest paths over roads", "按道路计算最短路程"),
    "check.distances.great_circle": ("great-circle from lat/lon", "按经纬度计算球面距离"),
    "check.distances.none": (
        "NONE: no roads and no lat/lon, so distance limits cannot be applied",
        "无：既无道路表也无经纬度，距离限制无法执行",
    ),
    "category.large": ("large (10,000 people or more)", "万人以上大村"),
    "category.long_tenure": ("secretary in a third term or later", "书记连任3届以上"),
    "vetting.missing": ("missing", "未审查"),
    # Progress on stderr (cli/progress.py): one line per phase with its time.
    "progress.running": ("{phase}…", "{phase}……"),
    "progress.done": (
        "{phase}: {seconds:.1f} s (elapsed {elapsed:.1f} s)",
        "{phase}：{seconds:.1f} 秒（累计 {elapsed:.1f} 秒）",
    ),
    "progress.read": ("reading the data", "读取数据"),
    "progress.distances": ("distances", "计算距离"),
    "progress.build": ("building the model", "建立模型"),
    "progress.solve": ("solving", "求解"),
    "progress.explain": ("explaining what is left out", "说明未安排的原因"),
    "progress.check": ("checking the plan", "独立复核方案"),
    "progress.write": ("writing the files", "写出文件"),
    "progress.simulate": ("simulating", "模拟"),
    # plan generate
    "generate.wrote": ("Wrote {out}: {counts}", "已写入 {out}：{counts}"),
    "generate.count": ("{table} {count}", "{table} {count} 行"),
    "table.villages": ("villages", "村（社区）"),
    "table.roads": ("roads", "道路"),
    "table.secretaries": ("secretaries", "党组织书记"),
    "table.reserves": ("reserves", "后备干部"),
    "table.mentors": ("mentors", "导师"),
    "table.nominees": ("nominees", "推荐人选"),
    "table.dispatched": ("dispatched", "选派干部"),
    "table.vetting": ("vetting", "联审"),
    "table.conflicts": ("conflicts", "回避关系"),
    "table.previous_pairs": ("previous_pairs", "上年结对"),
    "table.pair_scores": ("pair_scores", "结对分数"),
    "table.post_scores": ("post_scores", "岗位分数"),
    "cli.warn.hidden_sheet": (
        "warning: {label} is a hidden sheet and was not read (unhide it to use it).",
        "注意：{label} 是隐藏的工作表，未读取（如需使用请取消隐藏）。",
    ),
    "cli.warn.ignored_sheet": (
        "warning: {label} was not read although it resembles {closest}; see intake.csv "
        "(map its headers with --columns, or --strict to refuse).",
        "注意：{label} 未读取，但与 {closest} 相近；详见 intake.csv"
        "（可用 --columns 指定表头，或用 --strict 拒绝运行）。",
    ),
    "cli.warn.no_mentors": (
        "warning: no mentors were read ({label} has no rows under its header, or there is "
        "no mentors table), so every reserve is left unpaired. List the mentors, one row "
        "each under the header.",
        "注意：未读到任何导师（{label} 表头下没有数据行，或没有导师表），所有后备干部均未结对。"
        "请在表头下逐行填写导师。",
    ),
    "cli.warn.ignored_column": (
        "warning: {label}, column '{header}' was not read although it resembles {closest} "
        "(map it with --columns, or --strict to refuse).",
        "注意：{label} 的列“{header}”未读取，但与 {closest} 相近"
        "（可用 --columns 指定，或用 --strict 拒绝运行）。",
    ),
}

#: The notes a plan attaches (``plan.notes``, English in the library), in Chinese.
NOTES_ZH: dict[str, str] = {
    "mentors with a blank village and mentors.office_village blank: the distance limit does "
    "not apply to them and their proximity score is 0": (
        "部分导师未填所在村且 mentors.office_village 留空：这些导师不受距离限制，距离分为 0"
    ),
    "no roads table and no lat/lon: the distance limit could not be applied and "
    "proximity scores are 0": "既无道路表也无经纬度：距离限制无法执行，距离分均为 0",
    "no roads table and no lat/lon: the cross-village distance limit could not be applied": (
        "既无道路表也无经纬度：跨村任职的距离限制无法执行"
    ),
    "no nominees table": "没有推荐人选表",
}

#: click's messages in Chinese, keyed by the English text click passes to gettext.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "您是否要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是否要输入以下之一：{possibilities}？）",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} 不是有效的布尔值。可用的值：{states}"
    ),
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "路径 {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{filename!r} 不可写。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Aborted!": "已中止！",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
}
