"""Mentors with a blank village, placed by ``mentors.office_village`` (SPEC "Names as keys")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner
from helpers import make_dataset

from cadreplan.cli.main import plan
from cadreplan.solver.check import check_mentor_plan
from cadreplan.solver.mentors import UNPLACED_NOTE, plan_mentors
from cadreplan.solver.rules import load_rules


def _tables() -> dict[str, pd.DataFrame]:
    # 甲村 and 乙村 are about 55.6 km apart (0.5 degrees of latitude); max_km is 30.
    return {
        "villages": pd.DataFrame(
            {
                "village_id": ["A", "B"],
                "name": ["甲村", "乙村"],
                "town": "t",
                "lat": [30.0, 30.5],
                "lon": [120.0, 120.0],
            }
        ),
        "reserves": pd.DataFrame(
            {
                "person_id": ["R1", "R2"],
                "name": ["r1", "r2"],
                "village_id": ["A", "B"],
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {
                "person_id": ["M1"],
                "name": "m",
                "type": "subdistrict_cadre",
                "village_id": [""],
                "capacity": 2,
            }
        ),
    }


def _rules(office: str):
    rules = load_rules()
    return replace(rules, mentors=replace(rules.mentors, office_village=office))


def test_office_village_places_the_mentor() -> None:
    """A blank mentor village is the office village (by name): 乙村's reserve is out of reach."""
    data = make_dataset(_tables())
    result = plan_mentors(data, _rules("甲村"))
    assert result.pairs["reserve_id"].tolist() == ["R1"]
    assert result.pairs["km"].tolist() == [0.0]
    assert result.pairs["mentor_village"].tolist() == ["A"]
    assert UNPLACED_NOTE not in result.notes
    assert check_mentor_plan(data, _rules("甲村"), result) == []


def test_blank_office_village_lifts_the_limit_and_says_so() -> None:
    """With office_village blank the mentor has no distance limit, proximity 0, and a note."""
    data = make_dataset(_tables())
    result = plan_mentors(data, _rules(""))
    assert result.pairs["reserve_id"].tolist() == ["R1", "R2"]
    assert np.isnan(result.pairs["km"].to_numpy(dtype=float)).all()
    assert (result.pairs["score_proximity"] == 0).all()
    assert UNPLACED_NOTE in result.notes
    assert check_mentor_plan(data, _rules(""), result) == []


def test_checker_measures_from_the_office_village() -> None:
    """The checker, placing the mentor at 甲村 itself, refuses the 55.6 km pair with 乙村."""
    data = make_dataset(_tables())
    result = plan_mentors(data, _rules(""))
    problems = check_mentor_plan(data, _rules("A"), result)
    assert any(p.startswith("R2-M1 is 55.") and p.endswith("km apart") for p in problems)


def test_unknown_office_village_is_exit_2(tmp_path: Path) -> None:
    """An office_village naming no village is exit 2 in one line naming the key."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[mentors]\noffice_village = "不存在村"\n', encoding="utf-8")
    result = CliRunner().invoke(
        plan,
        [
            "mentors",
            "--lang",
            "en",
            "--year",
            "2026",
            "--rules",
            str(rules),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if "office_village" in line]
    assert len(lines) == 1 and "mentors.office_village" in lines[0]
    assert "不存在村" in lines[0] and "Traceback" not in result.output
