"""cadreplan's library: problem data, rules, the models and their checkers.

Nothing here prints, exits or imports click; the ``plan`` command in ``cadreplan.cli`` is a
thin layer over these functions.
"""

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
