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


@pytest.fixture
def client(tmp_path: Path):
    """A test client of ``plan serve`` with its own data folder (the [web] extra's tests)."""
    from web_helpers import client_for

    with client_for(tmp_path / "serve") as test_client:
        yield test_client


@pytest.fixture
def sampled(client):
    """A ``plan serve`` session whose data is the bundled sample (plan year 2026)."""
    from web_helpers import csrf_of

    response = client.post("/data/sample", data={"csrf": csrf_of(client), "year": "2026"})
    assert response.status_code == 200
    return client
