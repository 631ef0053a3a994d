"""Team-structure targets (结构优化) shared by ``plan backfill`` and ``plan reserves``.

A structure target asks that at least a share of a group of people (the appointees of a
backfill plan, the reserve pool after the yearly review) have an attribute: aged under 45
or under 35, college education or above, women. Both models state such targets as linear
side constraints of a CP-SAT model; this module holds what they share:

- :data:`ATTRIBUTES`: which people each target counts, from the ``age``, ``education`` and
  ``gender`` columns of a people frame;
- :func:`structure_needs`: how many people a share of a fixed number needs, ``ceil``;
- :func:`share_fraction`: a share as an exact fraction ``p / q``, so that a target over a
  group whose size the model decides (``q × flagged ≥ p × size``) stays integer arithmetic;
- :func:`conflicting_rules`: which targets cannot hold together, from CP-SAT's sufficient
  set of assumptions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from .vocabulary import EDUCATION_RANK


def _under(age: int) -> Callable[[pd.DataFrame], np.ndarray]:
    def flag(people: pd.DataFrame) -> np.ndarray:
        return people["age"].to_numpy(dtype=float, na_value=np.nan) < age

    return flag


def _college(people: pd.DataFrame) -> np.ndarray:
    rank = people["education"].map(EDUCATION_RANK).fillna(-1).to_numpy()
    return rank >= EDUCATION_RANK["college"]


def _women(people: pd.DataFrame) -> np.ndarray:
    return (people["gender"] == "F").to_numpy()


#: Per target, whether a person counts towards it (``age`` is plan year - birth year; an
#: unknown age, education or gender does not count).
ATTRIBUTES: dict[str, Callable[[pd.DataFrame], np.ndarray]] = {
    "min_share_under_45": _under(45),
    "min_share_under_35": _under(35),
    "min_share_college": _college,
    "min_share_women": _women,
}

#: What each target counts, for messages: "{count} {label}".
LABELS = {
    "min_share_under_45": "aged under 45",
    "min_share_under_35": "aged under 35",
    "min_share_college": "with college education or above",
    "min_share_women": "women",
}


def structure_attributes(
    people: pd.DataFrame, names: tuple[str, ...] | None = None
) -> dict[str, np.ndarray]:
    """Per person (row of ``people``), whether each target counts them.

    Parameters
    ----------
    people
        A frame with ``age``, ``education`` and ``gender`` columns.
    names
        The targets wanted; all of :data:`ATTRIBUTES` by default.

    Returns
    -------
    dict
        Target name to a boolean array of ``len(people)``.
    """
    wanted = tuple(ATTRIBUTES) if names is None else names
    return {name: ATTRIBUTES[name](people) for name in wanted}


def structure_needs(active: Mapping[str, float], size: int) -> dict[str, int]:
    """How many of ``size`` people each active target needs: ``ceil(share × size)``."""
    return {name: math.ceil(share * size - 1e-9) for name, share in active.items()}


def share_fraction(share: float) -> tuple[int, int]:
    """A share as an exact fraction ``(p, q)`` with ``q ≤ 10^6``: 0.35 → (7, 20).

    ``flagged / size ≥ share`` is then checked as ``q × flagged ≥ p × size`` in integers.
    """
    fraction = Fraction(share).limit_denominator(10**6)
    return fraction.numerator, fraction.denominator


@dataclass(frozen=True)
class TargetRow:
    """One target as a constraint ``sum(coefficients × variables) ≥ lower``."""

    name: str
    variables: np.ndarray
    coefficients: np.ndarray
    lower: int


def conflicting_rules(
    variables: int,
    capacities: list[tuple[np.ndarray, int]],
    targets: list[TargetRow],
    time_limit: float,
) -> list[str]:
    """The targets that cannot all hold, by a CP-SAT solve under assumptions.

    Parameters
    ----------
    variables
        Number of 0/1 decision variables (arcs of backfill, nominees of reserves).
    capacities
        Groups of variables with the most of them that may be 1 (one post per person,
        one person per post; a village's shortfall).
    targets
        The structure targets, each enforced only under its own assumption literal.
    time_limit
        Seconds for the solve (one worker, no objective).

    Returns
    -------
    list of str
        The names in CP-SAT's sufficient set of assumptions for infeasibility (all names
        when the solve ends without one).
    """
    from ortools.sat.python import cp_model  # only an infeasible plan needs this

    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(variables)]
    for members, limit in capacities:
        if len(members) > limit:
            model.add(sum(x[i] for i in members) <= limit)
    literals = {}
    for target in targets:
        literal = model.new_bool_var(target.name)
        literals[target.name] = literal
        pairs = zip(target.variables, target.coefficients, strict=True)
        model.add(sum(int(c) * x[int(i)] for i, c in pairs) >= target.lower).only_enforce_if(
            literal
        )
    model.add_assumptions(list(literals.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.solve(model)
    core = set(solver.sufficient_assumptions_for_infeasibility())
    return [name for name, literal in literals.items() if literal.index in core] or [
        t.name for t in targets
    ]


__all__ = [
    "ATTRIBUTES",
    "LABELS",
    "TargetRow",
    "conflicting_rules",
    "share_fraction",
    "structure_attributes",
    "structure_needs",
]
