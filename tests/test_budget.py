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
        ('name = "A"\n[pay]\nbase_monthly = inf\n', "pay.base_monthly"),
        ('name = "A"\n[pay]\nbase_monthly = nan\n', "pay.base_monthly"),
        ('name = "A"\n[bonus]\nexcellent = 1e300\n', "bonus.excellent"),
        ('name = "A"\n[care]\nhardship_amount = -inf\n', "care.hardship_amount"),
        ('name = "A"\n[ratings]\nconcentration = 1e308\n', "ratings.concentration"),
        ('name = "A"\n[awards]\ncount = 99999999999999999999\n', "awards.count"),
        ('name = "A\\u001b[31mred"\n', "name"),
        ('name = "Ring\\u0007"\n', "name"),
        (
            'name = "A"\n[payers]\n"city\\u001b" = ["care"]\nsubdistrict = []\n',
            "payers.'city\\x1b'",
        ),
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


# --- Paired by calendar year (issue 13, kind 6) ------------------------------------------

SHIFTABLE = """
name = "{name}"
headcount = 40
start_year = {start}
years = {years}
[ratings]
concentration = {concentration}
"""


@pytest.mark.parametrize("concentration", [0, 20])
def test_identical_scenarios_starting_a_year_apart_differ_by_exactly_0(
    tmp_path: Path, concentration: float
) -> None:
    """Draws pair by calendar year: every shared year's difference is exactly 0, every item."""
    early = load_scenario(
        scenario_file(
            tmp_path,
            SHIFTABLE.format(name="2027 start", start=2027, years=4, concentration=concentration),
            "a.toml",
        )
    )
    late = load_scenario(
        scenario_file(
            tmp_path,
            SHIFTABLE.format(name="2028 start", start=2028, years=4, concentration=concentration),
            "b.toml",
        )
    )
    result = run_budget([early, late], None, draws=3_000, seed=11)
    rows = result.comparison_rows()
    assert {row["year"] for row in rows} == {2028, 2029, 2030}
    for row in rows:
        for stat in ("mean", "p5", "p50", "p95"):
            assert row[f"difference_{stat}"] == 0, row
    base, other = result.simulations
    for item in ITEMS:
        assert np.array_equal(base.items[item][1:], other.items[item][:3])


def test_a_changed_item_leaves_the_others_paired_across_start_years(tmp_path: Path) -> None:
    """Only care changes and the start moves: the other items still differ by exactly 0."""
    early = load_scenario(
        scenario_file(tmp_path, SHIFTABLE.format(name="A", start=2027, years=3, concentration=0))
    )
    text = SHIFTABLE.format(name="B", start=2028, years=3, concentration=0)
    late = load_scenario(
        scenario_file(tmp_path, text + "[care]\nhardship_amount = 30000\n", "b.toml")
    )
    result = run_budget([early, late], None, draws=2_000, seed=3)
    for row in result.comparison_rows():
        if row["item"] in ("care", "total"):
            assert row["difference_p95"] > 0
        else:
            assert row["difference_p5"] == row["difference_p95"] == 0, row


# --- Scenarios validated whole (kind 3) ---------------------------------------------------


def test_two_scenarios_with_one_name_are_refused(tmp_path: Path) -> None:
    """Rows, sheets and charts are labelled by name: a second scenario of one name is refused."""
    a = load_scenario(scenario_file(tmp_path, 'name = "Scheme"\nheadcount = 5\n', "a.toml"))
    b = load_scenario(scenario_file(tmp_path, 'name = " Scheme "\nheadcount = 9\n', "b.toml"))
    with pytest.raises(RulesError) as caught:
        run_budget([a, b], None, draws=10)
    assert caught.value.rule == "name" and caught.value.file.endswith("b.toml")


@pytest.mark.parametrize(
    ("draws", "years", "memory", "refused"),
    [
        (10_000_000, [50, 50], 64 * 2**30, True),
        (10_000, [3, 3], 1 * 2**30, False),
        (1_000_000, [10], 1 * 2**30, True),
        (1_000_000, [10], None, False),
    ],
)
def test_budget_size_is_checked_before_drawing(draws, years, memory, refused) -> None:
    """A run whose draws would not fit in half the memory is refused with the estimate."""
    from cadreplan.solver.budget import check_budget_size
    from cadreplan.solver.errors import TooLargeError

    if refused:
        with pytest.raises(TooLargeError, match="GB of memory"):
            check_budget_size(draws, years, memory)
    else:
        check_budget_size(draws, years, memory)


