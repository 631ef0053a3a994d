"""Reasons why a plan leaves an item out, and eligibility reason codes, in both languages.

Keys ``reason.<code>`` are the headline of each ``reason_code`` (see
:mod:`cadreplan.solver.explain`); ``why.*`` are the parts a reason is built from;
``eligibility.*`` word the eligibility codes of :mod:`cadreplan.solver.eligibility`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- plan mentors: unassigned.csv --------------------------------------------------
    "reason.no_mentors": ("there are no mentors in the dataset", "数据中没有导师"),
    "reason.no_mentor_in_reach": (
        "no mentor within {max_km:g} km",
        "{max_km:g} 公里内没有导师",
    ),
    "why.paren": (" ({text})", "（{text}）"),
    "why.nearest": ("nearest: {mentor} at {km:.1f} km", "最近的是{mentor}，{km:.1f} 公里"),
    "why.no_road": ("no mentor can be reached by road", "没有可经道路到达的导师"),
    "reason.wrong_mentor_type": (
        "{need}; none {reach} ({count} of other types)",
        "{need}；{reach}没有此类导师（其他类型 {count} 名）",
    ),
    "reason.only_conflicts": (
        "the only mentors {reach} are in conflict ({items})",
        "{reach}的导师均需回避（{items}）",
    ),
    "reason.no_usable_mentor": (
        "{count} mentor(s) {reach}, none usable: {parts}",
        "{reach}有 {count} 名导师，均不可用：{parts}",
    ),
    "why.reach_km": ("within {km:g} km", "{km:g} 公里内"),
    "why.reach_all": ("in the dataset", "数据中"),
    "why.village_needs": (
        "{category} village needs {types}",
        "{category}村须由{types}带教",
    ),
    "why.or": (" or ", "或"),
    "why.capacity_0": ("{count} capacity 0 ({items})", "{count} 名带教容量为 0（{items}）"),
    "why.wrong_type": ("{count} wrong type ({need})", "{count} 名类型不符（{need}）"),
    "why.in_conflict": ("{count} in conflict ({items})", "{count} 名需回避（{items}）"),
    "why.not_listed": (
        "{count} not in pair_scores ({items})",
        "{count} 名未列入结对分数表（{items}）",
    ),
    "why.conflict_item": ("{mentor}: {relation}", "{mentor}：{relation}"),
    "why.nearest_required": (
        "nearest of a required type: {mentor} at {km:.1f} km",
        "最近的符合类型的导师：{mentor}，{km:.1f} 公里",
    ),
    "reason.mentors_full": (
        "{count} mentor(s) in reach, all at capacity ({mentors})",
        "可结对的 {count} 名导师均已满额（{mentors}）",
    ),
    "reason.lost_tie": (
        "{count} mentor(s) in reach, all at capacity ({mentors})",
        "可结对的 {count} 名导师均已满额（{mentors}）",
    ),
    "why.some_full": (
        "{count} mentor(s) in reach, {full} at capacity ({mentors})",
        "可结对的导师 {count} 名，其中 {full} 名已满额（{mentors}）",
    ),
    "why.village_full": (
        "{count} already mentor {limit} reserve(s) from {village} ({mentors})",
        "{count} 名导师已带教{village}的 {limit} 名后备干部（{mentors}）",
    ),
    "why.places_went_to": (
        "their places went to {takers}, since pairing this reserve instead would pair fewer "
        "reserves in all or give a lower total score",
        "名额已给{takers}：改为与本人结对会减少结对总人数或降低总分",
    ),
    "why.taker": ("{reserve} (score {score:g})", "{reserve}（{score:g} 分）"),
    "why.taker_named": ("{name} ({id}, score {score:g})", "{name}（{id}，{score:g} 分）"),
    "why.own_best": (
        "this reserve's best available score: {score:g}, with {mentor}",
        "本人可得的最高分：与{mentor}结对 {score:g} 分",
    ),
    "why.mentor_tie": (
        "tie: {taker} has the same score ({score:g}) with {mentor}; where scores are equal, "
        "the reserve with fewer mentors in reach is paired first ({taker}: {taker_options}, "
        "this reserve: {own_options})",
        "同分：{taker}与{mentor}结对同为 {score:g} 分；同分时可结对导师较少者优先"
        "（{taker}：{taker_options} 名，本人：{own_options} 名）",
    ),
    "why.mentor_tie_evaluation": (
        "tie: {taker} has the same score ({score:g}) with {mentor} and as many mentors in "
        "reach ({own_options}); then the higher performance evaluation is paired first "
        "({taker}: {taker_value}, this reserve: {own_value})",
        "同分：{taker}与{mentor}结对同为 {score:g} 分，可结对导师同为 {own_options} 名；"
        "此时履职评估较高者优先（{taker}：{taker_value}，本人：{own_value}）",
    ),
    "why.mentor_tie_age": (
        "tie: {taker} has the same score ({score:g}) with {mentor}, as many mentors in reach "
        "({own_options}) and the same evaluation; then the younger reserve is paired first "
        "({taker}: born {taker_value}, this reserve: born {own_value})",
        "同分：{taker}与{mentor}结对同为 {score:g} 分，可结对导师同为 {own_options} 名，"
        "履职评估相同；此时年轻者优先（{taker}：{taker_value} 出生，本人：{own_value} 出生）",
    ),
    "why.mentor_tie_roster": (
        "tie: {taker} has the same score ({score:g}) with {mentor}, as many mentors in reach "
        "({own_options}), the same evaluation and birth; then the reserve listed first in "
        "the roster is paired first",
        "同分：{taker}与{mentor}结对同为 {score:g} 分，可结对导师同为 {own_options} 名，"
        "履职评估与出生年月均相同；此时花名册中排序在前者优先",
    ),
    "reason.not_reached": (
        "the solver stopped at its time limit before it could pair this one",
        "求解在时限内停止，未能安排",
    ),
    # --- plan backfill: unfilled.csv ---------------------------------------------------
    "reason.no_candidate": ("{parts}", "{parts}"),
    "reason.candidates_taken": ("{parts}", "{parts}"),
    "reason.post_lost_tie": ("{parts}", "{parts}"),
    "reason.not_listed": ("{parts}", "{parts}"),
    "reason.post_not_reached": ("{parts}", "{parts}"),
    "why.sep": ("; ", "；"),
    "why.local": ("{count} reserve(s) of this village", "本村后备干部 {count} 人"),
    "why.local_ineligible": ("{line}: {detail}", "{line}：{detail}"),
    "why.local_away": (
        "eligible but appointed elsewhere: {items}",
        "符合资格但已安排到其他岗位：{items}",
    ),
    "why.moved_to": ("{person} to {village}", "{person}到{village}"),
    "why.no_local": ("no reserve in this village", "本村没有后备干部"),
    "why.outside_blocked": (
        "cross-village and dispatched candidates not considered, since the village has an "
        "eligible reserve (outside_only_if_no_local)",
        "本村已有符合资格的后备干部，按规定不考虑跨村任职和选派人选（outside_only_if_no_local）",
    ),
    "why.not_pilot": ("not a cross-village pilot", "不是跨村任职试点村"),
    "why.cross": (
        "{count} eligible reserve(s) of other villages within {km:g} km",
        "{km:g} 公里内其他村符合资格的后备干部 {count} 人",
    ),
    "why.cross_none_elsewhere": (" (no eligible reserve elsewhere)", "（其他村均无符合资格者）"),
    "why.no_dispatch": (
        "dispatched cadres not allowed (allow_dispatched = false)",
        "规则不允许选派（allow_dispatched = false）",
    ),
    "why.no_dispatched_eligible": (
        "no dispatched cadre eligible ({count})",
        "没有符合资格的选派干部（共 {count} 人）",
    ),
    "why.no_dispatched_eligible_detail": (
        "no dispatched cadre eligible ({count}: {detail})",
        "没有符合资格的选派干部（共 {count} 人：{detail}）",
    ),
    "why.dispatched_eligible": (
        "{count} eligible dispatched cadre(s)",
        "符合资格的选派干部 {count} 人",
    ),
    "why.all_went_elsewhere": (
        "every candidate who could fill it went to another post: {items}; this post's "
        "priority is {priority}",
        "可补此岗的人选均已安排到其他岗位：{items}；本岗位优先权重为 {priority}",
    ),
    "why.went_to": (
        "{person} to {village} (priority {priority})",
        "{person}到{village}（优先权重 {priority}）",
    ),
    "why.went_to_categories": (
        "{person} to {village} (priority {priority}: {categories})",
        "{person}到{village}（优先权重 {priority}：{categories}）",
    ),
    "why.post_tie": (
        "tie: {person} fits {village} and this post equally ({score:g}, same priority); where "
        "fits are equal, the post with fewer candidates is filled first ({village}: "
        "{taker_options}, this post: {own_options})",
        "同分：{person}补{village}与补本岗位匹配分相同（{score:g} 分，优先权重相同）；"
        "同分时人选较少的岗位优先（{village}：{taker_options} 人，本岗位：{own_options} 人）",
    ),
    "why.post_tie_population": (
        "tie: {person} fits {village} and this post equally ({score:g}, same priority) and "
        "both posts have {own_options} candidates; then the village with the larger "
        "population is filled first ({village}: {taker_value}, this village: {own_value})",
        "同分：{person}补{village}与补本岗位匹配分相同（{score:g} 分，优先权重相同），"
        "两岗位人选同为 {own_options} 人；此时人口较多的村优先（{village}：{taker_value} 人，"
        "本村：{own_value} 人）",
    ),
    "why.post_tie_roster": (
        "tie: {person} fits {village} and this post equally ({score:g}, same priority), "
        "both posts have {own_options} candidates and the villages the same population; "
        "then the village listed first is filled first",
        "同分：{person}补{village}与补本岗位匹配分相同（{score:g} 分，优先权重相同），"
        "两岗位人选同为 {own_options} 人，两村人口相同；此时村名单中排序在前的村优先",
    ),
    "why.post_not_listed": (
        "no candidate for this post is listed in post_scores",
        "岗位分数表未列出本岗位的人选",
    ),
    "why.not_reached": (
        "the solver stopped at its time limit with a candidate still free",
        "求解在时限内停止，尚有人选未安排",
    ),
    # --- eligibility codes (eligibility.csv, reasons) -----------------------------------
    "eligibility.vetting_fail": ("failed vetting ({department})", "{department}联审不通过"),
    "eligibility.vetting_pending": (
        "vetting pending ({department})",
        "{department}联审待定",
    ),
    "eligibility.vetting_missing": (
        "not vetted ({department})",
        "{department}未联审",
    ),
    "eligibility.age_over": ("over age", "超过年龄上限"),
    "eligibility.age_under": ("under age", "低于年龄下限"),
    "eligibility.education_below": ("below the education minimum", "学历低于要求"),
    "eligibility.education_missing": ("without an education on record", "无学历记录"),
    "eligibility.not_party_member": ("not a Party member", "非中共党员"),
    "eligibility.party_years_below": ("too few Party years", "党龄不足"),
    "eligibility.evaluation_below": ("below the evaluation minimum", "履职评估低于要求"),
    "eligibility.evaluation_missing": ("without an evaluation", "无履职评估"),
    # Counted over several people: "2 failed vetting (police, court), 1 over age".
    "eligibility.count": ("{count} {label}", "{count} 人{label}"),
    "eligibility.failed_vetting": ("failed vetting ({departments})", "联审不通过（{departments}）"),
    "eligibility.vetting_open": (
        "vetting not complete ({departments})",
        "联审未完成（{departments}）",
    ),
}
