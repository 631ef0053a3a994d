"""Column and sheet headers in Chinese (the English header is the column name itself)."""

from __future__ import annotations

HEADERS_ZH: dict[str, str] = {
    # sheets
    "mentor_pairs": "结对名单",
    "mentor_load": "导师带教量",
    "unassigned": "未结对",
    "appointments": "任职安排",
    "shortlist": "备选名单",
    "unfilled": "未补齐岗位",
    "eligibility": "资格联审",
    "reserve_ratio": "后备比例",
    "summary": "汇总",
    "per_year": "分年度",
    "payers": "资金来源",
    "comparison": "方案比较",
    "assumptions": "参数假设",
    # columns
    "reserve_id": "后备干部编号",
    "reserve_name": "后备干部姓名",
    "reserve_village": "所在村",
    "mentor_id": "导师编号",
    "mentor_name": "导师姓名",
    "mentor_type": "导师类型",
    "mentor_village": "导师所在村",
    "km": "距离（公里）",
    "score": "得分",
    "score_needs": "需求匹配分",
    "score_proximity": "距离分",
    "score_continuity": "延续结对分",
    "score_experience": "经验分",
    "score_given": "给定分数",
    "kept": "延续上年结对",
    "capacity": "带教容量",
    "load": "实际带教",
    "reason": "原因",
    "village_id": "村编号",
    "village_name": "村名",
    "person_id": "人员编号",
    "name": "姓名",
    "route": "任职途径",
    "priority": "优先权重",
    "score_evaluation": "履职评估分",
    "score_education": "学历分",
    "score_age": "年龄分",
    "score_source": "来源加分",
    "score_route": "途径加分",
    "rank": "排序",
    "appointed_to": "已安排至",
    "eligible": "是否符合资格",
    "reasons": "不符合原因",
    "kind": "类别",
    "age": "年龄",
    "education": "学历",
    "reserves_before": "补齐前后备人数",
    "reserves_after": "补齐后后备人数",
    "target": "目标人数",
    "shortfall": "缺口",
    "scenario": "方案",
    "year": "年度",
    "item": "项目",
    "mean": "均值",
    "p5": "P5",
    "p50": "P50",
    "p95": "P95",
    "payer": "支付方",
    "key": "参数",
    "value": "取值",
    "vs": "对比基准",
    "difference_mean": "差额均值",
    "difference_p5": "差额P5",
    "difference_p50": "差额P50",
    "difference_p95": "差额P95",
    "headcount": "人数",
    "categories": "村类别",
    "town": "镇街",
    "local": "本村",
    "cross_village": "跨村任职",
    "dispatched": "选派",
    "home_village": "原所在村",
    "unit": "选派单位",
    "mentees": "带教对象",
    "reason_code": "原因代码",
    "gender": "性别",
    "birth_year": "出生年份",
    "party_since": "入党年份",
    "source": "人员来源",
    "evaluation": "履职评估得分",
    "rating": "考核等次",
    "items": "支付项目",
    "label": "参数",
    "filing": "报送",
    "chart_data": "图表数据",
}

#: Units shown after a header, by column: (English, Chinese). Amounts are in 元 in the
#: workbooks (exact, so that sums add up), with thousands separators.
UNITS: dict[str, tuple[str, str]] = {
    **{
        name: ("CNY", "元")
        for name in (
            "mean",
            "p5",
            "p50",
            "p95",
            "difference_mean",
            "difference_p5",
            "difference_p50",
            "difference_p95",
        )
    },
}

#: Report words of codes that no input vocabulary holds (English, Chinese), by kind. The
#: input vocabularies (:mod:`cadreplan.solver.vocabulary`) give the rest.
REPORT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "route": {
        "local": ("local", "本村"),
        "cross_village": ("cross-village", "跨村任职"),
        "dispatched": ("dispatched", "选派"),
    },
    "candidate_kind": {
        "reserve": ("reserve", "后备干部"),
        "dispatched": ("dispatched cadre", "选派干部"),
    },
    "boolean": {"true": ("yes", "是"), "false": ("no", "否")},
    # statuses of the reserve-pool review (plan reserves), beside the secretaries' statuses
    "status": {
        "kept": ("kept", "保留"),
        "left": ("left", "调出"),
        "admitted": ("admitted", "递补"),
        "not_admitted": ("not admitted", "未递补"),
    },
    "scope": {"district": ("whole district", "全街道"), "town": ("each town", "按镇街")},
}

#: Headers of columns that hold a count where the same name elsewhere holds a yes/no.
COUNT_HEADERS_ZH: dict[str, str] = {"kept": "保留"}

#: ``reason_code`` values as the Chinese workbooks show them (the CSV files and the English
#: workbooks keep the codes, the stable contract). Codes of an eligibility rule
#: (``age_over``, ``vetting_fail:police``) are worded by :data:`ELIGIBILITY_WORDS` instead.
REASON_CODES_ZH: dict[str, str] = {
    # plan mentors: unassigned
    "no_mentors": "无导师",
    "no_mentor_in_reach": "范围内无导师",
    "wrong_mentor_type": "导师类型不符",
    "only_conflicts": "导师均需回避",
    "no_usable_mentor": "无可用导师",
    "mentors_full": "导师带教名额已满",
    "lost_tie": "同分未结对",
    "not_reached": "求解到时限未结对",
    # plan backfill: unfilled
    "no_candidate": "无合格人选",
    "candidates_taken": "人选已补其他岗位",
    "post_lost_tie": "同分未补齐",
    "not_listed": "评分表未列人选",
    "post_not_reached": "求解到时限未补齐",
    # plan reserves: reserve_pool, nominees
    "kept": "保留",
    "admitted": "递补",
    "surplus": "超出本村上限",
    "no_shortfall": "本村无缺额",
    "outranked": "名额已由他人递补",
    "structure": "为满足结构目标未递补",
    # plan ratings: ratings
    "threshold": "按分数线评定",
    "veto": "一票否决",
    "cap": "受“好”名额上限限制",
    "cap_tie": "同分处于名额边界",
    "not_assessed": "未评定",
}

#: Eligibility reason codes (``solver/eligibility.py``) as words; ``{department}`` is the
#: department's display word.
ELIGIBILITY_WORDS: dict[str, tuple[str, str]] = {
    "vetting_fail": ("failed vetting by {department}", "{department}联审不通过"),
    "vetting_pending": ("vetting by {department} pending", "{department}联审待定"),
    "vetting_missing": ("no vetting result from {department}", "缺{department}联审结果"),
    "age_over": ("over the age limit", "超过年龄上限"),
    "age_under": ("under the age limit", "未达年龄下限"),
    "education_below": ("education below the minimum", "学历低于要求"),
    "education_missing": ("education not known", "学历不详"),
    "not_party_member": ("not a Party member", "非中共党员"),
    "party_years_below": ("too few years in the Party", "党龄不足"),
    "evaluation_below": ("evaluation below the minimum", "履职评估得分低于要求"),
    "evaluation_missing": ("no evaluation", "无履职评估得分"),
}
