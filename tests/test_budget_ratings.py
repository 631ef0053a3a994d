"""plan budget with ratings.source = "data": the year's actual ratings, then the shares."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.solver.budget import bundled_scenarios, load_scenario, ratings_used, run_budget
from cadreplan.solver.errors import RulesError


def scenario(tmp_path: Path, text: str):
    path = tmp_path / "s.toml"
    path.write_text('name = "Data ratings"\nstart_year = 2027\nyears = 2\n' + text, "utf-8")
    return load_scenario(path)


def test_first_year_uses_the_data_counts(sample, tmp_path: Path) -> None:
    """headcount 12 = the 12 rated: year one pays 2 x 6000 + 6 x 3000 in every draw."""
    data_source = scenario(tmp_path, 'headcount = 12\n[ratings]\nsource = "data"\n')
    result = run_budget([data_source], sample, draws=500, seed=3)
    sim = result.simulations[0]
    bonus = sim.items["bonus"]
    assert np.all(bonus[0] == 2 * 6000 + 6 * 3000)  # the sample's ratings, as they are
    assert bonus[1].std() > 0  # the second year is drawn from the shares
    assert sim.population.ratings_source == (
        "the data's ratings for 2027 (2 excellent, 6 good, 3 fair, 1 poor), the expected "
        "shares after"
    )
    assert ratings_used(sim.population, "zh") == (
        "2027年采用数据中的实际等次（好2名、较好6名、一般3名、差1名），以后各年按预期比例抽样"
    )


def test_posts_without_a_rating_are_drawn_under_the_cap(sample, tmp_path: Path) -> None:
    """13 posts, 12 rated: one more is drawn; the 2 好 already fill the cap of 1, so no more."""
    data_source = scenario(tmp_path, '[ratings]\nsource = "data"\n')
    sim = run_budget([data_source], sample, draws=2000, seed=1).simulations[0]
    extra = sim.items["bonus"][0] - (2 * 6000 + 6 * 3000)
    assert set(np.unique(extra)) <= {0.0, 3000.0}
    assert sim.excellent[0].max() == 2
    assert "1 more posts drawn from the shares" in sim.population.ratings_source


def test_shares_are_the_default_and_a_fallback(tmp_path: Path, sample) -> None:
    """The bundled scenarios use the shares; source = data without data says it fell back."""
    baseline = load_scenario(bundled_scenarios()[0])
    assert run_budget([baseline], sample, draws=10).simulations[0].population.ratings_source == (
        "the expected shares"
    )
    data_source = scenario(tmp_path, 'headcount = 13\n[ratings]\nsource = "data"\n')
    sim = run_budget([data_source], None, draws=10).simulations[0]
    assert sim.population.ratings_source == (
        "the expected shares (ratings.source = data, but no --data was given)"
    )
    unrated = replace(sample, secretaries=sample.secretaries.assign(rating=""))
    sim = run_budget([data_source], unrated, draws=10).simulations[0]
    assert sim.population.ratings_source.endswith("but the data has no rating)")


def test_unknown_ratings_source_is_refused(tmp_path: Path) -> None:
    """ratings.source must be shares or data."""
    with pytest.raises(RulesError, match="ratings.source: 'survey' is not a source"):
        scenario(tmp_path, '[ratings]\nsource = "survey"\n')


def test_budget_cli_says_which_ratings_it_used(tmp_path: Path) -> None:
    """summary.json records ratings_source per scenario."""
    path = tmp_path / "s.toml"
    path.write_text('name = "D"\n[ratings]\nsource = "data"\n', "utf-8")
    result = CliRunner().invoke(
        plan, ["budget", str(path), "--draws", "50", "--out", str(tmp_path / "o"), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scenarios"][0]["ratings_source"].startswith("the data's ratings for ")
