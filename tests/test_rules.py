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
        ("[mentors]\nmax_km = inf\n", "mentors.max_km"),
        ("[mentors]\nmax_km = nan\n", "mentors.max_km"),
        ("[mentors]\nmax_km = 1e12\n", "mentors.max_km"),
        ("[mentors]\ncapacity = 99999999999999999999\n", "mentors.capacity"),
        ("[mentors]\nsame_village_max = 4000000000\n", "mentors.same_village_max"),
        ("[mentors.score]\nneeds = -inf\n", "mentors.score.needs"),
        ("[mentors.score]\nexperience_cap_years = 1e300\n", "mentors.score.experience_cap_years"),
        ("[backfill]\ncross_village_max_km = inf\n", "backfill.cross_village_max_km"),
        ("[backfill]\nshortlist = 1000000000\n", "backfill.shortlist"),
        ("[backfill.fit]\nage = nan\n", "backfill.fit.age"),
        ("[backfill.fit.source_bonus]\ngraduate = inf\n", "backfill.fit.source_bonus.graduate"),
        ("[backfill.priority]\nweak_lax = 1e9\n", "backfill.priority.weak_lax"),
        ("[eligibility]\nmin_party_years = 9223372036854775807\n", "eligibility.min_party_years"),
        ("[reserves]\nmax_per_village = 99999999999\n", "reserves.max_per_village"),
        ("[ratings]\ncap_excellent = nan\n", "ratings.cap_excellent"),
    ],
)
def test_bad_rules_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """Unknown keys and out-of-range values raise RulesError naming the key."""
    path = tmp_path / "r.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert caught.value.rule == key


@pytest.mark.parametrize(
    ("section", "changes", "key"),
    [
        ("mentors", {"capacity": -3}, "mentors.capacity"),
        ("mentors", {"max_km": float("inf")}, "mentors.max_km"),
        ("mentors", {"capacity": True}, "mentors.capacity"),
        ("mentors", {"require": {"slow": ("instructor",)}}, "mentors.require.slow"),
        ("mentors.score", {"needs": float("nan")}, "mentors.score.needs"),
        ("eligibility", {"min_age": 70}, "eligibility.max_age"),
        ("eligibility", {"required_departments": ("army",)}, "eligibility.required_departments"),
        ("backfill", {"shortlist": -1}, "backfill.shortlist"),
        ("backfill", {"priority": {"weak_lax": 2}}, "backfill.priority.default"),
        ("backfill.fit", {"peak_age_min": 50, "peak_age_max": 40}, "backfill.fit.peak_age_min"),
        ("backfill.structure", {"min_share_women": 2.0}, "backfill.structure.min_share_women"),
        ("reserves", {"ratio": 101}, "reserves.ratio"),
        ("ratings", {"scope": "county"}, "ratings.scope"),
    ],
)
def test_rules_sections_validate_on_construction(rules, section, changes, key) -> None:
    """dataclasses.replace with a value out of range raises RulesError naming the key."""
    import dataclasses

    part = rules
    for name in section.split("."):
        part = getattr(part, name)
    with pytest.raises(RulesError) as caught:
        dataclasses.replace(part, **changes)
    assert caught.value.rule == key and caught.value.file == "rules"


def test_a_valid_replace_is_accepted(rules) -> None:
    """Construction checks do not refuse values within range."""
    import dataclasses

    changed = dataclasses.replace(rules.mentors, capacity=5, max_km=0)
    assert (changed.capacity, changed.max_km) == (5, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[mentors]\nmax_km = inf\n", "key mentors.max_km: must be a number, not inf."),
        (
            "[mentors]\ncapacity = 99999999999999999999\n",
            "key mentors.capacity: must be a whole number from 0 to 10000.",
        ),
        (
            "[backfill]\ncross_village_max_km = 1e12\n",
            "key backfill.cross_village_max_km: must be from 0 to 10000.",
        ),
    ],
)
def test_rules_out_of_range_exit_2_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    """A rules value beyond its range: exit 2, one line naming the file and key, no output."""
    from click.testing import CliRunner

    from cadreplan.cli.main import plan

    path = tmp_path / "r.toml"
    path.write_text(text, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(plan, ["mentors", "--rules", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {path}, {message}\n"
    assert not out.exists()
