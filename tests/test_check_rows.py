"""Tests of the row checks of mentor plans: whole-column comparisons word each wrong row."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from cadreplan.solver.check import check_mentor_plan
from cadreplan.solver.check_rows import _text, _texts, mentor_row_problems
from cadreplan.solver.mentors import plan_mentors

CELLS = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.just(pd.NA),
    st.text(max_size=4),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
)


@given(st.lists(CELLS, max_size=12))
def test_whole_column_text_is_each_cells_text(cells) -> None:
    """``_texts`` of a column gives what ``_text`` gives each of its cells."""
    column = pd.Series(cells, dtype=object)
    assert _texts(column).tolist() == [_text(value) for value in cells]


def test_a_typed_column_reads_as_its_cells_do() -> None:
    """Float, nullable-integer and string columns read cell by cell, blanks as ''."""
    for column in (
        pd.Series([1.5, np.nan, 3.0]),
        pd.Series([1, None, 3], dtype="Int64"),
        pd.Series(["a", None, "c"], dtype="str"),
    ):
        assert _texts(column).tolist() == [_text(v) for v in column.tolist()]


def test_several_wrong_rows_are_each_named_in_row_order(sample, rules) -> None:
    """Every misstated cell of several rows is reported, rows in order, columns in order."""
    plan = plan_mentors(sample, rules)
    pairs = plan.pairs.copy()
    last = len(pairs) - 1
    pairs.loc[last, "reserve_name"] = "某人"
    pairs.loc[0, "mentor_type"] = "instructor"
    pairs.loc[0, "reserve_village"] = "V99"
    label = lambda i: f"{pairs.loc[i, 'reserve_id']}-{pairs.loc[i, 'mentor_id']}"  # noqa: E731
    problems = mentor_row_problems(sample, rules, replace(plan, pairs=pairs))
    assert [p.split(":")[0] for p in problems] == [label(0), label(0), label(last)]
    assert problems[0].startswith(f"{label(0)}: reserve_village is 'V99'")
    assert problems[1].startswith(f"{label(0)}: mentor_type is 'instructor'")


def test_a_blank_mentor_village_states_nothing_to_compare(sample, rules) -> None:
    """A mentor without a village in the data is not held to the row's mentor_village."""
    plan = plan_mentors(sample, rules)
    mentors = sample.mentors
    first = plan.pairs.loc[0, "mentor_id"]
    blank = mentors["village_id"].where(mentors["person_id"] != first, None)
    data = replace(sample, mentors=mentors.assign(village_id=blank))
    problems = mentor_row_problems(data, rules, plan)
    assert not [p for p in problems if "mentor_village" in p], problems


def test_a_load_row_listing_an_extra_mentee_is_caught(sample, rules) -> None:
    """A load row whose mentees name one reserve more than its pairs is caught, once."""
    plan = plan_mentors(sample, rules)
    load = plan.load.copy()
    row = int(np.flatnonzero(load["load"].to_numpy() > 0)[0])
    extra = next(r for r in sample.reserves["person_id"] if r not in load.loc[row, "mentees"])
    load.loc[row, "mentees"] = load.loc[row, "mentees"] + ";" + extra
    problems = check_mentor_plan(sample, rules, replace(plan, load=load))
    wrong = [p for p in problems if "mentees" in p]
    assert len(wrong) == 1 and wrong[0].startswith(f"mentor {load.loc[row, 'mentor_id']}:")
    assert extra in wrong[0]
