"""``plan budget``: terminal lines, report labels, scenario names."""

from __future__ import annotations

#: Budget items (``budget_summary.csv`` codes) as words: (English, Chinese).
ITEMS: dict[str, tuple[str, str]] = {
    "pay": ("base pay", "基本报酬"),
    "bonus": ("performance bonus", "绩效奖励"),
    "awards": ("awards", "突出贡献奖励"),
    "care": ("care", "关爱帮扶"),
    "training": ("training", "教育培训"),
    "total": ("total", "合计"),
}

#: Funds that pay the items (``[payers]`` keys of a scenario); others show as written.
PAYERS: dict[str, tuple[str, str]] = {
    "city": ("city finance", "市财政"),
    "subdistrict": ("sub-district finance", "街道财政"),
    "district": ("district finance", "区财政"),
    "county": ("county finance", "县财政"),
    "province": ("provincial finance", "省财政"),
    "town": ("town finance", "镇财政"),
}

#: The bundled scenarios' names in Chinese, by their ``name`` (a user's own scenario shows
#: its name as written: write it in Chinese if the report is for Chinese readers).
SCENARIO_NAMES_ZH: dict[str, str] = {
    "Baseline (2,500/month)": "基准方案（2,500元/月）",
    "Scheme 2027 (2,700/month)": "2027年方案（2,700元/月）",
}

