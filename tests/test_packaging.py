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


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_expression_that_setuptools_builds_without_deprecation() -> None:
    """project.license is an SPDX string (the table form is deprecated and stops building
    after 2027-02-18), and the build asks for a setuptools that reads it (77 or later)."""
    config = _config()
    assert config["project"]["license"] == "MIT"
    requires = config["build-system"]["requires"]
    assert "setuptools>=77" in requires, requires


def test_every_folder_of_installed_data_files_is_a_listed_package() -> None:
    """Folders of data files (templates, static, the sample) are listed as packages with their
    files, so setuptools neither warns that it would ignore them nor leaves them out."""
    config = _config()
    listed = set(config["tool"]["setuptools"]["packages"])
    data = config["tool"]["setuptools"]["package-data"]
    for top, name in PREFIX.items():
        for folder in (ROOT / top).rglob("*"):
            if not folder.is_dir() or folder.name.startswith((".", "__")):
                continue
            files = [p for p in folder.iterdir() if p.is_file() and p.suffix != ".py"]
            if not files or (folder / "__init__.py").exists():
                continue
            package = ".".join((name, *folder.relative_to(ROOT / top).parts))
            assert package in listed, f"add {package} to [tool.setuptools] packages"
            patterns = data.get(package, [])
            unlisted = [p.name for p in files if not any(p.match(g) for g in patterns)]
            assert unlisted == [], f"{package}: package-data leaves out {unlisted}"
