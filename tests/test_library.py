"""Tests of the library's public names in ``cadreplan.solver``, imported on first use."""

from __future__ import annotations

import pytest

import cadreplan.solver as library
from cadreplan.solver.mentors import plan_mentors


def test_public_names_resolve_to_their_definitions() -> None:
    """Every name in __all__ is the object its module defines, and dir() lists it."""
    assert library.plan_mentors is plan_mentors
    for name in library.__all__:
        assert getattr(library, name) is not None
        assert name in dir(library)


def test_unknown_name_is_an_attribute_error() -> None:
    """A name the library does not export raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="plan_everything"):
        library.plan_everything  # noqa: B018 - the lookup is what is tested
