"""The checkers' distances: great-circle km reported to 0.01 pass, a wrong km does not."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from cadreplan.scenarios import sample_path
from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check import check_backfill_plan, check_mentor_plan
from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.mentors import plan_mentors


def test_great_circle_plans_pass_their_checkers(tmp_path: Path, rules) -> None:
    """Without roads, km (many decimals) are reported to 0.01 and the checkers accept them."""
    folder = tmp_path / "district"
    shutil.copytree(sample_path(), folder)
    (folder / "roads.csv").unlink()
    data = load_dataset(folder, 2026)
    mentors = plan_mentors(data, rules)
    assert mentors.distance_method == "great_circle"
    assert (mentors.pairs["km"] != mentors.pairs["km"].round(1)).any()  # not one-decimal
    assert check_mentor_plan(data, rules, mentors) == []
    assert check_backfill_plan(data, rules, plan_backfill(data, rules)) == []
    pairs = mentors.pairs.copy()
    pairs.loc[0, "km"] = pairs.loc[0, "km"] + 0.02
    problems = check_mentor_plan(data, rules, replace(mentors, pairs=pairs))
    assert any(": km is " in p for p in problems)
