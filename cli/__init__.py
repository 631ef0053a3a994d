"""The ``plan`` command line: a thin click layer over ``cadreplan.solver``."""

from __future__ import annotations

import functools

#: The distribution name, as ``importlib.metadata`` normalises it.
DISTRIBUTION = "cadreplan"


@functools.cache
def package_version() -> str:
    """The installed version of cadreplan (``0+unknown`` when run from a bare source tree).

    Read from the ``Version:`` line of the ``.dist-info`` folder that ``importlib.metadata``
    would find first on ``sys.path`` (see :func:`dist_info_version`); where that is not
    certain, from ``importlib.metadata`` itself. Once per process: ``importlib.metadata``
    imports the ``email`` package and parses the whole METADATA file, README included (a
    twentieth of a second in every plan run, twice).
    """
    found = dist_info_version()
    if found is not None:
        return found
    # Imported here: the console script (cli/entry.py) loads this package before it can
    # handle Ctrl-C, so the package itself imports nothing heavy.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"


def _names_cadreplan(entry: str) -> bool:
    """Whether a folder entry is cadreplan's metadata (``cadreplan-0.1.0.dist-info``)."""
    low = entry.lower()
    if not low.startswith(DISTRIBUTION) or not low.endswith((".dist-info", ".egg-info")):
        return False
    import re

    name = low.rpartition(".")[0].partition("-")[0]
    return re.sub(r"[-_.]+", "_", name) == DISTRIBUTION


def dist_info_version(path: list[str] | None = None) -> str | None:
    """The version in cadreplan's ``.dist-info`` METADATA, found as ``importlib.metadata``
    finds it: the first folder of ``path`` (default ``sys.path``) holding its metadata.

    Returns None, leaving the answer to ``importlib.metadata``, unless that folder holds
    exactly one such entry, a ``.dist-info`` with a ``Version:`` header: an ``.egg-info``,
    several candidates, a zip archive on the path before it, or an unreadable file.
    """
    import os
    import sys

    for entry in sys.path if path is None else path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return None  # a zip archive: importlib.metadata looks inside
            continue
        try:
            found = [name for name in os.listdir(folder) if _names_cadreplan(name)]
        except OSError:
            return None
        if not found:
            continue
        if len(found) != 1 or not found[0].lower().endswith(".dist-info"):
            return None
        try:
            with open(os.path.join(folder, found[0], "METADATA"), encoding="utf-8") as metadata:
                for line in metadata:
                    if not line.strip():
                        return None  # the headers ended without a version
                    key, _, value = line.partition(":")
                    if key.strip().lower() == "version" and value.strip():
                        return value.strip()
        except (OSError, UnicodeDecodeError):
            return None
        return None
    return None
