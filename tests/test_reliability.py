"""Reliability: determinism, atomic outputs, formula injection, time limits, size guard."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.cli.main import plan
from cadreplan.cli.render.output import neutralise
from cadreplan.solver import network as network_module
from cadreplan.solver.backfill import plan_backfill
from cadreplan.solver.check_review import check_reserve_plan
from cadreplan.solver.errors import InfeasibleError
from cadreplan.solver.network import SolveOptions
from cadreplan.solver.reserves import plan_reserves

CSV_OUTPUTS = {
    "mentors": ["mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"],
    "backfill": [
        "appointments.csv",
        "shortlist.csv",
        "unfilled.csv",
        "eligibility.csv",
        "reserve_ratio.csv",
    ],
    "budget": ["budget_summary.csv"],
}


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A generated district of 200 villages."""
    out = tmp_path_factory.mktemp("district") / "d"
    result = CliRunner().invoke(
        plan, ["generate", "--villages", "200", "--seed", "3", "--year", "2026", "--out", str(out)]
    )
    assert result.exit_code == 0
    return out


def invoke(*args: str):
    return CliRunner().invoke(plan, list(args))


@pytest.mark.parametrize(
    ("command", "solver"),
    [
        ("mentors", "flow"),
        ("mentors", "cpsat"),
        ("backfill", "flow"),
        ("backfill", "cpsat"),
        ("budget", None),
    ],
)
def test_two_runs_give_identical_csv_bytes(district: Path, tmp_path: Path, command, solver) -> None:
    """The same inputs, rules and seed give byte-identical CSV outputs on every path."""
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        args = [command, "--data", str(district), "--out", str(out), "--seed", "7", "--quiet"]
        if command == "budget":
            args += ["--draws", "3000"]
        else:
            args += ["--year", "2026", "--solver", solver, "--time-limit", "60"]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        outputs.append({name: (out / name).read_bytes() for name in CSV_OUTPUTS[command]})
    assert outputs[0] == outputs[1]


def test_failed_run_leaves_earlier_outputs_untouched(tmp_path: Path, monkeypatch) -> None:
    """A failure while writing leaves the previous outputs byte for byte, and no staging."""
    out = tmp_path / "mentors"
    assert invoke("mentors", "--out", str(out), "--quiet").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("cadreplan.cli.plans.write_json", broken)
    result = invoke("mentors", "--out", str(out), "--rules", str(_rules(tmp_path)), "--quiet")
    assert result.exit_code == 1
    assert "disk full" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_failed_run_creates_no_new_folder(tmp_path: Path) -> None:
    """Bad input fails before anything is written: no output folder appears."""
    bad = tmp_path / "rules.toml"
    bad.write_text("[mentors]\nnope = 1\n", "utf-8")
    result = invoke("mentors", "--out", str(tmp_path / "new"), "--rules", str(bad))
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def _rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text("[mentors]\nmax_km = 25\n", "utf-8")
    return path


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3"]