BAD_BUDGET_RUNS = [
    (
        ['name = "Same"\n', 'name = "Same"\n'],
        [],
        "b.toml, key name: 'Same' is also the name of {a}; every scenario needs its own name "
        "(its rows and charts are labelled by it).",
    ),
    (
        ['name = "A"\n[pay]\nbase_monthly = inf\n'],
        [],
        "a.toml, key pay.base_monthly: must be a number from 0 to 10,000,000, not inf.",
    ),
    (
        ['name = "\\u001b]0;pwned\\u0007Scheme"\n'],
        [],
        "a.toml, key name: holds an invisible control character (U+001B); delete it and retype "
        "the text.",
    ),
    (
        ['name = "A"\n', 'name = "B"\n', 'name = "C"\n'],
        ["--draws", "10000000", "--years", "50"],
        "10,000,000 draws x 150 scenario-years would need about",
    ),
]


@pytest.mark.parametrize(("texts", "extra", "message"), BAD_BUDGET_RUNS)
def test_bad_budget_runs_exit_2_in_one_line(tmp_path: Path, texts, extra, message) -> None:
    """Duplicate names, infinite amounts, control characters, runs too large: exit 2, one line."""
    from click.testing import CliRunner

    from cadreplan.cli.main import plan

    files = [scenario_file(tmp_path, text, name) for text, name in zip(texts, "abc", strict=False)]
    files = [f.rename(f.with_name(f.stem[0] + ".toml")) for f in files]
    out = tmp_path / "out"
    out.mkdir()
    (out / "budget.html").write_text("earlier", "utf-8")
    result = CliRunner().invoke(
        plan, ["budget", *map(str, files), "--out", str(out), "--quiet", *extra]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    expected = "error: " + str(tmp_path / message.format(a=files[0]))
    if not message[0].isalpha() or message.startswith("10,"):
        expected = "error: " + message
    assert lines[0].startswith(expected), lines[0]
    assert [p.name for p in out.iterdir()] == ["budget.html"]


def test_four_scenarios_of_different_starts_and_lengths_pair_in_every_shared_year(
    tmp_path: Path,
) -> None:
    """Kind 6, more members: starts 2027-2029, 1 to 5 years, Dirichlet shares, hardship:
    every draw of every item is equal in every calendar year two scenarios share."""
    spans = {"A": (2027, 3), "B": (2028, 3), "C": (2029, 1), "D": (2027, 5)}
    scenarios = [
        load_scenario(
            scenario_file(
                tmp_path,
                SHIFTABLE.format(name=name, start=start, years=years, concentration=50)
                + "[care]\nhardship_rate = 0.2\n",
                f"{name}.toml",
            )
        )
        for name, (start, years) in spans.items()
    ]
    result = run_budget(scenarios, None, draws=1_500, seed=4)
    shared = 0
    for first, second in itertools.combinations(result.simulations, 2):
        for year in set(first.years) & set(second.years):
            i, j = list(first.years).index(year), list(second.years).index(year)
            for item in ITEMS:
                assert np.array_equal(first.items[item][i], second.items[item][j]), (year, item)
                shared += 1
    assert shared == len(ITEMS) * 11  # shared years: A-B 2, A-C 1, A-D 3, B-C 1, B-D 3, C-D 1


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"name": "x\x1b[31m"}, "name"),
        ({"years": 0}, "years"),
        ({"headcount": -1}, "headcount"),
        ({"start_year": 99_999}, "start_year"),
        ({"pay": {"base_monthly": float("inf"), "months": 12, "growth": 0.0}}, "pay.base_monthly"),
        ({"payers": {"city": ("care",)}}, "payers"),
    ],
)
def test_a_scenario_is_validated_on_construction(change: dict, key: str) -> None:
    """Kind 9 for scenarios: dataclasses.replace with a value out of range is refused, naming
    the key, as loading the same value from TOML is."""
    import dataclasses

    scenario = load_scenario(bundled_scenarios()[0])
    with pytest.raises(RulesError) as caught:
        dataclasses.replace(scenario, **change)
    assert caught.value.rule == key
    assert str(caught.value).startswith(f"{scenario.source}, key {key}: ")
