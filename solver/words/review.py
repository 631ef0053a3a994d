"""``plan reserves`` and ``plan ratings``: reasons, terminal lines and headers.

Reason texts are ``review.reason.<code>`` (reserves) and ``review.rating.<code>`` (ratings),
``<code>`` being the stable ``reason_code`` written next to them. Their parameters are
filled by :mod:`cadreplan.solver.reserves` and :mod:`cadreplan.solver.ratings`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- plan reserves: every reserve and nominee ---------------------------------------
    "review.reason.kept": ("meets every rule of the review", "符合各项条件，继续保留"),
    "review.reason.admitted": (
        "admitted to close the village's shortfall of {places} (evaluation {evaluation})",
        "递补入库，补足本村{places}个缺额（评估{evaluation}分）",
    ),
    "review.reason.evaluation_below": (
        "evaluation {evaluation} below the minimum of {minimum}",
        "履职评估{evaluation}分，低于{minimum}分",
    ),
    "review.reason.evaluation_missing": (
        "no evaluation on record (the minimum is {minimum})",
        "无履职评估得分（最低{minimum}分）",
    ),
    "review.reason.age_over": (
        "aged {age}, over the maximum of {maximum}",
        "年龄{age}岁，超过{maximum}岁",
    ),
    "review.reason.education_below": (
        "education {education} below {minimum}",
        "学历{education}，低于{minimum}",
    ),
    "review.reason.not_party_member": ("not a Party member", "非中共党员"),
    "review.reason.vetting_fail": (
        "failed vetting by {department}{note}",
        "{department}联审不通过{note}",
    ),
    "review.reason.surplus": (
        "surplus: the village holds {eligible} eligible reserves, above the cap of {cap}; "
        "the lowest evaluations leave ({evaluation}; the lowest kept has {lowest_kept})",
        "超出本村上限：本村合格后备干部{eligible}名，多于上限{cap}名，按评估由低到高调出"
        "（本人{evaluation}分，保留者最低{lowest_kept}分）",
    ),
    "review.reason.surplus_tie": (
        "surplus: the village holds {eligible} eligible reserves, above the cap of {cap}; "
        "tied at {evaluation} with {others}, who stay as listed earlier in the roster",
        "超出本村上限：本村合格后备干部{eligible}名，多于上限{cap}名；与{others}同为"
        "{evaluation}分，按花名册顺序靠前者保留",
    ),
    "review.reason.no_shortfall": (
        "the village already holds {kept} eligible reserves for a target of {target}",
        "本村已有合格后备干部{kept}名，达到目标{target}名",
    ),
    "review.reason.outranked": (
        "outranked: the village's {places} place(s) went to {by}",
        "名额已由评估更高者递补：{by}（本村缺额{places}个）",
    ),
    "review.reason.outranked_tie": (
        "outranked on a tie: the village's {places} place(s) went to {by}, tied at "
        "{evaluation} and listed earlier",
        "同分未递补：本村{places}个缺额已由{by}递补（同为{evaluation}分，推荐名单顺序靠前）",
    ),
    "review.reason.structure": (
        "left out to meet the structure targets ({targets}); the village's places went to {by}",
        "为满足结构目标（{targets}）未递补；本村名额给了{by}",
    ),
    "review.reason.nobody": ("nobody", "无"),
    # -- plan reserves: rule codes in a few words (counted in reserve_ratio reasons) -------
    "review.code.vetting_fail": ("failed vetting by {{department}}", "{{department}}联审不通过"),
    "review.code.age_over": ("over age", "超龄"),
    "review.code.education_below": ("below the education minimum", "学历不足"),
    "review.code.not_party_member": ("not a Party member", "非中共党员"),
    "review.code.evaluation_missing": ("no evaluation", "无评估得分"),
    "review.code.evaluation_below": ("below the evaluation minimum", "评估得分不足"),
    # -- plan reserves: every village ---------------------------------------------------
    "review.ratio.met": ("target met", "达到目标"),
    "review.ratio.short_no_nominee": (
        "short by {shortfall}: no nominee from this village",
        "缺{shortfall}名：本村无推荐人选",
    ),
    "review.ratio.short_refused": (
        "short by {shortfall}: {count} nominee(s), none eligible for the places left ({reasons})",
        "缺{shortfall}名：本村推荐人选{count}名，均不符合条件（{reasons}）",
    ),
    "review.ratio.short_structure": (
        "short by {shortfall}: eligible nominees left out to meet the structure targets",
        "缺{shortfall}名：为满足结构目标，合格推荐人选未递补",
    ),
    # -- plan reserves: structure targets and messages ----------------------------------
    "review.structure.min_share_under_35": ("aged under 35", "35岁以下"),
    "review.structure.min_share_women": ("women", "女性"),
    "review.structure.min_share_college": ("college education or above", "大专及以上学历"),
    "review.structure.infeasible": (
        "reserves.structure.{rule} = {share:g} needs {label} to be at least {percent} of the "
        "pool after review; the {kept} reserves kept include {flagged}, and the eligible such "
        "nominees the shortfalls allow ({possible}) lift the share to at most {best}",
        "reserves.structure.{rule} = {share:g}：要求调整后后备干部中{label}占比不低于{percent}；"
        "保留的{kept}名中有{flagged}名，缺额允许递补的合格人选（{possible}名）最多只能使占比达到"
        "{best}",
    ),
    "review.structure.together": (
        "these targets cannot all hold together",
        "这些结构目标无法同时满足",
    ),
    # -- plan ratings ---------------------------------------------------------------------
    "review.rating.threshold": (
        "assessment {assessment}: {rating} (at least {minimum})",
        "实绩考核{assessment}分：{rating}（{minimum}分及以上）",
    ),
    "review.rating.threshold_poor": (
        "assessment {assessment}: below {minimum}, rated {rating}",
        "实绩考核{assessment}分：低于{minimum}分，评为{rating}",
    ),
    "review.rating.veto": (
        "one-vote veto: rated {rating} whatever the assessment ({assessment})",
        "一票否决：不论得分（{assessment}）评为{rating}",
    ),
    "review.rating.cap": (
        "assessment {assessment} reaches {excellent} (at least {minimum}), but the cap of "
        "{cap} in {scope} (floor({share:g} × {posts} posts)) goes to higher "
        "assessments first: rated {rating}",
        "实绩考核{assessment}分达到“{excellent}”标准（{minimum}分），但{scope}“{excellent}”"
        "名额{cap}名（{posts}个职数×{share:g}，向下取整）优先给更高得分者：评为{rating}",
    ),
    "review.rating.cap_unused": (
        "assessment {assessment} reaches {excellent} (at least {minimum}), but the cap of "
        "{cap} in {scope} (floor({share:g} × {posts} posts)) stops at the {tied} "
        "secretaries tied at {tied_at} above, who are rated {rating} as a whole (no "
        "lottery); the {unused} place(s) of {excellent} are left unused: rated {rating}",
        "实绩考核{assessment}分达到“{excellent}”标准（{minimum}分），但{scope}“{excellent}”"
        "名额{cap}名（{posts}个职数×{share:g}，向下取整）止于更高的{tied}名同分（{tied_at}分）"
        "书记，同分者整体评为{rating}（不抽签），{unused}个“{excellent}”名额空缺：评为{rating}",
    ),
    "review.rating.cap_tie": (
        "assessment {assessment} reaches {excellent}, but {tied} secretaries are tied at "
        "{assessment} on the boundary of the cap of {cap} in {scope} (floor({share:g} × "
        "{posts} posts)): the whole tied group is rated {rating} (no lottery), leaving "
        "{unused} place(s) of {excellent} unused",
        "实绩考核{assessment}分达到“{excellent}”标准，但{tied}名书记同分处于{scope}名额"
        "{cap}名（{posts}个职数×{share:g}，向下取整）的边界：同分者整体评为{rating}（不抽签），"
        "{unused}个“{excellent}”名额空缺",
    ),
    "review.rating.not_assessed": (
        "no assessment and no veto on record: not rated",
        "无实绩考核得分，也无一票否决：不评定",
    ),
    "review.scope.district": ("the district", "全街道"),
    "review.scope.town": ("{town}", "{town}"),
    # -- [reserves] and [ratings] rules (RulesError) ------------------------------------
    "review.rules.ratio_alias": (
        "is the old name of reserves.ratio and the two differ ({old!r} and {new!r}). "
        "Keep reserves.ratio only.",
        "是 reserves.ratio 的旧名称，两者取值不同（{old!r} 与 {new!r}）。请只保留 reserves.ratio。",
    ),
    "review.rules.cap_below_ratio": (
        "({cap}) is below reserves.ratio ({ratio}): no village could reach the ratio. Raise "
        "it, or set it to 0 for no cap.",
        "（{cap}）小于 reserves.ratio（{ratio}），任何村都无法达到比例。"
        "请调高，或设为 0 表示不限。",
    ),
    "review.rules.threshold_order": (
        "must satisfy 0 <= fair_min ({fair}) <= good_min ({good}) <= excellent_min "
        "({excellent}) <= 100.",
        "须满足 0 ≤ fair_min（{fair}）≤ good_min（{good}）≤ excellent_min（{excellent}）≤ 100。",
    ),
    "review.rules.scope": (
        "'{value}' is not a scope: district or town.",
        "“{value}”不是名额范围，可用：district（全街道）或 town（镇街）。",
    ),
    # -- terminal lines -------------------------------------------------------------------
    "review.cli.reserves_title": (
        "Reserve pool review: {kept} kept, {left} left, {admitted} admitted of {nominees} "
        "nominees ({status}, {solver}, priority {priority}, total evaluation {objective}, "
        "bound {bound}, {seconds} s)",
        "后备干部动态调整：保留{kept}名，调出{left}名，从{nominees}名推荐人选中递补{admitted}名"
        "（{status}，{solver}，优先权重{priority}，递补者评估合计{objective}，上界{bound}，"
        "{seconds}秒）",
    ),
    "review.cli.reserves_shortfall": (
        "shortfall against {ratio} per post: {before} before, {after} after",
        "对照每岗{ratio}名的缺口：调整前{before}名，调整后{after}名",
    ),
    "review.cli.left": ("left", "调出"),
    # One person of the terminal summary: the name, then the id and village in brackets.
    "review.cli.person_line": (
        "{name} ({id}, {village}): {reason}",
        "{name}（{id}，{village}）：{reason}",
    ),
    "review.cli.rating_line": (
        "{name} ({id}, {village}) {rating}: {reason}",
        "{name}（{id}，{village}）{rating}：{reason}",
    ),
    "review.cli.not_rated": ("not rated", "不评定"),
    # plan budget with ratings.source = "data"
    "review.budget.shares": ("the expected shares", "按预期比例抽样"),
    "review.budget.no_data": (
        "the expected shares (ratings.source = data, but no --data was given)",
        "按预期比例抽样（方案要求采用数据中的等次，但未提供 --data）",
    ),
    "review.budget.no_ratings": (
        "the expected shares (ratings.source = data, but the data has no rating)",
        "按预期比例抽样（方案要求采用数据中的等次，但数据中没有考核等次）",
    ),
    "review.budget.data": (
        "the data's ratings for {year} ({counts}{rest}), the expected shares after",
        "{year}年采用数据中的实际等次（{counts}{rest}），以后各年按预期比例抽样",
    ),
    "review.budget.rest": (
        "; {rest} more posts drawn from the shares",
        "；另有{rest}个岗位按预期比例抽样",
    ),
    "review.cli.budget_ratings": ("    ratings used: {source}", "    考核等次来源：{source}"),
    "review.cli.status_optimal": ("optimal", "最优"),
    "review.cli.status_feasible": ("feasible, not proven optimal", "可行，未证明最优"),
    "review.cli.solver_ranking": ("ranking", "排序法"),
    "review.cli.solver_highs": ("HiGHS", "HiGHS整数规划"),
    "review.cli.solver_cpsat": ("CP-SAT", "CP-SAT"),
    "review.cli.written": ("written to {out}/", "输出目录 {out}/"),
    "review.cli.ratings_title": (
        "Ratings: {excellent} excellent, {good} good, {fair} fair, {poor} poor of {rated} "
        "rated (cap on excellent {cap_text})",
        "实绩考核：好{excellent}名，较好{good}名，一般{fair}名，差{poor}名，共评定{rated}名"
        "（“好”名额{cap_text}）",
    ),
    "review.cli.cap_district": (
        "in the district: floor({share:g} × {posts} posts) = {cap}",
        "按全街道计算：{posts}个职数×{share:g}，向下取整为{cap}名",
    ),
    "review.cli.cap_town": (
        "per town: floor({share:g} × the town's posts), {cap} in all over {posts} posts",
        "按镇街计算：各镇街职数×{share:g}，向下取整，{posts}个职数合计{cap}名",
    ),
    "review.cli.to_adjust": (
        "rated poor, to adjust (secretaries_next.csv): {people}",
        "评为差、列为待调整（secretaries_next.csv）：{people}",
    ),
    "review.cli.cap_unused": (
        "{unused} place(s) of excellent left unused in {scope}: {tied} secretaries tied at "
        "{tied_at} on the boundary of the cap of {cap} are rated good as a whole (no lottery)",
        "{scope}有{unused}个“好”名额空缺：{tied}名书记同分（{tied_at}分）处于名额{cap}名的边界，"
        "整体评为较好（不抽签）",
    ),
    "review.cli.existing_over_cap": (
        "ratings already in the data break the cap in {scope} ({count} rated excellent for a "
        "cap of {cap}): {people}",
        "数据中已有的考核等次超出{scope}名额（好{count}名，上限{cap}名）：{people}",
    ),
    "review.cli.scope_word_district": ("district", "全街道"),
    "review.cli.scope_word_town": ("town", "镇街"),
    # Errors of the admission model (solver/reserve_model.py).
    "err.before.cpsat": ("CP-SAT", "CP-SAT 求解"),
    "review.err.overflow_cpsat": (
        "the CP-SAT objective over {nominees} nominees could reach {magnitude}, beyond its "
        "64-bit range; give the evaluations fewer decimals.",
        "{nominees} 名推荐人选上的 CP-SAT 目标值可能达到 {magnitude}，超出其 64 位范围；"
        "请减少履职评估得分的小数位数。",
    ),
    "review.err.no_assessment": (
        "the secretaries' roster has no assessment column (实绩考核得分) and no veto "
        "column: no secretary can be rated.",
        "书记花名册没有“实绩考核得分”列，也没有“一票否决”列：无法评定任何书记的等次。",
    ),
    "review.err.no_assessment.fix": (
        "Add a column 实绩考核得分 (assessment, 0 to 100) with this year's score of each "
        "secretary.",
        "请在花名册中加一列“实绩考核得分”（0–100），填写每名书记本年度的得分。",
    ),
    "review.warn.no_assessment": (
        "warning: the secretaries' roster {file} has no assessment column (实绩考核得分): "
        "only the vetoed secretaries are rated; add the column to rate the others.",
        "提醒：书记花名册 {file} 没有“实绩考核得分”列：只评定一票否决者；"
        "加上该列才能评定其他书记。",
    ),
    "review.warn.no_assessment_veto": (
        "warning: the secretaries' roster {file} has no assessment column (实绩考核得分) and "
        "no veto column: nobody is rated this year; only the ratings already in "
        "the roster are checked against the cap. Add the column to rate the secretaries.",
        "提醒：书记花名册 {file} 没有“实绩考核得分”列，也没有“一票否决”列：本年度不评定任何书记，"
        "只核对花名册中已有的考核等次是否超出名额。加上“实绩考核得分”列才能评定。",
    ),
    "review.err.cpsat_broke": (
        "CP-SAT returned a plan that breaks a rule or its own objective.",
        "CP-SAT 返回的方案违反规则或与其目标值不符。",
    ),
}

#: Chinese headers of the review's sheets and columns (the English header is the name).
HEADERS_ZH: dict[str, str] = {
    "reserve_pool": "后备干部库调整",
    "nominees": "推荐人选",
    "ratings": "实绩考核等次",
    "secretaries_next": "书记花名册（调整后）",
    "cap_check": "好等次名额核对",
    "status": "状态",
    "reason_code": "原因代码",
    "evaluation": "履职评估",
    "before": "调整前人数",
    "kept": "保留",
    "left": "调出",
    "admitted": "递补",
    "after": "调整后人数",
    "assessment": "实绩考核得分",
    "rating": "考核等次",
    "previous_rating": "上年考核等次",
    "veto": "一票否决",
    "scope": "名额范围",
    "secretaries": "书记人数",
    "posts": "书记职数",
    "cap": "好等次上限",
    "excellent_in_data": "数据中好等次人数",
    "over_cap": "是否超出",
    "people": "人员",
    "gender": "性别",
    "birth_year": "出生年份",
    "birth_month": "出生月份",
    "party_month": "入党月份",
    "party_since": "入党年份",
    "terms": "连任届数",
    "source": "人员来源",
    "needs": "需提升能力",
    "skills": "特长",
}
