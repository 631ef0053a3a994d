"""The 青溪街道 office forms (../shared/forms/qingxi) read as the bundled sample district.

The forms render the sample in the shapes offices keep (titles, two-row headers, GBK CSV,
wide vetting, names instead of ids); reading them must give the sample's data person by
person, and the same plans.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from helpers import QINGXI

from cadreplan.scenarios import sample_path
from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.budget import bundled_scenarios, load_scenario, run_budget
from cadreplan.solver.dataset import Dataset, load_dataset
from cadreplan.solver.mentors import plan_mentors
from cadreplan.solver.rules import load_rules

pytestmark = pytest.mark.skipif(
    not (QINGXI / "expected.json").exists(), reason="../shared/forms/qingxi is not beside the clone"
)


@pytest.fixture(scope="module")
def forms() -> Dataset:
    return load_dataset(QINGXI, 2026)


@pytest.fixture(scope="module")
def clean() -> Dataset:
    return load_dataset(sample_path(), 2026)


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((QINGXI / "expected.json").read_text(encoding="utf-8"))


def _value(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


class Keys:
    """Person and village ids of one dataset turned into the names the forms use."""

    def __init__(self, data: Dataset) -> None:
        self.village = dict(zip(data.villages["village_id"], data.villages["name"], strict=True))
        self.person: dict[str, tuple] = {}
        for table in ("secretaries", "reserves", "mentors"):
            frame = getattr(data, table)
            for person_id, name, village in zip(
                frame["person_id"], frame["name"], frame["village_id"], strict=True
            ):
                self.person[person_id] = (table, name, self.village[village])
        for person_id, name in zip(
            data.dispatched["person_id"], data.dispatched["name"], strict=True
        ):
            self.person[person_id] = ("dispatched", name, None)


def canonical(data: Dataset) -> dict[str, object]:
    """The dataset with every id replaced by names (ids may differ where forms carry none)."""
    keys = Keys(data)
    out: dict[str, object] = {}
    # vacancy_reason names the outgoing secretary by id; `vacant` carries the fact.
    villages = data.villages.drop(columns=["_row", "village_id", "index", "vacancy_reason"])
    out["villages"] = sorted(
        (
            tuple(sorted((c, str(_value(v))) for c, v in row.items()))
            for _, row in villages.iterrows()
        )
    )
    out["roads"] = sorted(
        (tuple(sorted((keys.village[a], keys.village[b]))), float(km))
        for a, b, km in zip(data.roads["from"], data.roads["to"], data.roads["km"], strict=True)
    )
    for table in ("secretaries", "reserves", "mentors", "dispatched"):
        frame = getattr(data, table)
        rows = []
        for _, row in frame.iterrows():
            # assessment and veto (实绩考核) came to the sample after the forms were drawn up.
            record = {
                c: _value(v)
                for c, v in row.items()
                if c not in ("_row", "person_id", "assessment", "veto")
            }
            if "village_id" in record:
                record["village_id"] = keys.village[record["village_id"]]
            rows.append(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))
        out[table] = sorted(rows)
    out["vetting"] = sorted((keys.person[p], d, r, n) for p, d, r, n in _vetting_rows(data))
    out["conflicts"] = sorted(
        (keys.person[a], keys.person[b], r)
        for a, b, r in zip(
            data.conflicts["person_a"],
            data.conflicts["person_b"],
            data.conflicts["relation"],
            strict=True,
        )
    )
    out["previous_pairs"] = sorted(
        (keys.person[r], keys.person[m])
        for r, m in zip(
            data.previous_pairs["reserve_id"], data.previous_pairs["mentor_id"], strict=True
        )
    )
    return out


def test_forms_read_as_the_sample_modulo_ids(forms: Dataset, clean: Dataset) -> None:
    """Every table read from the office forms equals the sample's once ids become names."""
    read, sample = canonical(forms), canonical(clean)
    for table in sample:
        assert read[table] == sample[table], table


def test_forms_match_expected_json_person_by_person(forms: Dataset, expected: dict) -> None:
    """Each person of expected.json, keyed by name and village, has the expected values."""
    keys = Keys(forms)
    for table in ("secretaries", "reserves", "mentors"):
        frame = getattr(forms, table)
        by_key = {
            (name, keys.village[village]): row
            for name, village, (_, row) in zip(
                frame["name"], frame["village_id"], frame.iterrows(), strict=True
            )
        }
        assert len(by_key) == len(expected[table])
        for record in expected[table]:
            row = by_key[tuple(record["key"])]
            for column, value in record.items():
                if column in ("key", "sample_id", "village", "name"):
                    continue
                assert _value(row[column]) == value, (table, record["key"], column)
    dispatched = {
        n: row
        for n, (_, row) in zip(forms.dispatched["name"], forms.dispatched.iterrows(), strict=True)
    }
    for record in expected["dispatched"]:
        row = dispatched[record["key"][0]]
        assert row["unit"] == record["unit"]
        assert _value(row["evaluation"]) == record["evaluation"]
    villages = {
        n: row
        for n, (_, row) in zip(forms.villages["name"], forms.villages.iterrows(), strict=True)
    }
    for record in expected["villages"]:
        row = villages[record["key"][0]]
        for column in (
            "town",
            "kind",
            "population",
            "categories",
            "cross_village_pilot",
            "lat",
            "lon",
        ):
            assert _value(row[column]) == record[column], (record["key"], column)
    vacant = set(forms.villages.loc[forms.villages["vacant"], "name"])
    assert set(expected["villages_without_secretary"]) <= vacant