def test_formula_like_names_are_written_as_text(sample_copy: Path, tmp_path: Path) -> None:
    """Names such as =HYPERLINK(...), +1+1, @SUM(A1) and -2+3 never become formulas."""
    reserves = pd.read_csv(sample_copy / "reserves.csv", dtype=str, keep_default_na=False)
    reserves.loc[: len(INJECTIONS) - 1, "name"] = INJECTIONS
    reserves.to_csv(sample_copy / "reserves.csv", index=False)
    out = tmp_path / "out"
    result = invoke("mentors", "--data", str(sample_copy), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out / "mentor_pairs.csv", dtype=str, keep_default_na=False)
    written = dict(zip(pairs["reserve_id"], pairs["reserve_name"], strict=True))
    for index, text in enumerate(INJECTIONS):
        assert written[f"R{index + 1:02d}"] == "'" + text
    sheet = openpyxl.load_workbook(out / "mentors.xlsx")["mentor_pairs"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for index, text in enumerate(INJECTIONS):
        cell = cells[f"R{index + 1:02d}"]
        assert cell.data_type == "s"
        assert cell.value == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_prefixes_every_formula_start(text: str) -> None:
    """Every character a spreadsheet reads as a formula start gets a leading quote."""
    assert neutralise(text) == "'" + text
    assert neutralise("正常姓名") == "正常姓名"
    assert neutralise(-2) == -2


def test_cpsat_out_of_time_with_the_flow_hint_writes_it_as_feasible(
    district: Path, tmp_path: Path, monkeypatch
) -> None:
    """CP-SAT stopped by the deadline returns the flow hint: exit 0, feasible, checked."""
    from ortools.sat.python import cp_model

    solve = cp_model.CpSolver.solve

    def out_of_time(self, model, *args):
        solve(self, model)
        return cp_model.UNKNOWN

    monkeypatch.setattr(cp_model.CpSolver, "solve", out_of_time)
    for command in ("mentors", "backfill"):
        out = tmp_path / command
        result = invoke(command, "--data", str(district), "--out", str(out), "--solver", "cpsat")
        assert result.exit_code == 0, result.output
        summary = json.loads((out / "summary.json").read_text("utf-8"))
        assert summary["status"] == "feasible" and summary["solver"] == "cpsat"
        assert any("min-cost flow hint" in note for note in summary["notes"])
        assert summary["bound"] is None or summary["bound"] >= summary["objective"]


@pytest.mark.parametrize("solver", ["flow", "cpsat", "auto"])
@pytest.mark.parametrize("command", ["mentors", "backfill"])
def test_a_used_up_time_limit_never_claims_optimal(tmp_path: Path, command, solver) -> None:
    """--time-limit 0.0001 covers the flow path too: exit 3 in one line, nothing written."""
    result = invoke(
        command, "--out", str(tmp_path / "o"), "--solver", solver, "--time-limit", "0.0001", "-q"
    )
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        "error: no plan: the time limit of 0.0001 s was used up before min-cost flow could start.\n"
    )
    assert not (tmp_path / "o").exists()


def test_too_large_model_is_refused_clearly(monkeypatch) -> None:
    """A model over the memory guard gives exit 2 and says what to change."""
    monkeypatch.setattr(network_module, "MAX_ARCS", 10)
    result = invoke("mentors", "--quiet")
    assert result.exit_code == 2
    assert (
        "candidate pairs, more than the 10 that fit in memory; lower mentors.max_km"
        in result.stderr
    )


# --- Red team: every number in range (issue 13, kind 1) -----------------------------------