#: Scenario parameters as labels: (English, Chinese, kind); kind is ``money`` (元),
#: ``share`` (a fraction shown as a percentage), ``count``, ``year`` or ``text``.
ASSUMPTIONS: dict[str, tuple[str, str, str]] = {
    "name": ("scenario name", "方案名称", "text"),
    "headcount": ("headcount (secretaries paid)", "人数（书记）", "count"),
    "start_year": ("first year", "起始年度", "year"),
    "years": ("projection years", "预测年数", "count"),
    "pay.base_monthly": ("base pay per person per month (CNY)", "基本报酬（元/人·月）", "money"),
    "pay.months": ("months paid a year", "每年发放月数", "count"),
    "pay.growth": ("yearly growth of base pay", "基本报酬年增长率", "share"),
    "bonus.excellent": (
        "bonus for rating excellent (CNY/person/year)",
        "“好”等次绩效奖励（元/人·年）",
        "money",
    ),
    "bonus.good": (
        "bonus for rating good (CNY/person/year)",
        "“较好”等次绩效奖励（元/人·年）",
        "money",
    ),
    "bonus.fair": (
        "bonus for rating fair (CNY/person/year)",
        "“一般”等次绩效奖励（元/人·年）",
        "money",
    ),
    "bonus.poor": (
        "bonus for rating poor (CNY/person/year)",
        "“差”等次绩效奖励（元/人·年）",
        "money",
    ),
    "ratings.excellent": ("expected share rated excellent", "“好”等次预期比例", "share"),
    "ratings.good": ("expected share rated good", "“较好”等次预期比例", "share"),
    "ratings.fair": ("expected share rated fair", "“一般”等次预期比例", "share"),
    "ratings.poor": ("expected share rated poor", "“差”等次预期比例", "share"),
    "ratings.cap_excellent": ("cap on the share rated excellent", "“好”等次比例上限", "share"),
    "ratings.concentration": (
        "uncertainty of the shares (Dirichlet concentration; 0 = known)",
        "等次比例不确定性（狄利克雷集中度，0表示比例确定）",
        "number",
    ),
    "awards.count": ("awards a year", "每年突出贡献奖励人数", "count"),
    "awards.amount": ("award amount (CNY)", "突出贡献奖励金额（元/人）", "money"),
    "care.checkup": ("health check-up (CNY/person/year)", "健康体检（元/人·年）", "money"),
    "care.hardship_rate": ("chance of a hardship case a year", "每人每年困难帮扶概率", "share"),
    "care.hardship_amount": ("hardship subsidy (CNY/case)", "困难帮扶金额（元/例）", "money"),
    "training.rotation": ("rotation training (CNY/person/year)", "全员轮训（元/人·年）", "money"),
    "training.diploma": ("diploma course (CNY/enrolled/year)", "学历教育（元/人·年）", "money"),
    "training.diploma_max_age": ("diploma courses up to age", "学历教育年龄上限（岁）", "count"),
    "training.diploma_uptake": (
        "chance an eligible secretary enrols",
        "符合条件者报读学历教育概率",
        "share",
    ),
    "training.diploma_eligible_share": (
        "share aged up to that age (without --data)",
        "符合学历教育年龄者比例（无数据时）",
        "share",
    ),
    "headcount_used": ("headcount used", "采用人数", "text"),
    "ratings_used": ("ratings used for the bonus", "绩效奖励采用的考核等次", "text"),
    "cap_people": ("cap on excellent ratings (people)", "“好”等次人数上限（人）", "count"),
    "diploma_eligible": (
        "eligible for diploma courses, per year",
        "各年度符合学历教育条件人数",
        "text",
    ),
    "source_file": ("scenario file", "方案文件", "text"),
    "source_sha256": ("scenario file sha256", "方案文件 sha256", "text"),
    "seed": ("random seed", "随机种子", "count"),
    "draws": ("Monte-Carlo draws", "蒙特卡洛模拟次数", "count"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "budget.payers": ("payers.{payer}", "{payer}支付项目"),
    "budget.headcount.data": ("from the data: {posts} posts", "数据中{posts}个书记岗位"),
    "budget.headcount.scenario": ("set in the scenario", "方案设定"),
    "budget.all": ("(all)", "（全部方案）"),
    "budget.per_year": ("{name} per year", "{name}各年度"),
    # workbook
    "budget.title": (
        "Lead Goose pay schemes: budget comparison",
        "头雁工程报酬方案预算比较",
    ),
    "budget.chart.items": (
        "Cost by item, first year ({year})",
        "首年（{year}年）费用构成",
    ),
    "budget.chart.totals": (
        "Total per year: mean with P5 and P95",
        "各年度费用合计：均值及P5、P95",
    ),
    "budget.chart.difference": (
        "{name} minus {base}, per year",
        "{name}减{base}：各年度差额",
    ),
    "budget.axis.scenario": ("scenario", "方案"),
    "budget.axis.year": ("year", "年度"),
    "budget.axis.amount_wan": ("amount (10,000 CNY)", "金额（万元）"),
    "budget.axis.amount_yuan": ("amount (CNY)", "金额（元）"),
    "budget.axis.difference_wan": ("difference (10,000 CNY)", "差额（万元）"),
    "budget.axis.difference_yuan": ("difference (CNY)", "差额（元）"),
    "budget.axis.share": ("share of draws", "模拟次数占比"),
    "budget.series": ("{name} {stat}", "{name}{stat}"),
    "budget.stat.mean": ("mean", "均值"),
    "budget.stat.p5": ("P5", "P5"),
    "budget.stat.p95": ("P95", "P95"),
    "budget.chart_data.items": ("Cost by item, first year (10,000 CNY)", "首年费用构成（万元）"),
    "budget.chart_data.totals": ("Total per year (10,000 CNY)", "各年度合计（万元）"),
    "budget.chart_data.difference": (
        "Paired difference per year (10,000 CNY)",
        "各年度配对差额（万元）",
    ),
    # headline
    "budget.headline.one": (
        "{name} costs {mean} in {year} (P5–P95: {p5} to {p95}).",
        "{year}年，{name}预计支出{mean}（P5–P95：{p5}至{p95}）。",
    ),
    "budget.headline.one_exact": (
        "{name} costs exactly {mean} in {year}.",
        "{year}年，{name}支出恰好为{mean}。",
    ),
    "budget.headline.more": (
        "{name} costs {amount} more than {base} in {year} (P5–P95 of the paired difference: "
        "{p5} to {p95}).",
        "{year}年，{name}比{base}多支出{amount}（配对差额P5–P95：{p5}至{p95}）。",
    ),
    "budget.headline.less": (
        "{name} costs {amount} less than {base} in {year} (P5–P95 of the paired difference: "
        "{p5} to {p95}).",
        "{year}年，{name}比{base}少支出{amount}（配对差额P5–P95：{p5}至{p95}）。",
    ),
    "budget.headline.more_exact": (
        "{name} costs exactly {amount} more than {base} in {year}, in every draw.",
        "{year}年，{name}比{base}恰好多支出{amount}（每次模拟均相同）。",
    ),
    "budget.headline.less_exact": (
        "{name} costs exactly {amount} less than {base} in {year}, in every draw.",
        "{year}年，{name}比{base}恰好少支出{amount}（每次模拟均相同）。",
    ),
    "budget.headline.same_exact": (
        "{name} costs the same as {base} in {year}, in every draw.",
        "{year}年，{name}与{base}支出相同（每次模拟均相同）。",
    ),
    # terminal
    "budget.line.scenario": (
        "  {name}: {headcount} secretaries ({source}), {first}-{last}, first-year total {total}",
        "  {name}：书记{headcount}人（{source}），{first}—{last}年，首年合计{total}",
    ),
    "budget.line.written": (
        "  written to {out}/ (budget_summary.csv, budget.xlsx, budget.html, summary.json)",
        "  输出目录 {out}/（budget_summary.csv、budget.xlsx、budget.html、summary.json）",
    ),
    # HTML
    "budget.html.draws": (
        "Monte-Carlo simulation: {draws} draws per scenario and year, seed {seed}; the "
        "scenarios share their draws (paired), so a difference shows only what the schemes "
        "change.",
        "蒙特卡洛模拟：每个方案每年{draws}次，随机种子{seed}；各方案共用同一组随机抽样（配对），"
        "差额只反映方案本身的不同。",
    ),
    "budget.html.comparison": (
        "Difference from the baseline (paired draws)",
        "与基准方案的差额（配对抽样）",
    ),
    "budget.html.charts": ("Charts", "图表"),
    "budget.html.cap": ("The 15% cap on the rating excellent", "“好”等次15%上限"),
    "budget.html.per_year": ("Cost per year", "分年度费用"),
    "budget.html.payers": ("Who pays", "资金来源"),
    "budget.html.assumptions": ("Assumptions", "参数假设"),
    "budget.html.histogram": (
        "Distribution of the first-year total",
        "首年费用合计的分布",
    ),
    "budget.html.histogram.axis": ("first-year total ({unit})", "首年费用合计（{unit}）"),
    "budget.html.fan": (
        "Total per year: median and P5–P95 band",
        "各年度费用合计：中位数与P5–P95区间",
    ),
    "budget.html.stack": ("Cost by item in the first year", "首年费用构成"),
    "budget.html.band": ("P5–P95", "P5–P95区间"),
    "budget.html.exact": ("the same in every draw", "每次模拟均相同"),
    "budget.html.cap_note": (
        "{name}: of {n} secretaries at most floor({share} × {n}) = {cap} may be rated excellent; "
        "{expected} are expected, and any excess is rated good instead. The cap is reached "
        "in {binding} of the draws.",
        "{name}：{n}名书记中评为“好”的不超过{n}×{share}（向下取整）= {cap}人；期望{expected}人，"
        "超出部分改评“较好”；模拟中有{binding}的情形达到上限。",
    ),
    "budget.unit.yuan": ("CNY", "元"),
    "budget.unit.wan": ("10,000 CNY", "万元"),
}
