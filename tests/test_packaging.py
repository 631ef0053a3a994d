"""The installed distribution holds every package of the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFIX = {"solver": "cadreplan.solver", "cli": "cadreplan.cli", "scenarios": "cadreplan.scenarios"}


def test_every_source_package_is_listed_in_pyproject() -> None:
    """A folder with an __init__.py under solver/, cli/ or scenarios/ is a listed package."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for top, name in PREFIX.items():
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((name, *parts)))
    assert found - listed == set(), f"add to [tool.setuptools] packages: {sorted(found - listed)}"
