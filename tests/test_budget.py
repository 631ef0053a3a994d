"""Tests of the budget simulation: exact items, the cap, the bonus mean and paired draws."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from cadreplan.solver.budget import (
    ITEMS,
    RATINGS,
    Population,
    bundled_scenarios,
    load_scenario,
    run_budget,
    simulate,
)
from cadreplan.solver.errors import RulesError


def scenario_file(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


DETERMINISTIC = """
name = "Fixed"
headcount = 13
years = 4
[pay]
base_monthly = 2700
growth = 0.03
[ratings]
excellent = 0.0
good = 1.0
fair = 0.0
poor = 0.0
[care]
hardship_rate = 0.0
[training]
diploma_uptake = 0.0
"""


def test_deterministic_scenario_is_exact(tmp_path: Path) -> None:
    """13 x 2,700 x 12 = 421,200 in every percentile; growth compounds, rounded to the fen."""
    scenario = load_scenario(scenario_file(tmp_path, DETERMINISTIC))
    result = run_budget([scenario], None, draws=500, seed=3)
    rows = [r for r in result.summary_rows() if r["item"] == "pay"]
    first = rows[0]
    assert (first["mean"], first["p5"], first["p50"], first["p95"]) == (421_200,) * 4
    for t, row in enumerate(rows):
        expected = 13 * 12 * round(2700 * 1.03**t, 2)
        assert row["mean"] == row["p5"] == row["p95"] == pytest.approx(expected, abs=1e-6)
    bonus = [r for r in result.summary_rows() if r["item"] == "bonus"][0]
    assert bonus["mean"] == bonus["p5"] == bonus["p95"] == 13 * 3000
    total = [r for r in result.summary_rows() if r["item"] == "total"][0]
    assert total["p5"] == total["p95"] == 421_200 + 39_000 + 10_000 + 13 * 500 + 13 * 1200


def test_cap_holds_in_every_draw(tmp_path: Path) -> None:
    """With 40% expected excellent, no draw rates more than floor(0.15 x 13) = 1 excellent."""
    text = (
        'name = "Many"\nheadcount = 13\n'
        "[ratings]\nexcellent = 0.4\ngood = 0.3\nfair = 0.25\npoor = 0.05\nconcentration = 5\n"
    )
    scenario = load_scenario(scenario_file(tmp_path, text))
    sim = run_budget([scenario], None, draws=5_000, seed=1).simulations[0]
    assert sim.excellent.max() == 1
    assert (sim.excellent == 1).mean() > 0.9


def exact_bonus_mean(n: int, shares: list[float], amounts: list[float], cap: int) -> float:
    """E[bonus] by enumerating every multinomial outcome, with the cap applied."""
    total = 0.0
    for counts in itertools.product(range(n + 1), repeat=4):
        if sum(counts) != n:
            continue
        probability = math.factorial(n)
        for count, share in zip(counts, shares, strict=True):
            probability *= share**count / math.factorial(count)
        excellent = min(counts[0], cap)
        good = counts[1] + counts[0] - excellent
        total += probability * (excellent * amounts[0] + good * amounts[1] + counts[2] * amounts[2])
    return total


def test_bonus_mean_matches_the_exact_expectation(tmp_path: Path) -> None:
    """For 6 secretaries the simulated bonus mean is within 4 standard errors of the truth."""
    text = (
        'name = "Small"\nheadcount = 6\n'
        "[ratings]\nexcellent = 0.3\ngood = 0.4\nfair = 0.2\npoor = 0.1\n"
    )
    scenario = load_scenario(scenario_file(tmp_path, text))
    draws = 40_000
    sim = run_budget([scenario], None, draws=draws, seed=11).simulations[0]
    bonus = sim.items["bonus"][0]
    exact = exact_bonus_mean(6, [0.3, 0.4, 0.2, 0.1], [6000, 3000, 0, 0], cap=math.floor(0.15 * 6))
    standard_error = bonus.std(ddof=1) / math.sqrt(draws)
    assert abs(bonus.mean() - exact) < 4 * standard_error


def test_paired_differences_are_exact_when_only_pay_changes() -> None:
    """Baseline vs scheme: the pay difference is exact and every other item's is zero."""
    scenarios = [load_scenario(p) for p in bundled_scenarios()]
    result = run_budget(scenarios, _sample(), draws=2_000, seed=5)
    for row in result.comparison_rows():
        if row["item"] in ("pay", "total"):
            assert row["difference_p5"] == row["difference_p95"] == 13 * 12 * 200
        else:
            assert row["difference_p5"] == row["difference_p95"] == 0


def _sample():
    from cadreplan.scenarios import sample_path
    from cadreplan.solver.dataset import load_dataset

    return load_dataset(sample_path(), 2026)


def test_headcount_from_data_and_scenario_wins(tmp_path: Path) -> None:
    """Without headcount the data's 13 posts are paid; a written headcount wins."""
    data = _sample()
    fixed = load_scenario(scenario_file(tmp_path, 'name = "X"\nheadcount = 20\n'))
    loose = load_scenario(scenario_file(tmp_path, 'name = "Y"\n', "y.toml"))
    result = run_budget([loose, fixed], data, draws=10, seed=0)
    assert [s.population.headcount for s in result.simulations] == [13, 20]
    with pytest.raises(RulesError, match="headcount"):
        run_budget([loose], None, draws=10)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('name = "A"\n[pay]\nbase_montly = 2700\n', "pay.base_montly"),
        ('name = "A"\nbudget = 1\n', "budget"),
        ('name = "A"\n[ratings]\nexcellent = 0.5\n', "ratings"),
        ('name = "A"\n[payers]\ncity = ["care", "pay"]\n', "payers.subdistrict"),
        ('name = "A"\n[care]\nhardship_rate = 2\n', "care.hardship_rate"),
    ],
)
def test_bad_scenario_keys_are_named(tmp_path: Path, text: str, key: str) -> None:
    """Unknown keys and bad values raise RulesError naming the key."""
    with pytest.raises(RulesError) as caught:
        load_scenario(scenario_file(tmp_path, text))
    assert caught.value.rule == key


def test_simulation_is_vectorised_and_seeded() -> None:
    """The same seed gives the same draws; every item has one row per year."""
    scenario = load_scenario(bundled_scenarios()[1])
    people = Population(26_000, (10_000,) * 2, "test")
    first = simulate(scenario, people, 2, 1_000, seed=9)
    second = simulate(scenario, people, 2, 1_000, seed=9)
    for item in ITEMS:
        assert first.items[item].shape == (2, 1_000)
        assert np.array_equal(first.items[item], second.items[item])
    assert first.excellent.max() <= math.floor(0.15 * 26_000)
    assert len(RATINGS) == 4
