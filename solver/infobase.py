"""The information-database summary (信息库) that ``plan check`` prints."""

from __future__ import annotations

from typing import Any

import numpy as np

from .dataset import Dataset
from .distances import build_distances
from .eligibility import candidates, vetting_status
from .rules import Rules

CATEGORY_ORDER = ("weak_lax", "poor", "weak_economy", "advanced", "large", "long_tenure")


def reserve_counts(data: Dataset) -> np.ndarray:
    """Reserves per village, in village order."""
    index = data.village_index
    positions = data.reserves["village_id"].map(index).to_numpy(dtype=np.int64)
    return np.bincount(positions, minlength=len(data.villages))


def database_summary(data: Dataset, rules: Rules) -> dict[str, Any]:
    """Villages by town and category, vacancies, the 1:2 ratio, vetting and mentor capacity."""
    villages = data.villages
    categories = data.village_categories()
    by_category = {
        name: [
            v for v, cats in zip(villages["village_id"], categories, strict=True) if name in cats
        ]
        for name in CATEGORY_ORDER
    }
    name_of = dict(zip(villages["village_id"], villages["name"], strict=True))
    secretaries = data.secretaries
    leaving = secretaries[secretaries["status"] != "in_post"]
    status_of = leaving.drop_duplicates("village_id", keep="last").set_index("village_id")
    vacancies = []
    for row, cats in zip(
        data.vacancies.itertuples(index=False), categories[villages["vacant"]], strict=True
    ):
        entry = {
            "village_id": row.village_id,
            "name": row.name,
            "reason": row.vacancy_reason,
            "reason_code": "no_secretary",
            "categories": list(cats),
        }
        if row.village_id in status_of.index:
            secretary = status_of.loc[row.village_id]
            entry["reason_code"] = "secretary_status"
            entry["secretary"] = {
                "person_id": str(secretary["person_id"]),
                "name": str(secretary["name"]),
                "status": str(secretary["status"]),
            }
        vacancies.append(entry)
    counts = reserve_counts(data)
    target = rules.backfill.reserve_ratio
    shortfalls = [
        {
            "village_id": v,
            "name": name,
            "reserves": int(c),
            "target": target,
            "shortfall": target - int(c),
        }
        for v, name, c in zip(villages["village_id"], villages["name"], counts, strict=True)
        if c < target
    ]
    people = candidates(data)
    status = vetting_status(data, people["person_id"], rules.eligibility.required_departments)
    open_items = []
    for person_id, name, row in zip(
        people["person_id"], people["name"], status.to_numpy(), strict=True
    ):
        problems = {
            dept: result
            for dept, result in zip(status.columns, row, strict=True)
            if result != "pass"
        }
        if problems:
            open_items.append({"person_id": person_id, "name": name, "departments": problems})
    capacity = data.mentors["capacity"].fillna(rules.mentors.capacity).astype(int)
    by_type = (
        data.mentors.assign(capacity=capacity).groupby("type")["capacity"].agg(["count", "sum"])
    )
    distances = build_distances(villages, data.roads)
    return {
        "source": data.source,
        "year": data.year,
        "villages": int(len(villages)),
        "towns": {str(k): int(v) for k, v in villages.groupby("town").size().items()},
        "kinds": {str(k): int(v) for k, v in villages.groupby("kind").size().items()},
        "categories": {
            k: {"count": len(v), "villages": v[:50], "names": [name_of[i] for i in v[:50]]}
            for k, v in by_category.items()
        },
        "vacancies": vacancies,
        "reserves": int(len(data.reserves)),
        "reserve_ratio": {"target_per_post": target, "shortfalls": shortfalls},
        "not_fully_vetted": open_items,
        "mentors": {
            "count": int(len(data.mentors)),
            "capacity": int(capacity.sum()),
            "reserves": int(len(data.reserves)),
            "by_type": {
                str(t): {"count": int(r["count"]), "capacity": int(r["sum"])}
                for t, r in by_type.iterrows()
            },
        },
        "dispatched": int(len(data.dispatched)),
        "distances": distances.method,
        "inputs": dict(data.fingerprints),
    }
