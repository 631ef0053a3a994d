"""Shared fixtures: the bundled sample district, copied where a test needs to change it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cadreplan.scenarios import sample_path
from cadreplan.solver.dataset import Dataset, load_dataset
from cadreplan.solver.rules import Rules, load_rules

PLAN_YEAR = 2026


@pytest.fixture(scope="session")
def sample() -> Dataset:
    """The bundled sample district, loaded for the plan year 2026."""
    return load_dataset(sample_path(), PLAN_YEAR)


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The bundled default rules."""
    return load_rules()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample district's CSV folder."""
    target = tmp_path / "district"
    shutil.copytree(sample_path(), target)
    return target


def pytest_terminal_summary(terminalreporter) -> None:
    """Report how many mutated datasets the fuzz test ran, and their exit codes."""
    try:
        from test_fuzz import FUZZ_STATS
    except ImportError:
        return
    if FUZZ_STATS:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(FUZZ_STATS.items()) if k != "datasets")
        terminalreporter.write_line(f"fuzz: {FUZZ_STATS['datasets']} mutated datasets, {codes}")
