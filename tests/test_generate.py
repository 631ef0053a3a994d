"""Tests of the synthetic generator: valid datasets at several sizes, reproducible bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadreplan.cli.main import plan
from cadreplan.solver.dataset import load_dataset
from cadreplan.solver.distances import build_distances
from cadreplan.solver.generate import generate_dataset, write_dataset


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(villages=st.integers(1, 400), seed=st.integers(0, 2**16))
def test_generated_datasets_load(tmp_path_factory, villages: int, seed: int) -> None:
    """Generated datasets of any size load without a validation error and are connected."""
    out = tmp_path_factory.mktemp("gen")
    write_dataset(generate_dataset(villages, seed=seed, year=2026), out)
    data = load_dataset(out, 2026)
    assert len(data.villages) == villages
    if villages > 1:
        distances = build_distances(data.villages, data.roads)
        pairs = distances.within([0], range(villages), 0)
        assert len(pairs.target) == villages  # one connected road network


def test_generated_proportions_are_realistic() -> None:
    """About 2 reserves per village, 1 mentor per 3 reserves and 8% vacancies."""
    tables = generate_dataset(2000, seed=5, year=2026)
    reserves, mentors = len(tables["reserves"]), len(tables["mentors"])
    assert 1.7 < reserves / 2000 < 2.3
    assert 2.7 < reserves / mentors < 3.3
    vacant = 2000 - (tables["secretaries"]["status"] == "in_post").sum()
    assert 0.05 < vacant / 2000 < 0.11
    towns = tables["villages"].groupby("town").size()
    assert towns.min() >= 1 and towns.max() <= 20  # towns of 10-20 villages (the last may be short)


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """plan generate with the same seed writes byte-identical files."""
    for name in ("a", "b"):
        result = CliRunner().invoke(
            plan,
            [
                "generate",
                "--villages",
                "120",
                "--seed",
                "7",
                "--year",
                "2026",
                "--out",
                str(tmp_path / name),
            ],
        )
        assert result.exit_code == 0, result.output
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_generate_xlsx_loads(tmp_path: Path) -> None:
    """plan generate to a .xlsx path writes a workbook that loads."""
    out = tmp_path / "d.xlsx"
    result = CliRunner().invoke(plan, ["generate", "--villages", "30", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(load_dataset(out).villages) == 30


def test_generated_names_are_believable_and_unique() -> None:
    """Villages end once in 村 (社区 for communities), towns in 镇 or 街道; no digit, no repeat."""
    import re

    from cadreplan.solver.generate import generate_dataset

    villages = generate_dataset(3000, seed=5)["villages"]
    names = villages["name"].tolist()
    assert len(set(names)) == len(names)
    for name, kind in zip(names, villages["kind"], strict=True):
        suffix = "社区" if kind == "community" else "村"
        assert name.endswith(suffix), name
        assert name.count("村") + name.count("社区") == 1, name
        assert not re.search(r"\d|镇|街", name), name
        assert 3 <= len(name) <= 7, name
    towns = set(villages["town"])
    for town in towns:
        assert re.fullmatch(r"[^\d村镇街]{2,5}(镇|街道)", town), town
    assert any(t.endswith("街道") for t in towns) and any(t.endswith("镇") for t in towns)