def _edit_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell (row as a spreadsheet counts it) of a CSV table of a dataset copy."""
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False)


def _near_2_30_scores(folder: Path) -> None:
    """50 x 50 pair scores near 2^30 written with six decimals (the issue's example)."""
    import numpy as np

    rng = np.random.default_rng(5)
    reserves = pd.read_csv(folder / "reserves.csv", dtype=str)["person_id"]
    mentors = pd.read_csv(folder / "mentors.csv", dtype=str)["person_id"]
    rows = [
        (r, m, f"{2**30 - rng.uniform(0, 1000):.6f}") for r in reserves[:50] for m in mentors[:50]
    ]
    pd.DataFrame(rows, columns=["reserve_id", "mentor_id", "score"]).to_csv(
        folder / "pair_scores.csv", index=False
    )


def _scores_file(folder: Path, score: str) -> None:
    (folder / "pair_scores.csv").write_text(
        f"reserve_id,mentor_id,score\nR01,M01,{score}\nR02,M02,5\n", "utf-8"
    )


OUT_OF_RANGE = [
    (
        lambda d: _scores_file(d, "1e18"),
        ["mentors"],
        "pair_scores.csv row 2, column score: '1e18' is out of range: it must be at most 100000.",
    ),
    (
        lambda d: _edit_cell(d, "mentors", 2, "capacity", "99999999999999999999"),
        ["mentors"],
        "mentors.csv row 2, column capacity: '99999999999999999999' is out of range: it must be "
        "at most 10000.",
    ),
    (
        _near_2_30_scores,
        ["mentors", "--solver", "cpsat"],
        "pair_scores.csv row 2, column score: '1073741",
    ),
    (
        lambda d: _scores_file(d, "-1e6"),
        ["mentors"],
        "pair_scores.csv row 2, column score: '-1e6' is out of range: it must be at least -100000.",
    ),
    (
        lambda d: _edit_cell(d, "roads", 3, "km", "1e12"),
        ["backfill"],
        "roads.csv row 3, column km: '1e12' is out of range: it must be at most 10000.",
    ),
    (
        lambda d: _edit_cell(d, "villages", 4, "population", "1e30"),
        ["backfill"],
        "villages.csv row 4, column population: '1e30' is out of range: it must be at most 999999.",
    ),
    (
        lambda d: _edit_cell(d, "secretaries", 2, "terms", "40000000000"),
        ["backfill"],
        "secretaries.csv row 2, column terms: '40000000000' is out of range: it must be at most "
        "100.",
    ),
    (
        lambda d: _edit_cell(d, "mentors", 3, "experience_years", "1e300"),
        ["mentors"],
        "mentors.csv row 3, column experience_years: '1e300' is out of range: it must be at most "
        "100.",
    ),
    (lambda d: None, ["mentors", "--seed", "99999999999"], "--seed must be from 0 to 2147483647"),
    (lambda d: None, ["backfill", "--time-limit", "nan"], "--time-limit must be a number"),
    (lambda d: None, ["mentors", "--time-limit", "inf"], "--time-limit must be a number"),
    (lambda d: None, ["mentors", "--time-limit", "1e300"], "--time-limit must be a number"),
]


@pytest.mark.parametrize(("edit", "args", "message"), OUT_OF_RANGE)
def test_numbers_out_of_range_exit_2_in_one_line(
    sample_copy: Path, tmp_path: Path, edit, args, message
) -> None:
    """A number beyond its documented range: exit 2, one line naming where, outputs kept."""
    edit(sample_copy)
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("earlier", "utf-8")
    result = invoke(*args, "--data", str(sample_copy), "--out", str(out), "--quiet")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("error: " + message), lines[0]
    assert [p.name for p in out.iterdir()] == ["summary.json"]
    assert (out / "summary.json").read_text("utf-8") == "earlier"


# --- summary.json is strict JSON (kind 2); docs true (kind 12) --------------------------


def _strict(text: str):
    def refuse(constant: str):
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("command", ["mentors", "backfill", "budget"])
def test_summary_is_strict_json(tmp_path: Path, command) -> None:
    """Every summary.json parses with NaN and Infinity refused, and so does --json."""
    extra = ["--draws", "50"] if command == "budget" else ["--solver", "cpsat"]
    result = invoke(command, "--out", str(tmp_path), "--json", *extra)
    assert result.exit_code == 0, result.output
    assert _strict((tmp_path / "summary.json").read_text("utf-8"))["command"] == command
    assert _strict(result.stdout)["command"] == command


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_json_writer_refuses_non_finite_numbers(value) -> None:
    """The writer's guard: a non-finite number is an error, never NaN/Infinity in a file."""
    from cadreplan.cli.render.output import to_json

    with pytest.raises(ValueError):
        to_json({"time_limit": value})


def test_check_without_data_names_the_bundled_sample() -> None:
    """plan check without --data names the bundled sample, not its install path."""
    result = invoke("check", "--year", "2026")
    assert result.exit_code == 0, result.output
    headline = "Information database of bundled sample (青溪街道) (plan year 2026)"
    assert headline in result.stdout.splitlines()
    assert "site-packages" not in result.output and "scenarios/sample" not in result.stdout
    summary = json.loads(invoke("check", "--year", "2026", "--json").stdout)
    assert summary["source"] == "bundled sample (青溪街道)"


def test_readme_points_to_no_missing_file() -> None:
    """Every *.md file the README names is in the repository or said to be in shared/."""
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text("utf-8")
    for name in set(re.findall(r"\b([A-Z]+\.md)\b", readme)) - {"README.md", "RESULTS.md"}:
        for line in [line for line in readme.splitlines() if name in line]:
            context = readme[readme.index(line) - 200 : readme.index(line) + 300]
            assert (root / name).exists() or "shared/" in context, (name, line)


# --- Validated on construction: datasets (kind 9) ---------------------------------------


def test_changing_a_dataset_frame_does_not_change_the_next_plan(sample, rules) -> None:
    """Frames handed out are copy-on-write copies: editing one leaves the dataset as it was."""
    from cadreplan.solver import plan_mentors

    before = plan_mentors(sample, rules)
    mentors = sample.mentors
    mentors.loc[:, "capacity"] = 0
    mentors["type"] = "instructor"
    reserves = sample.reserves
    reserves.loc[:, "village_id"] = "V01"
    villages = sample.villages
    villages.loc[0, "vacant"] = not villages.loc[0, "vacant"]
    after = plan_mentors(sample, rules)
    assert after.assigned == before.assigned
    assert after.pairs.equals(before.pairs)
    assert sample.mentors["capacity"].sum() > 0
    assert sample.reserves["village_id"].nunique() > 1


# --- One deadline: the structure diagnosis gets what is left (issue 13, kind 7) -----------


class FakeClock:
    """``time.perf_counter`` that moves only when a solver spy says a solve took time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def solver_spy(monkeypatch):
    """Record the seconds granted to every CP-SAT and HiGHS solve under a fake clock.

    The first solve "takes" ``spy.spent`` seconds of the fake clock; the rest take none.
    """
    import scipy.optimize
    from ortools.sat.python import cp_model

    clock = FakeClock()
    monkeypatch.setattr(time, "perf_counter", clock)
    spy = type("Spy", (), {"granted": [], "spent": 0.0, "clock": clock})()
    cpsat_solve = cp_model.CpSolver.solve
    milp = scipy.optimize.milp

    def after_solve() -> None:
        if len(spy.granted) == 1:
            clock.now += spy.spent

    def cpsat(self, model, *args, **kwargs):
        spy.granted.append(("cpsat", self.parameters.max_time_in_seconds))
        result = cpsat_solve(self, model, *args, **kwargs)
        after_solve()
        return result

    def highs(*args, options=None, **kwargs):
        spy.granted.append(("highs", options["time_limit"]))
        result = milp(*args, options=options, **kwargs)
        after_solve()
        return result

    monkeypatch.setattr(cp_model.CpSolver, "solve", cpsat)
    monkeypatch.setattr(scipy.optimize, "milp", highs)
    return spy


def structure_rules(rules, command: str, share: float):
    """The rules with an impossible women's share for ``command`` (backfill or reserves)."""
    part = getattr(rules, command)
    return replace(
        rules, **{command: replace(part, structure=replace(part.structure, min_share_women=share))}
    )


@pytest.mark.parametrize("spent", [7.5, 12.0], ids=["three quarters used", "all used"])
@pytest.mark.parametrize(
    ("command", "solver"),
    [("backfill", "auto"), ("backfill", "cpsat"), ("reserves", "auto"), ("reserves", "cpsat")],
)
def test_the_diagnosis_gets_only_the_time_left(
    sample, rules, solver_spy, command, solver, spent
) -> None:
    """An infeasible plan: the diagnosis's solve is granted what is left of the one deadline
    (never a fresh limit), so it ends by the deadline the plan's own solve started under."""
    limit = 10.0
    solver_spy.spent = spent
    planner = plan_backfill if command == "backfill" else plan_reserves
    share = 1.0 if command == "backfill" else 0.6
    with pytest.raises(InfeasibleError) as caught:
        planner(sample, structure_rules(rules, command, share), SolveOptions(solver, limit))
    assert caught.value.conflicts == ("min_share_women",)
    granted = [seconds for _, seconds in solver_spy.granted]
    assert len(granted) == 2, solver_spy.granted  # the plan's solve, then the diagnosis
    assert solver_spy.granted[-1][0] == "cpsat"  # the diagnosis is a CP-SAT assumption solve
    assert granted[0] == pytest.approx(limit)
    assert granted[1] == pytest.approx(max(limit - spent, 0.001))
    # The diagnosis must end by the plan's one deadline (its 1 ms floor aside): an
    # infeasible run never takes about twice the limit.
    assert spent + granted[1] <= max(limit, spent) + 0.001


# --- Red team, more members found this session (kinds 1, 3, 4) ----------------------------


def _rules_file(folder: Path, text: str) -> Path:
    path = folder / "rules.toml"
    path.write_text(text, "utf-8")
    return path


TEXT_CASES = [
    (  # kind 3: a C1 control (U+009B is a terminal's CSI) would reach `plan check`'s lines
        lambda d: _edit_cell(d, "reserves", 2, "name", "张\x9b31m三"),
        ["check"],
        "error: reserves.csv row 2, column name: the cell holds an invisible control character "
        "(U+009B). Delete it and retype the cell.",
    ),
    (  # kind 3: a bidirectional override makes a name read otherwise than it is written
        lambda d: _edit_cell(d, "mentors", 3, "name", "方\u202e丽萍"),
        ["mentors"],
        "error: mentors.csv row 3, column name: the cell holds an invisible control character "
        "(U+202E). Delete it and retype the cell.",
    ),
    (  # kind 1/3: a cell no workbook cell can hold would break mentors.xlsx in Excel
        lambda d: _edit_cell(d, "reserves", 25, "name", "长" * 40_000),
        ["mentors"],
        "error: reserves.csv row 25, column name: the cell holds 40,000 characters, more than the "
        "32,767 one spreadsheet cell holds. Shorten the text (a name or a note needs far fewer "
        "characters).",
    ),
    (  # kind 1: the range error names the key the file wrote, not the alias it feeds
        lambda d: None,
        ["reserves", "--rules", "{rules:[reserves]\nratio = 1e12\n}"],
        "error: {rules}, key reserves.ratio: must be a whole number from 0 to 100.",
    ),
    (
        lambda d: None,
        ["backfill", "--rules", "{rules:[backfill]\nreserve_ratio = 2.5\n}"],
        "error: {rules}, key backfill.reserve_ratio: must be a whole number from 0 to 100.",
    ),
    (  # kind 3: a terminal title escape (OSC ... BEL) quoted from a rules value is escaped
        lambda d: None,
        [
            "backfill",
            "--rules",
            '{rules:[eligibility]\nmin_education = "x\\u001b]0;pwned\\u0007"\n}',
        ],
        "error: {rules}, key eligibility.min_education: 'x\\x1b]0;pwned\\x07' is not an education "
        "level: primary, junior, high_school, college, bachelor, master, doctor, vocational.",
    ),
]


@pytest.mark.parametrize(("edit", "args", "message"), TEXT_CASES)
def test_text_that_could_drive_a_terminal_or_break_a_workbook_exits_2(
    sample_copy: Path, tmp_path: Path, edit, args, message
) -> None:
    """Control characters, bidi overrides and over-long cells: exit 2, one safe line."""
    edit(sample_copy)
    rules = tmp_path / "rules.toml"
    args = list(args)
    for i, arg in enumerate(args):
        if arg.startswith("{rules:"):
            rules.write_text(arg[len("{rules:") : -1], "utf-8")
            args[i] = str(rules)
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("earlier", "utf-8")
    extra = [] if args[0] == "check" else ["--out", str(out), "--quiet"]
    result = invoke(*args, "--data", str(sample_copy), *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr == message.replace("{rules}", str(rules)) + "\n"
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["summary.json"]


def test_the_error_line_escapes_every_control_character() -> None:
    """The one error line shows ESC, BEL, C1 and bidi controls escaped, and stays one line."""
    from cadreplan.cli.main import one_safe_line

    assert one_safe_line("a\nb\r\x1b]0;x\x07 \x9b31m \u202e ok\t张") == (
        "a\\nb\\r\\x1b]0;x\\x07 \\x9b31m \\u202e ok\t张"
    )


def test_a_failed_run_leaves_no_parent_folder_behind(tmp_path: Path) -> None:
    """--out a/b/c with bad rules: exit 2, and none of a, a/b, a/b/c was made (kind 4)."""
    bad = _rules_file(tmp_path, "[mentors]\nnope = 1\n")
    result = invoke("mentors", "--out", str(tmp_path / "a" / "b" / "c"), "--rules", str(bad))
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.toml"]


def test_a_read_only_parent_of_a_missing_out_is_found_before_solving(tmp_path: Path) -> None:
    """--out new/sub under a folder that refuses new entries (sysfs, even for root): exit 2."""
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no sysfs at /sys (not Linux)")
    target = Path("/sys/kernel/cadreplan-new/sub")
    result = invoke("backfill", "--out", str(target), "--quiet")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --out {target} cannot be written (")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "abc\\u202edcba",
            "key name: holds an invisible control character (U+202E); delete it and retype the "
            "text.",
        ),
        (
            "方" * 101,
            "key name: holds 101 characters; a scenario name labels rows, charts and headings, "
            "so keep it to at most 100.",
        ),
    ],
    ids=["bidi override", "101 characters"],
)
def test_scenario_names_that_would_mislead_or_overflow_are_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    """A scenario name with a bidi override or of 101 characters: exit 2 naming the key."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "{name}"\n', "utf-8")
    out = tmp_path / "out"
    result = invoke("budget", str(scenario), "--draws", "50", "--out", str(out), "--quiet")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {scenario}, {message}\n"
    assert not out.exists()


@pytest.mark.parametrize("character", ["\x9b", "\u2066"], ids=["C1 CSI", "bidi isolate"])
def test_a_workbook_cell_with_a_c1_or_bidi_control_is_refused(
    sample_copy: Path, tmp_path: Path, character: str
) -> None:
    """The same refusal for a workbook (openpyxl writes U+009B as a character reference)."""
    book = tmp_path / "district.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for path in sorted(sample_copy.glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            if path.stem == "reserves":
                frame.loc[1, "name"] = f"张{character}三"
            frame.to_excel(writer, sheet_name=path.stem, index=False)
    result = invoke("check", "--data", str(book))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: district.xlsx sheet reserves row 3, column name: the cell holds an invisible "
        f"control character (U+{ord(character):04X}). Delete it and retype the cell.\n"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a\n", max_size=40), st.integers(1, 6))
def test_the_one_pass_length_scan_agrees_with_measuring_every_line(text: str, limit: int) -> None:
    """The CSV scan that clears a whole text says 'no cell too long' exactly when no line is."""
    from cadreplan.solver.intake import files

    saved = files.MAX_CELL_CHARACTERS
    files.MAX_CELL_CHARACTERS = limit
    try:
        assert files.no_cell_too_long(text) == (max(map(len, text.split("\n"))) <= limit)
        assert files.no_cell_too_long('"' + text) == (len(text) + 1 <= limit)
    finally:
        files.MAX_CELL_CHARACTERS = saved


# --- Red team, kind 5: row numbers are the spreadsheet's, whatever the file's shape --------


def _reserves_lines(folder: Path) -> list[str]:
    """The reserves table's lines with spreadsheet row 5's evaluation made 'abc'."""
    lines = (folder / "reserves.csv").read_text("utf-8").splitlines()
    cells = lines[4].split(",")
    cells[lines[0].split(",").index("evaluation")] = "abc"
    lines[4] = ",".join(cells)
    return lines


def _write(folder: Path, text: str, encoding: str = "utf-8") -> None:
    (folder / "reserves.csv").write_bytes(text.encode(encoding))


def _blank_after_row_2(folder: Path, separator: str = ",", encoding: str = "utf-8") -> None:
    lines = _reserves_lines(folder)
    text = "\n".join(lines[:2] + [""] + lines[2:]) + "\n"
    _write(folder, text.replace(",", separator), encoding)


def _multi_line_cell(folder: Path) -> None:
    lines = _reserves_lines(folder)
    cells = lines[1].split(",")
    cells[1] = '"张\n三"'  # one spreadsheet row, two lines of the file
    lines[1] = ",".join(cells)
    _write(folder, "\n".join(lines) + "\n")


def _workbook_with_blank_row(folder: Path) -> Path:
    book = folder.parent / "district.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for path in sorted(folder.glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            if path.stem == "reserves":
                frame.loc[3, "evaluation"] = "abc"
                blank = pd.DataFrame([[""] * len(frame.columns)], columns=frame.columns)
                frame = pd.concat([frame.iloc[:1], blank, frame.iloc[1:]])
            frame.to_excel(writer, sheet_name=path.stem, index=False)
    return book


ROW_CASES = [
    ("blank line (the issue's example)", _blank_after_row_2, "reserves.csv row 6"),
    ("multi-line quoted cell", _multi_line_cell, "reserves.csv row 5"),
    (
        "CRLF line ends",
        lambda d: _write(d, "\r\n".join(_reserves_lines(d)) + "\r\n"),
        "reserves.csv row 5",
    ),
    (
        "two title rows",
        lambda d: _write(d, "后备干部花名册\n填报单位：青溪街道\n" + "\n".join(_reserves_lines(d))),
        "reserves.csv row 7",
    ),
    (
        "GB18030 with a blank line",
        lambda d: _blank_after_row_2(d, encoding="gb18030"),
        "reserves.csv row 6",
    ),
    (
        "UTF-16 tab-separated with a blank line",
        lambda d: _blank_after_row_2(d, "\t", "utf-16"),
        "reserves.csv row 6",
    ),
    ("workbook with a blank row", _workbook_with_blank_row, "district.xlsx sheet reserves row 6"),
]


@pytest.mark.parametrize(("shape", "edit", "where"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_the_row_named_is_the_spreadsheets_whatever_the_files_shape(
    sample_copy: Path, tmp_path: Path, shape, edit, where
) -> None:
    """Kind 5: blank lines, line breaks in cells, CRLF, titles, encodings, workbooks."""
    data = edit(sample_copy) or sample_copy
    result = invoke("mentors", "--data", str(data), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {where}, column evaluation: 'abc' is not a number. Write digits, optionally "
        "with a unit such as 分 or 人 (82, 82分, 3,200).\n"
    )


# --- Red team, kind 7: plan reserves' solve (HiGHS by class totals; CP-SAT) under the deadline ---


def test_reserves_solver_never_starts_after_the_deadline(tmp_path: Path) -> None:
    """plan reserves with a structure target and --time-limit 0.0001: exit 3 in one line,
    nothing written (HiGHS was once given a 10 ms floor past the deadline and said
    optimal; neither HiGHS, the default, nor CP-SAT may be)."""
    rules = tmp_path / "r.toml"
    rules.write_text("[reserves.structure]\nmin_share_women = 0.55\n", "utf-8")
    out = tmp_path / "o"
    result = invoke(
        "reserves", "--rules", str(rules), "--time-limit", "0.0001", "--out", str(out), "-q"
    )
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        "error: no plan: the time limit of 0.0001 s was used up before HiGHS could start.\n"
    )
    assert not out.exists()


def test_highs_reference_out_of_time_after_the_first_solve_returns_its_plan(
    sample, rules, solver_spy
) -> None:
    """HiGHS, plan reserves' method under targets: the first (priority) solve used the whole
    limit, so its plan is returned as feasible, with a valid bound, and no second solve is
    started."""
    from helpers import captured_model

    from cadreplan.solver.network import Status
    from cadreplan.solver.reserve_model import solve_admissions_milp

    women = structure_rules(rules, "reserves", 0.55)
    # the clock stands still
    full, model = captured_model(sample, women, SolveOptions("auto", 10.0))
    solver_spy.granted.clear()
    solver_spy.spent = 12.0
    cut = solve_admissions_milp(model, SolveOptions("auto", 10.0), time.perf_counter())
    assert [name for name, _ in solver_spy.granted] == ["highs"]
    assert cut.status is Status.FEASIBLE
    assert model.feasible(cut.chosen)  # every rule holds
    assert full.status is Status.OPTIMAL and check_reserve_plan(sample, women, full) == []
    priority = int(model.weight[cut.chosen].sum())
    assert priority == full.priority  # the first objective's optimum is kept
    second = cut.objective - priority * model.big
    assert second <= round(full.objective * full.score_scale) <= cut.bound - priority * model.big


# --- Red team: a limit written in decimals holds up to rounding (found with kind 8) --------


@pytest.mark.parametrize("with_scores", [False, True], ids=["computed scores", "pair_scores"])
def test_a_road_path_that_adds_up_to_the_limit_is_within_it(with_scores: bool) -> None:
    """0.1 + 16.1 + 13.8 km = 30 km (30.000000000000004 in binary) is within max_km = 30:
    paired, counted in reasons, and accepted by the checker; 30.1 km is not."""
    from helpers import make_dataset

    from cadreplan.solver.check import check_mentor_plan
    from cadreplan.solver.mentors import plan_mentors
    from cadreplan.solver.rules import load_rules

    assert 0.1 + 16.1 + 13.8 > 30  # the rounding this test is about
    tables = {
        "villages": pd.DataFrame(
            {"village_id": ["V1", "V2", "V3", "V4", "V5"], "name": list("甲乙丙丁戊"), "town": "T"}
        ),
        "roads": pd.DataFrame(
            {
                "from": ["V1", "V2", "V3", "V4"],
                "to": ["V2", "V3", "V4", "V5"],
                "km": ["0.1", "16.1", "13.8", "0.1"],
            }
        ),
        "reserves": pd.DataFrame(
            {
                "person_id": ["R1", "R2"],
                "name": ["人一", "人二"],
                "village_id": "V1",
                "birth_year": 1990,
                "education": "college",
            }
        ),
        "mentors": pd.DataFrame(
            {
                "person_id": ["M1", "M2"],
                "name": ["师一", "师二"],
                "type": "instructor",
                "village_id": ["V4", "V5"],
                "capacity": 1,
            }
        ),
    }
    if with_scores:
        tables["pair_scores"] = pd.DataFrame(
            {"reserve_id": ["R1", "R2"], "mentor_id": ["M1", "M2"], "score": [5, 5]}
        )
    data = make_dataset(tables)
    rules = load_rules()
    assert rules.mentors.max_km == 30
    plan = plan_mentors(data, rules)
    assert plan.pairs["mentor_id"].tolist() == ["M1"]  # at 30 km; M2 at 30.1 km is not
    assert plan.pairs["km"].round(6).tolist() == [30.0]
    assert check_mentor_plan(data, rules, plan) == []
    assert plan.unassigned["reserve_id"].tolist() == ["R2"]
    assert plan.unassigned["reason"].iloc[0].startswith("1 mentor(s) ")  # M1; M2 is out


# --- Kind 11: static checking resolves the source tree --------------------------------------


def test_the_type_checkers_view_of_the_tree_is_the_installed_layout() -> None:
    """.typing/cadreplan/<package> links to each source folder, and mypy checks each one."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    assert config["tool"]["mypy"]["mypy_path"] == ".typing"
    for package, folder in mapping.items():
        if not package.startswith("cadreplan."):
            continue
        link = root / ".typing" / Path(*package.split("."))
        assert link.is_symlink() and link.resolve() == (root / folder).resolve(), package
    checked = set(config["tool"]["mypy"]["packages"])
    assert {"cadreplan.solver", "cadreplan.cli"} <= checked
