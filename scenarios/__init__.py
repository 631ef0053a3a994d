"""Package data: the bundled sample district, the default rules and the budget scenarios."""

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    """The folder of the bundled sample district's CSV tables."""
    return Path(str(resources.files(__name__).joinpath("sample")))


def scenario_path(name: str) -> Path:
    """A bundled TOML file of this package, such as ``rules.toml`` or ``baseline.toml``."""
    return Path(str(resources.files(__name__).joinpath(name)))
