"""Messages of the errors that stop a run: output folders, solve options, solver limits,
budget scenarios and infeasible structure targets (keys ``err.*``).

Reading errors (``DataError`` of the intake) live in :mod:`.intake`, rules keys in
:mod:`.general`. A test walks the library and front ends and refuses any error raised
without a catalogue key, so no message stays English-only.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "phrases.sep": ("; ", "；"),
    # Output folders (cli/render/folders.py, output.py).
    "err.out.unwritable": (
        "--out {out} cannot be written ({reason}). Choose a folder you may write to.",
        "--out {out} 无法写入（{reason}）。请选择有写入权限的文件夹。",
    ),
    "err.out.root": (
        "--out {out} is the root of the filesystem. Choose a folder below it.",
        "--out {out} 是文件系统的根目录。请选择其下的一个文件夹。",
    ),
    "err.out.loop": (
        "--out {out} is a symlink that leads nowhere (a loop). Choose a folder.",
        "--out {out} 是一个无法到达目标的符号链接（循环）。请选择一个文件夹。",
    ),
    "err.out.file": (
        "--out {out} is a file, not a folder. Choose a folder (it is created if missing).",
        "--out {out} 是文件，不是文件夹。请选择一个文件夹（不存在时会自动创建）。",
    ),
    "err.out.data_folder": (
        "--out {out} is the --data folder: its outputs would be read as tables the next "
        "time. Choose another folder.",
        "--out {out} 就是 --data 数据文件夹：输出文件下次会被当作数据表读入。请另选文件夹。",
    ),
    "err.out.parent_file": (
        "--out {out} cannot be created: {existing} is a file, not a folder.",
        "无法创建 --out {out}：{existing} 是文件，不是文件夹。",
    ),
    "err.out.locked": (
        "another run has been writing to {folder} for over {seconds} s (lock file {lock}); "
        "wait for it to finish or choose another --out.",
        "另一次运行正在写入 {folder}，已超过 {seconds} 秒（锁文件 {lock}）；"
        "请等它结束，或另选 --out。",
    ),
    "err.out.empty": (
        "is empty; give the folder for the outputs.",
        "为空；请给出输出文件夹。",
    ),
    "err.out.is_folder": (
        "--out {out} is a folder; give a file name ending in {suffix}.",
        "--out {out} 是文件夹；请给出以 {suffix} 结尾的文件名。",
    ),
    # A full disk or quota (solver/errors.py NoSpaceError): exit 1, not an internal error.
    "err.nospace.folder": (
        "the output folder {out} could not be written: {reason}. Free some space there, "
        "or choose another --out; the folder was left as it was before this run.",
        "无法写入输出文件夹 {out}：{reason}。请腾出空间，或另选 --out；"
        "该文件夹保持本次运行之前的样子。",
    ),
    "err.nospace.file": (
        "the output file {file} could not be written: {reason}. Free some space there, "
        "or choose another --out; the file was left as it was before this run.",
        "无法写入输出文件 {file}：{reason}。请腾出空间，或另选 --out；"
        "该文件保持本次运行之前的样子。",
    ),
    "err.nospace.terminal": (
        "the terminal output ({stream}) could not be written: {reason}. Free some space "
        "where it is redirected, or redirect it to another disk.",
        "无法写出终端输出（{stream}）：{reason}。请在重定向的目标处腾出空间，"
        "或重定向到另一个磁盘。",
    ),
    "err.nospace.disk": ("no space left on the disk", "磁盘空间已满"),
    "err.nospace.quota": ("the disk quota is used up", "磁盘配额已用完"),
    "err.csv_encoding": (
        "--csv-encoding must be one of {known}",
        "--csv-encoding 只能是以下之一：{known}",
    ),
    "err.csv_unwritable_at": (
        "{file} row {row}, column {column}: character {code} cannot be written as "
        "{encoding}. Remove it from the input, or choose another --csv-encoding.",
        "{file} 第{row}行，列“{column}”：字符 {code} 无法以 {encoding} 编码写出。"
        "请从输入中删去它，或另选 --csv-encoding。",
    ),
    "err.csv_unwritable": (
        "{file}: character {code} cannot be written as {encoding}.",
        "{file}：字符 {code} 无法以 {encoding} 编码写出。",
    ),
    # Solve options (solver/network.py SolveOptions).
    "err.opt.solver": (
        "--solver must be auto, flow or cpsat, not {value!r}.",
        "--solver 只能是 auto、flow 或 cpsat，而不是 {value!r}。",
    ),
    "err.opt.time_limit": (
        "--time-limit must be a number of seconds above 0 and at most {most}, not {value!r}.",
        "--time-limit 应为大于 0 且不超过 {most} 的秒数，而不是 {value!r}。",
    ),
    "err.opt.seed_whole": (
        "--seed must be a whole number, not {value!r}.",
        "--seed 应为整数，而不是 {value!r}。",
    ),
    "err.opt.seed_range": (
        "--seed must be from 0 to {most}, not {value}.",
        "--seed 应在 0 到 {most} 之间，而不是 {value}。",
    ),
    "err.opt.workers_whole": (
        "workers must be a whole number, not {value!r}.",
        "workers（线程数）应为整数，而不是 {value!r}。",
    ),
    "err.opt.workers_range": (
        "workers must be from 1 to 256, not {value}.",
        "workers（线程数）应在 1 到 256 之间，而不是 {value}。",
    ),
    "err.opt.flow_structure": (
        "--solver flow cannot apply the [{section}] targets ({targets}): {why}. "
        "Use --solver cpsat or auto.",
        "--solver flow 无法执行 [{section}] 的结构要求（{targets}）：{why}。"
        "请用 --solver cpsat 或 auto。",
    ),
    "err.why.not_network": ("they are not a network", "它们不是网络流约束"),
    "err.why.link_villages": ("they link the villages", "它们把各村联系在一起"),
    # Solver limits (solver/network.py, reserve_model.py).
    "err.deadline_before": (
        "the time limit of {limit} s was used up before {before} could start.",
        "{limit} 秒的时间限制在{before}开始前已用完。",
    ),
    "err.overflow_scores": (
        "scores up to {largest} points over {pairs} candidate pairs would overflow the "
        "solver's 64-bit sums; lower the score weights of the rules.",
        "在 {pairs} 个候选配对上最高 {largest} 分的得分会使求解器的 64 位求和溢出；"
        "请调低规则中的得分权重。",
    ),
    "err.overflow_given_score": (
        "a score of {largest} is too large for a model of {pairs} candidate pairs: the "
        "solver's 64-bit sums would overflow.",
        "得分 {largest} 对 {pairs} 个候选配对的模型过大：求解器的 64 位求和会溢出。",
    ),
    "err.overflow_given_score.fix": (
        "Keep every score within -{limit} to {limit} here (or rescale them).",
        "请把每个得分控制在 -{limit} 到 {limit} 之间（或按比例缩小）。",
    ),
    "err.overflow_arcs": (
        "arc weights up to {largest} over {nodes} nodes would overflow min-cost flow's "
        "64-bit costs; lower the scores.",
        "{nodes} 个节点上最高 {largest} 的弧权重会使最小费用流的 64 位费用溢出；请调低得分。",
    ),
    "err.too_many_pairs": (
        "{what} would have {pairs} candidate pairs, more than the {most} that fit in "
        "memory; {advice}",
        "{what}会有 {pairs} 个候选配对，超过内存可容纳的 {most} 个；{advice}",
    ),
    "err.overflow_cpsat": (
        "the CP-SAT objective over {pairs} candidate pairs could reach {magnitude}, beyond "
        "its 64-bit range; lower the scores or use --solver flow.",
        "{pairs} 个候选配对上的 CP-SAT 目标值可能达到 {magnitude}，超出其 64 位范围；"
        "请调低得分或改用 --solver flow。",
    ),
    "err.flow_status": (
        "min-cost flow ended with status {status}",
        "最小费用流求解结束，状态为 {status}",
    ),
    "err.no_plan_in_time": (
        "{solver} found no plan within the time limit of {limit} s.",
        "{solver} 在 {limit} 秒的时间限制内未找到方案。",
    ),
    "err.no_plan_in_time_why": (
        "{solver} found no plan within the time limit of {limit} s ({why}).",
        "{solver} 在 {limit} 秒的时间限制内未找到方案（{why}）。",
    ),
    "err.rounded_breaks_rule": (
        "HiGHS returned a plan that breaks a rule once rounded.",
        "HiGHS 返回的方案取整后违反规则。",
    ),
    # Infeasible structure targets (backfill).
    "err.structure_backfill": (
        "backfill.structure.{rule} = {value} needs {need} {label} for {vacancies} vacant "
        "posts, but at most {reachable} such eligible candidates can be appointed",
        "backfill.structure.{rule} = {value} 要求 {vacancies} 个空缺岗位中有 {need} 名"
        "{label}，但符合条件的此类人选最多只能任用 {reachable} 名",
    ),
    "err.structure_together": (
        "these rules cannot all hold together",
        "这些规则无法同时满足",
    ),
    "err.structure_label.min_share_under_45": ("appointees aged under 45", "45 岁以下人选"),
    "err.structure_label.min_share_college": (
        "appointees with college education or above",
        "大专及以上学历人选",
    ),
    "err.structure_label.min_share_women": ("women among the appointees", "女性人选"),
    # Budget scenarios (solver/budget.py).
    "err.scn.number": (
        "must be a number from {low} to {high}, not {value!r}.",
        "应为 {low} 到 {high} 之间的数值，而不是 {value!r}。",
    ),
    "err.scn.control": (
        "holds an invisible control character (U+{code}); delete it and retype the text.",
        "含有不可见的控制字符（U+{code}）；请删去后重新输入。",
    ),
    "err.scn.whole": (
        "must be a whole number from {low} to {high}, not {value!r}.",
        "应为 {low} 到 {high} 之间的整数，而不是 {value!r}。",
    ),
    "err.scn.name_empty": ("must be a non-empty text.", "不能为空。"),
    "err.scn.name_long": (
        "holds {count} characters; a scenario name labels rows, charts and headings, so "
        "keep it to at most {most}.",
        "有 {count} 个字符；方案名称用于标注行、图表和标题，请不超过 {most} 个字符。",
    ),
    "err.scn.shares_sum": (
        "the shares must sum to 1, not {total}.",
        "各等次比例之和应为 1，而不是 {total}。",
    ),
    "err.scn.source": (
        "'{value}' is not a source: shares or data.",
        "“{value}”不是可用来源：shares（按比例）或 data（按数据）。",
    ),
    "err.scn.payers": (
        "must be a table of payer = [items].",
        "应为“出资方 = [项目]”形式的表。",
    ),
    "err.scn.payer_items": ("must be a list of items.", "应为项目列表。"),
    "err.scn.not_item": (
        "'{item}' is not an item: {known}.",
        "“{item}”不是支出项目，可用：{known}。",
    ),
    "err.scn.paid_twice": (
        "'{item}' is already paid by {payer}.",
        "“{item}”已由 {payer} 支付。",
    ),
    "err.scn.unpaid": ("no payer for {items}.", "{items} 没有出资方。"),
    "err.scn.rated_over_headcount": (
        "the data rates {rated} secretaries, more than the headcount of {headcount}.",
        "数据中评定了 {rated} 名书记，多于人数 {headcount}。",
    ),
    "err.scn.no_headcount": (
        "is not set and no --data was given; write headcount = N or pass --data.",
        "未设置，且未给出 --data；请写 headcount = N，或给出 --data。",
    ),
    "err.scn.same_name": (
        "'{name}' is also the name of {other}; every scenario needs its own name (its rows "
        "and charts are labelled by it).",
        "“{name}”也是 {other} 的名称；每个方案须有自己的名称（行和图表按名称标注）。",
    ),
    "err.scn.another": ("another scenario", "另一个方案"),
    "err.scn.memory": (
        "{draws} draws x {years} scenario-years would need about {need} GB of memory, more "
        "than the {limit} GB this run may use (half of the machine's); lower --draws (at "
        "most {most} here) or --years.",
        "{draws} 次抽样 × {years} 个方案年约需 {need} GB 内存，超过本次运行可用的 {limit} GB"
        "（本机的一半）；请减少 --draws（此处最多 {most}）或 --years。",
    ),
}

MESSAGES.update(
    {
        "err.before.flow": ("min-cost flow", "最小费用流求解"),
        "err.before.highs": ("HiGHS", "HiGHS 求解"),
        "err.what.mentor_model": ("the mentor model", "导师结对模型"),
        "err.what.backfill_model": ("the backfill model", "岗位补缺模型"),
        "err.what.dispatched": (
            "{cadres} eligible dispatched cadres for {posts} open posts",
            "{posts} 个空缺岗位的 {cadres} 名符合条件的选派干部",
        ),
        "err.advice.max_km": (
            "lower mentors.max_km (now {max_km}; 0 means no limit) or plan one city or "
            "county at a time.",
            "请调低 mentors.max_km（现为 {max_km}；0 表示不限），或每次只规划一个市或县。",
        ),
        "err.advice.office_village": (
            "give mentors.office_village, or villages to the mentors without one.",
            "请设置 mentors.office_village，或为缺少所在村的导师填写所在村。",
        ),
        "err.advice.one_county": (
            "plan one city or county at a time.",
            "请每次只规划一个市或县。",
        ),
    }
)

MESSAGES.update(
    {
        "err.structure_conflict": ("{parts}", "{parts}"),
    }
)
