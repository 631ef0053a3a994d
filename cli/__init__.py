"""The ``plan`` command line: a thin click layer over ``cadreplan.solver``."""


def package_version() -> str:
    """The installed version of cadreplan (``0+unknown`` when run from a bare source tree)."""
    # Imported here: the console script (cli/entry.py) loads this package before it can
    # handle Ctrl-C, so the package itself imports nothing.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cadreplan")
    except PackageNotFoundError:
        return "0+unknown"
