"""Tests of the rules: bundled defaults, key-by-key overrides and refused keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadreplan.solver.errors import RulesError
from cadreplan.solver.rules import load_rules, rules_as_dict


def test_defaults_match_the_spec(rules) -> None:
    """The bundled defaults are the values SPEC.md fixes."""
    assert rules.eligibility.max_age == 55
    assert rules.eligibility.min_education == "high_school"
    assert rules.eligibility.required_departments == (
        "discipline",
        "police",
        "court",
        "procuratorate",
        "civil_affairs",
        "petition",
    )
    assert rules.mentors.capacity == 3
    assert rules.mentors.max_km == 30
    assert rules.mentors.same_village_max == 2
    assert rules.mentors.require["weak_lax"] == ("subdistrict_cadre", "advanced_secretary")
    assert rules.backfill.cross_village_max_km == 20
    assert rules.backfill.shortlist == 3
    assert dict(rules.backfill.priority) == {
        "weak_lax": 4,
        "poor": 3,
        "weak_economy": 3,
        "large": 2,
        "default": 1,
    }


def test_override_changes_only_its_keys(tmp_path: Path, rules) -> None:
    """A rules file that sets one key leaves every other key at its default."""
    path = tmp_path / "r.toml"
    path.write_text("[mentors]\nmax_km = 12.5\n[backfill.priority]\nadvanced = 2\n", "utf-8")
    changed = load_rules(path)
    assert changed.mentors.max_km == 12.5
    assert changed.backfill.priority["advanced"] == 2
    assert changed.backfill.priority["weak_lax"] == 4
    before, after = rules_as_dict(rules), rules_as_dict(changed)
    after["mentors"]["max_km"] = before["mentors"]["max_km"]
    del after["backfill"]["priority"]["advanced"]
    assert before == after


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[eligibility]\nmax_agee = 50\n", "eligibility.max_agee"),
        ("[mentors.require]\nslow = ['instructor']\n", "mentors.require.slow"),
        ("[mentors]\ncapacity = -1\n", "mentors.capacity"),
        ("[mentors]\ncapacity = 'three'\n", "mentors.capacity"),
        ("[eligibility]\nmin_education = 'phd'\n", "eligibility.min_education"),
        ("[backfill.structure]\nmin_share_women = 1.5\n", "backfill.structure.min_share_women"),
        ("[budget]\nx = 1\n", "budget"),
    ],
)
def test_bad_rules_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """Unknown keys and out-of-range values raise RulesError naming the key."""
    path = tmp_path / "r.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert caught.value.rule == key
