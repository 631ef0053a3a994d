"""The ``plan`` command line: a thin click layer over ``cadreplan.solver``."""

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    """The installed version of cadreplan (``0+unknown`` when run from a bare source tree)."""
    try:
        return version("cadreplan")
    except PackageNotFoundError:
        return "0+unknown"