def _vetting_rows(data: Dataset):
    """(person_id, department, result, note) of every vetting record."""
    vetting = data.vetting
    columns = ("person_id", "department", "result", "note")
    return zip(*(vetting[c] for c in columns), strict=True)


def _vetting_by_person(forms: Dataset) -> dict:
    keys = Keys(forms)
    out: dict = {}
    for person_id, department, result, note in _vetting_rows(forms):
        table, name, village = keys.person[person_id]
        entry = out.setdefault((name, village), {"results": {}, "notes": {}})
        entry["results"][department] = result
        if note:
            entry["notes"][department] = note
    return out


def test_wide_vetting_gives_every_record_and_note(forms: Dataset, expected: dict) -> None:
    """Wide vetting becomes one record per non-blank department cell, with 部门：说明 notes."""
    read = _vetting_by_person(forms)
    for record in expected["vetting"]:
        key = (record["name"], record["village"])
        assert read[key]["results"] == record["results"], key
        assert read[key]["notes"] == record["notes"], key


def _pairs_by_name(data: Dataset, plan) -> list[tuple]:
    keys = Keys(data)
    return sorted(
        (keys.person[r], keys.person[m])
        for r, m in zip(plan.pairs["reserve_id"], plan.pairs["mentor_id"], strict=True)
    )


def _same_plan(planner, forms: Dataset, clean: Dataset) -> tuple:
    """The plans ``planner`` makes of the forms and of the sample, once their status and
    objective are found equal."""
    rules = load_rules(None)
    on_forms, on_sample = planner(forms, rules), planner(clean, rules)
    assert on_forms.status == on_sample.status
    assert on_forms.objective == pytest.approx(on_sample.objective)
    return on_forms, on_sample


def test_mentor_plan_from_forms_equals_the_sample_plan(forms: Dataset, clean: Dataset) -> None:
    """plan mentors on the forms pairs the same people with the same objective as the sample."""
    on_forms, on_sample = _same_plan(plan_mentors, forms, clean)
    assert on_forms.assigned == on_sample.assigned
    assert _pairs_by_name(forms, on_forms) == _pairs_by_name(clean, on_sample)


def test_backfill_plan_from_forms_equals_the_sample_plan(forms: Dataset, clean: Dataset) -> None:
    """plan backfill on the forms appoints the same people to the same posts as the sample."""
    on_forms, on_sample = _same_plan(plan_backfill, forms, clean)
    assert on_forms.priority == on_sample.priority

    def appointed(data: Dataset, plan) -> list[tuple]:
        keys = Keys(data)
        return sorted(
            (keys.village[v], keys.person[p])
            for v, p in zip(
                plan.appointments["village_id"], plan.appointments["person_id"], strict=True
            )
        )

    assert appointed(forms, on_forms) == appointed(clean, on_sample)


def test_budget_from_forms_equals_the_sample_budget(forms: Dataset, clean: Dataset) -> None:
    """plan budget's simulation reads the same headcount and ages from the forms."""
    scenarios = [load_scenario(p) for p in bundled_scenarios()]
    on_forms = run_budget(scenarios, forms, draws=200, seed=1)
    on_sample = run_budget(scenarios, clean, draws=200, seed=1)
    assert on_forms.summary_rows() == on_sample.summary_rows()


def test_intake_report_lists_pay_sheet_and_unused_columns_with_reasons(forms: Dataset) -> None:
    """The report lists the 报酬测算 sheet and every unused column as ignored, with a reason."""
    report = forms.intake
    assert report is not None
    ignored = {s.label: s for s in report.ignored_sources()}
    pay = next(label for label in ignored if label.endswith("sheet 报酬测算"))
    assert ignored[pay].reason
    unused = {(c.label.split(" sheet ")[-1], c.header) for c in report.ignored_columns()}
    for sheet, header in (
        ("Sheet1", "民族"),
        ("Sheet1", "联系电话"),
        ("Sheet1", "现任职务"),
        ("Sheet1", "任现职时间"),
        ("村基本情况", "党员数（名）"),
        ("导师名单", "工作单位及职务"),
        ("2025年结对情况", "帮带成效"),
        ("回避关系", "说明"),
    ):
        assert (sheet, header) in unused, header
    assert all(c.reason for c in report.ignored_columns())
    kinds = {(r.label.split(" sheet ")[-1], r.kind) for r in report.rows}
    assert ("Sheet1", "vacant") in kinds
    assert ("村基本情况", "total") in kinds
