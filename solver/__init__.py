"""cadreplan's library: problem data, rules, the models and their checkers.

Nothing here prints, exits or imports click; the ``plan`` command in ``cadreplan.cli`` is a
thin layer over these functions.

Names are imported on first use (PEP 562), so a command loads only the models it runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the module of this package that defines it.
_EXPORTS = {
    "BackfillPlan": "backfill",
    "plan_backfill": "backfill",
    "BudgetResult": "budget",
    "Scenario": "budget",
    "load_scenario": "budget",
    "run_budget": "budget",
    "check_backfill_plan": "check",
    "check_mentor_plan": "check",
    "Dataset": "dataset",
    "load_dataset": "dataset",
    "CadreplanError": "errors",
    "DataError": "errors",
    "InfeasibleError": "errors",
    "NoSolutionError": "errors",
    "PlanCheckError": "errors",
    "RulesError": "errors",
    "generate_dataset": "generate",
    "MentorPlan": "mentors",
    "plan_mentors": "mentors",
    "SolveOptions": "network",
    "Status": "network",
    "Rules": "rules",
    "load_rules": "rules",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from .backfill import BackfillPlan as BackfillPlan
    from .backfill import plan_backfill as plan_backfill
    from .budget import BudgetResult as BudgetResult
    from .budget import Scenario as Scenario
    from .budget import load_scenario as load_scenario
    from .budget import run_budget as run_budget
    from .check import check_backfill_plan as check_backfill_plan
    from .check import check_mentor_plan as check_mentor_plan
    from .dataset import Dataset as Dataset
    from .dataset import load_dataset as load_dataset
    from .errors import CadreplanError as CadreplanError
    from .errors import DataError as DataError
    from .errors import InfeasibleError as InfeasibleError
    from .errors import NoSolutionError as NoSolutionError
    from .errors import PlanCheckError as PlanCheckError
    from .errors import RulesError as RulesError
    from .generate import generate_dataset as generate_dataset
    from .mentors import MentorPlan as MentorPlan
    from .mentors import plan_mentors as plan_mentors
    from .network import SolveOptions as SolveOptions
    from .network import Status as Status
    from .rules import Rules as Rules
    from .rules import load_rules as load_rules
