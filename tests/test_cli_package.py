"""The version plan reports (cli/__init__.py): the installed one, read as importlib reads it."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from cadreplan.cli import dist_info_version, package_version


def _dist_info(folder: Path, name: str, version: str | None) -> Path:
    info = folder / name
    info.mkdir(parents=True)
    header = f"Metadata-Version: 2.1\nName: cadreplan\n{'Version: ' + version if version else ''}\n"
    (info / "METADATA").write_text(header + "\nVersion: 9.9 in the description\n", "utf-8")
    return info


def test_package_version_is_the_installed_distributions() -> None:
    """plan's version is what importlib.metadata gives for the installed cadreplan."""
    assert package_version() == importlib.metadata.version("cadreplan")


def test_dist_info_on_the_path_gives_its_version_header(tmp_path: Path) -> None:
    """A cadreplan .dist-info in the first folder holding one gives its Version header,
    not a line of the description below the headers, as importlib.metadata reads it."""
    _dist_info(tmp_path / "b", "cadreplan-2.3.4.dist-info", "2.3.4")
    _dist_info(tmp_path / "c", "cadreplan-0.0.1.dist-info", "0.0.1")
    (tmp_path / "a").mkdir()
    path = [str(tmp_path / name) for name in ("a", "missing", "b", "c")]
    assert dist_info_version(path) == "2.3.4"
    dists = list(importlib.metadata.distributions(name="cadreplan", path=path))
    assert dists[0].version == "2.3.4"


@pytest.mark.parametrize(
    "entries",
    [
        ["cadreplan.egg-info"],
        ["cadreplan-1.0.dist-info", "cadreplan-2.0.dist-info"],
        ["cadreplan-1.0.dist-info:noversion"],
    ],
)
def test_uncertain_metadata_is_left_to_importlib(tmp_path: Path, entries: list[str]) -> None:
    """An .egg-info, two candidates or no Version header: None, importlib.metadata decides."""
    for entry in entries:
        name, _, flag = entry.partition(":")
        _dist_info(tmp_path, name, None if flag else "1.0")
    assert dist_info_version([str(tmp_path)]) is None


def test_the_version_is_read_once_per_process() -> None:
    """package_version is cached: the summary of every plan asks for it again."""
    package_version()
    hits = package_version.cache_info().hits
    assert package_version() == importlib.metadata.version("cadreplan")
    assert package_version.cache_info().hits == hits + 1
