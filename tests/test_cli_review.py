"""Tests of ``plan reserves`` and ``plan ratings`` end to end: files, exit codes, the chain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan


def run(*args: str):
    return CliRunner().invoke(plan, list(args))


def test_reserves_writes_every_output(tmp_path: Path) -> None:
    """The three CSVs carry the contract columns; summary.json hashes every input table."""
    result = run("reserves", "--year", "2026", "--out", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    pool = pd.read_csv(tmp_path / "reserve_pool.csv")
    assert list(pool.columns[:7]) == [
        "person_id",
        "name",
        "village_id",
        "status",
        "reason_code",
        "reason",
        "evaluation",
    ]
    assert set(pool["status"]) == {"kept", "left", "admitted"}
    nominees = pd.read_csv(tmp_path / "nominees.csv")
    assert {"person_id", "status", "reason_code", "reason"} <= set(nominees.columns)
    assert len(nominees) == 9
    ratio = pd.read_csv(tmp_path / "reserve_ratio.csv")
    assert {"village_id", "before", "after", "target", "shortfall", "reason"} <= set(ratio.columns)
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["status"] == "optimal" and summary["bound"] == summary["objective"] == 323
    assert summary["admitted"] == 4 and summary["left"] == 5
    assert summary["leave_reasons"] == {
        "age_over": 3,
        "education_below": 1,
        "evaluation_below": 1,
        "vetting_fail:police": 1,
    }
    assert len(summary["inputs"]["nominees"]) == 64
    assert summary["rules"]["reserves"]["ratio"] == 2
    workbook = openpyxl.load_workbook(tmp_path / "reserves.xlsx", read_only=True)
    assert workbook.sheetnames == ["reserve_pool", "nominees", "reserve_ratio", "filing"]


def test_reserves_summary_times_each_phase(tmp_path: Path) -> None:
    """summary.json's timings name the review's phases, the solve among them, in order."""
    result = run("reserves", "--year", "2026", "--out", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    timings = json.loads((tmp_path / "summary.json").read_text("utf-8"))["timings"]
    assert list(timings) == ["read", "build", "solve", "explain", "check", "write"]
    assert all(seconds >= 0 for seconds in timings.values())


def test_reserves_in_chinese(tmp_path: Path) -> None:
    """--lang zh: Chinese sheet names, reasons and terminal summary."""
    result = run("reserves", "--year", "2026", "--out", str(tmp_path), "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "后备干部动态调整：保留19名，调出5名" in result.stdout
    workbook = openpyxl.load_workbook(tmp_path / "reserves.xlsx", read_only=True)
    assert workbook.sheetnames == ["后备干部库调整", "推荐人选", "后备比例", "报送"]
    filing = list(workbook["报送"].iter_rows(values_only=True))
    assert filing[0][0] == "青溪街道2026年村级后备干部动态调整名单"
    numbered = [row for row in filing if row and isinstance(row[0], int)]
    assert len(numbered) == 24 + 9  # every reserve and every nominee is accounted for
    outcome = {row[2]: row[9] for row in numbered}
    assert outcome["丁浩"] == "新递补" and outcome["黄永强"] == "调出"
    assert outcome["孟丽娟"] == "未递补"
    pool = pd.read_csv(tmp_path / "reserve_pool.csv")
    assert pool.set_index("person_id").at["R20", "reason"] == "履职评估58分，低于60分"


def test_reserves_impossible_structure_exits_3(tmp_path: Path) -> None:
    """A structure target that cannot hold: exit 3, the rule named, no file written."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[reserves.structure]\nmin_share_women = 0.9\n", "utf-8")
    out = tmp_path / "out"
    result = run("reserves", "--year", "2026", "--rules", str(rules), "--out", str(out))
    assert result.exit_code == 3
    assert "no plan: reserves.structure.min_share_women = 0.9 needs women" in result.stderr
    assert not out.exists()


def test_old_ratio_key_is_an_alias(tmp_path: Path) -> None:
    """backfill.reserve_ratio = 3 still sets the target; differing from reserves.ratio is exit 2."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[backfill]\nreserve_ratio = 3\n", "utf-8")
    result = run("reserves", "--year", "2026", "--rules", str(rules), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(tmp_path / "a" / "reserve_ratio.csv")["target"]) == {3}
    rules.write_text("[backfill]\nreserve_ratio = 3\n[reserves]\nratio = 2\n", "utf-8")
    result = run("reserves", "--year", "2026", "--rules", str(rules), "--out", str(tmp_path / "b"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {rules}, key backfill.reserve_ratio: is the old name of reserves.ratio and "
        "the two differ (3 and 2). Keep reserves.ratio only.\n"
    )


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"evaluation": "abc"},
            "nominees.csv row 2, column evaluation: 'abc' is not a number. Write digits, "
            "optionally with a unit such as 分 or 人 (82, 82分, 3,200).",
        ),
        (
            {"village_id": "V99"},
            "nominees.csv row 2, column village_id: unknown village 'V99'. "
            "Use a village_id listed in villages.csv.",
        ),
        (
            {"person_id": "R01"},
            "nominees.csv row 2, column person_id: person_id 'R01' is also a reserve or a "
            "dispatched cadre. A nominee is someone not yet in the pool: give them their own id.",
        ),
        (
            {"evaluation": "120"},
            "nominees.csv row 2, column evaluation: '120' is out of range: it must be at most "
            "100. Correct the number.",
        ),
    ],
)
def test_bad_nominees_exit_2_naming_the_cell(sample_copy: Path, tmp_path: Path, cells, message):
    """A bad cell of nominees.csv is one line naming file, row and column, exit 2."""
    path = sample_copy / "nominees.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, value in cells.items():
        frame.loc[0, column] = value
    frame.to_csv(path, index=False)
    result = run("reserves", "--data", str(sample_copy), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == f"error: {message}"


def test_ratings_writes_every_output(tmp_path: Path) -> None:
    """ratings.csv, secretaries_next.csv, cap_check.csv, the workbook and summary.json."""
    result = run("ratings", "--out", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ratings"] == {
        "excellent": 0,
        "good": 7,
        "fair": 2,
        "poor": 2,
        "not_assessed": 1,
    }
    assert summary["to_adjust"] == ["S01", "S07"] and summary["newly_to_adjust"] == ["S07"]
    assert summary["existing_over_cap"][0]["people"] == "S03;S08"
    ratings = pd.read_csv(tmp_path / "ratings.csv", keep_default_na=False)
    assert list(ratings.columns[:7]) == [
        "person_id",
        "name",
        "village_id",
        "assessment",
        "rating",
        "reason_code",
        "reason",
    ]
    assert (tmp_path / "cap_check.csv").exists()
    workbook = openpyxl.load_workbook(tmp_path / "ratings.xlsx", read_only=True)
    assert workbook.sheetnames == ["ratings", "secretaries_next", "cap_check", "filing"]
    rows = [
        r for r in workbook["filing"].iter_rows(values_only=True) if r and isinstance(r[0], int)
    ]
    assert len(rows) == 12 and {r[4] for r in rows} >= {"good", "poor"}


def test_ratings_then_backfill_on_the_sample(sample_copy: Path, tmp_path: Path) -> None:
    """secretaries_next.csv in place of secretaries.csv: S07's village V07 is vacant, filled."""
    result = run("ratings", "--data", str(sample_copy), "--out", str(tmp_path / "r"), "--quiet")
    assert result.exit_code == 0, result.output
    (sample_copy / "secretaries.csv").unlink()
    shutil.copy(tmp_path / "r" / "secretaries_next.csv", sample_copy)
    out = tmp_path / "b"
    result = run("backfill", "--data", str(sample_copy), "--year", "2026", "--out", str(out))
    assert result.exit_code == 0, result.output
    appointments = pd.read_csv(out / "appointments.csv")
    unfilled = pd.read_csv(out / "unfilled.csv")
    vacancies = set(appointments["village_id"]) | set(unfilled["village_id"])
    assert "V07" in vacancies
    assert appointments.set_index("village_id").at["V07", "person_id"] == "R13"
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["vacancies"] == 4  # V01, V04, V09 and now V07


def test_ratings_by_town_rule(tmp_path: Path) -> None:
    """A rules file with scope = town is used and recorded."""
    rules = tmp_path / "town.toml"
    rules.write_text('[ratings]\nscope = "town"\n', "utf-8")
    result = run("ratings", "--rules", str(rules), "--out", str(tmp_path / "o"), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scope"] == "town" and list(summary["caps"]) == ["青溪街道"]


def test_bad_ratings_rule_exits_2(tmp_path: Path) -> None:
    """An unknown scope is exit 2 naming the key."""
    rules = tmp_path / "bad.toml"
    rules.write_text('[ratings]\nscope = "city"\n', "utf-8")
    result = run("ratings", "--rules", str(rules), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {rules}, key ratings.scope: 'city' is not a scope: district or town.\n"
    )


@pytest.mark.parametrize("command", ["reserves", "ratings"])
def test_help_ends_with_an_example(command: str) -> None:
    """-h works and the help ends with an Example block."""
    result = run(command, "-h")
    assert result.exit_code == 0
    lines = result.output.split("Options:")[0].strip().splitlines()
    assert "Example:" in [line.strip() for line in lines]
    assert lines[-1].strip().startswith(f"plan {command} --data")


@pytest.mark.parametrize("structure", ["", "[reserves.structure]\nmin_share_women = 0.3\n"])
def test_review_commands_run_on_generated_districts(tmp_path: Path, structure: str) -> None:
    """plan generate output carries nominees and assessments; both commands pass the checkers."""
    data = tmp_path / "district"
    assert run("generate", "--villages", "120", "--seed", "5", "--out", str(data)).exit_code == 0
    assert (data / "nominees.csv").exists()
    rules = tmp_path / "rules.toml"
    rules.write_text(structure, "utf-8")
    result = run(
        "reserves",
        "--data",
        str(data),
        "--rules",
        str(rules),
        "--out",
        str(tmp_path / "r"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "optimal" and summary["bound"] == summary["objective"]
    assert summary["admitted"] > 0 and summary["left"] > 0
    assert summary["solver"] in (("ranking", "highs") if structure else ("ranking",))
    result = run("ratings", "--data", str(data), "--out", str(tmp_path / "t"), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["reason_codes"].get("cap", 0) + summary["reason_codes"].get("cap_tie", 0) > 0


def test_review_terminal_lines_read_as_chinese(tmp_path: Path) -> None:
    """In zh the summaries name people as 陈建国（S01，青山村） with full-width brackets, colons
    and 、 (no ASCII "(", ": " or ", "), and a secretary not rated says 不评定 once, not "—"."""
    ratings = run("ratings", "--out", str(tmp_path / "r"), "--lang", "zh")
    assert ratings.exit_code == 0, ratings.output
    lines = ratings.stdout.splitlines()
    assert "    陈建国（S01，青山村）差：实绩考核58分：低于60分，评为差" in lines
    assert any(line.endswith("：陈建国（S01）、周海峰（S07）") for line in lines)
    assert "    郑家明（S09，竹园村）：无实绩考核得分，也无一票否决：不评定" in lines
    assert ratings.stdout.count("不评定") == 1
    reserves = run("reserves", "--year", "2026", "--out", str(tmp_path / "s"), "--lang", "zh")
    assert reserves.exit_code == 0, reserves.output
    left = "    - 黄永强（R02，青山村）：公安联审不通过（有违法记录）"
    assert left in reserves.stdout.splitlines()
    for line in (ratings.stdout + reserves.stdout).splitlines()[1:]:
        if "csv" not in line and "/" not in line:
            assert not {"(", ")", "—"} & set(line) and ", " not in line, line
    english = run("reserves", "--year", "2026", "--out", str(tmp_path / "e"), "--lang", "en")
    assert "    - 黄永强 (R02, 青山村): failed vetting by police (有违法记录)" in english.stdout


def test_existing_ratings_over_the_cap_are_named_by_name(tmp_path: Path) -> None:
    """The over-cap line names the secretaries as every line does, 王志强（S03）, not by id."""
    zh = run("ratings", "--out", str(tmp_path / "z"), "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert (
        "  数据中已有的考核等次超出全街道名额（好2名，上限1名）：王志强（S03）、吴国平（S08）"
        in zh.stdout.splitlines()
    )
    en = run("ratings", "--out", str(tmp_path / "e"), "--lang", "en")
    assert en.exit_code == 0, en.output
    assert (
        "  ratings already in the data break the cap in the district (2 rated excellent for a "
        "cap of 1): 王志强 (S03), 吴国平 (S08)" in en.stdout.splitlines()
    )


def test_terminal_lines_show_village_names_or_ids_when_nameless() -> None:
    """A village is shown by its name (何家湾村); by its id only when it has no name."""
    from cadreplan.cli.ratings import village_name

    villages = {"V01": "何家湾村", "V02": "", "V03": float("nan")}
    assert village_name(villages, "V01") == "何家湾村"
    assert village_name(villages, "V02") == "V02"
    assert village_name(villages, "V03") == "V03"
    assert village_name(villages, "V04") == "V04"


@pytest.mark.parametrize(
    ("command", "broken", "written"),
    [
        ("reserves", "roads", ("reserve_pool.csv", "nominees.csv", "reserve_ratio.csv")),
        ("reserves", "mentors", ("reserve_pool.csv", "nominees.csv", "reserve_ratio.csv")),
        ("ratings", "vetting", ("ratings.csv", "secretaries_next.csv", "cap_check.csv")),
        ("ratings", "reserves", ("ratings.csv", "secretaries_next.csv", "cap_check.csv")),
    ],
)
def test_review_reads_only_the_tables_it_needs(
    tmp_path: Path, sample_copy: Path, command: str, broken: str, written: tuple[str, ...]
) -> None:
    """A broken table the review does not use (roads for reserves, vetting for ratings) stops
    nothing, leaves the plan unchanged and is reported as unread in intake.csv."""
    year = ("--year", "2026") if command == "reserves" else ()
    whole = run(command, *year, "--data", str(sample_copy), "--out", str(tmp_path / "w"), "-q")
    assert whole.exit_code == 0, whole.output
    path = sample_copy / f"{broken}.csv"
    lines = path.read_text("utf-8").splitlines()
    shifted = "x" + lines[1].replace(",", ",,", 1)  # a cell too many in the first row
    path.write_text("\n".join([lines[0], shifted, *lines[2:]]), "utf-8")
    part = run(command, *year, "--data", str(sample_copy), "--out", str(tmp_path / "p"), "-q")
    assert part.exit_code == 0, part.output
    for name in written:
        assert (tmp_path / "p" / name).read_bytes() == (tmp_path / "w" / name).read_bytes()
    intake = pd.read_csv(tmp_path / "p" / "intake.csv", keep_default_na=False)
    source = intake[(intake["kind"] == "source") & (intake["table"] == broken)]
    assert source["status"].tolist() == ["unread"]
    check = run("check", "--data", str(sample_copy), "--year", "2026")
    assert check.exit_code == 2, check.output  # the break is real: plan check refuses it


@pytest.mark.parametrize("generated", [False, True])
def test_cap_on_excellent_is_one_count_everywhere(tmp_path: Path, generated: bool) -> None:
    """Terminal, cap_check.csv, ratings.xlsx, summary.json, plan check: floor(0.15 × posts)."""
    data_args: list[str] = []
    if generated:
        data = tmp_path / "district"
        assert (
            run("generate", "--villages", "120", "--seed", "5", "--out", str(data)).exit_code == 0
        )
        data_args = ["--data", str(data)]
    out = tmp_path / "out"
    result = run("ratings", *data_args, "--out", str(out))
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(plan, ["check", *data_args])
    assert check.exit_code == 0, check.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    posts = summary["caps"]["district"]["posts"]
    cap = posts * 15 // 100
    assert posts == (13 if not generated else 120)
    assert summary["caps"]["district"]["cap"] == cap
    assert f"floor(0.15 × {posts} posts) = {cap}" in result.stdout
    table = pd.read_csv(out / "cap_check.csv", encoding="utf-8-sig")
    assert table[["scope", "posts", "cap"]].values.tolist() == [["district", posts, cap]]
    sheet = openpyxl.load_workbook(out / "ratings.xlsx", read_only=True)["cap_check"]
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[1][1:3] == [posts, cap]
    over = table.at[0, "over_cap"]
    warning = f"more than floor(0.15 × {posts} posts) = {cap}"
    assert (warning in check.output) == bool(over)


def test_unused_excellent_places_are_said(tmp_path: Path) -> None:
    """The sample's tie at 93 leaves the one 好 place unused: S10, terminal and summary say so."""
    result = run("ratings", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        "1 place(s) of excellent left unused in the district: 2 secretaries tied at 93 on the "
        "boundary of the cap of 1 are rated good as a whole (no lottery)"
    ) in result.stdout
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["excellent_unused"] == 1
    assert summary["caps"]["district"]["tied"] == 2
    ratings = pd.read_csv(tmp_path / "ratings.csv", encoding="utf-8-sig").set_index("person_id")
    reason = ratings.at["S10", "reason"]
    assert "2 secretaries tied at 93" in reason and "left unused" in reason
    assert "goes to higher assessments first" not in reason
    zh = run("ratings", "--out", str(tmp_path / "zh"), "--lang", "zh")
    assert "全街道有1个“好”名额空缺：2名书记同分（93分）处于名额1名的边界" in zh.stdout


QINGXI = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"


@pytest.mark.skipif(not QINGXI.is_dir(), reason=f"the real office forms are not at {QINGXI}")
def test_ratings_say_once_that_the_roster_has_no_assessment(tmp_path: Path) -> None:
    """On forms without 实绩考核得分 one warning names the column and the roster file."""
    result = run("ratings", "--data", str(QINGXI), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    roster = "青溪街道村（社区）党组织书记花名册（2026年）.xlsx"
    assert result.stderr.count("has no assessment column (实绩考核得分)") == 1
    assert f"roster {roster} has no assessment column" in result.stderr


@pytest.mark.parametrize(
    ("dropped", "code", "message"),
    [
        (
            ["assessment", "veto", "rating"],
            2,
            "secretaries.csv column 实绩考核得分: the secretaries' roster has no assessment "
            "column (实绩考核得分) and no veto column: no secretary can be rated.",
        ),
        (
            ["assessment"],
            0,
            "warning: the secretaries' roster secretaries.csv has no assessment column "
            "(实绩考核得分): only the vetoed secretaries are rated",
        ),
    ],
)
def test_ratings_without_the_assessment_column(
    sample_copy: Path, tmp_path: Path, dropped: list[str], code: int, message: str
) -> None:
    """No assessment column: exit 2 when nothing can be rated, else one warning naming it."""
    path = sample_copy / "secretaries.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=dropped).to_csv(path, index=False)
    result = run("ratings", "--data", str(sample_copy), "--out", str(tmp_path / "out"))
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_secretaries_next_round_trips_the_input(tmp_path: Path) -> None:
    """secretaries_next.csv keeps every input column and its cell text, except rating/status."""
    result = run("ratings", "--out", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    sample = Path(__file__).resolve().parents[1] / "scenarios" / "sample" / "secretaries.csv"
    given = pd.read_csv(sample, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    written = pd.read_csv(
        tmp_path / "secretaries_next.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert list(written.columns) == list(given.columns)
    keep = [c for c in given.columns if c not in ("rating", "status")]
    pd.testing.assert_frame_equal(written[keep], given[keep])
    ratings = pd.read_csv(tmp_path / "ratings.csv", dtype=str, encoding="utf-8-sig")
    assert ratings.set_index("person_id").at["S01", "assessment"] == "58"
    assert set(ratings["veto"]) == {"true", "false"}


def test_reserves_write_whole_numbers_as_integers(sample_copy: Path, tmp_path: Path) -> None:
    """reserve_pool.csv/nominees.csv: evaluation 82 and age 38 as integers, 82.5 kept."""
    path = sample_copy / "reserves.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "evaluation"] = "82.5"
    frame.to_csv(path, index=False)
    result = run("reserves", "--year", "2026", "--data", str(sample_copy), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in ("reserve_pool.csv", "nominees.csv"):
        text = (tmp_path / name).read_text("utf-8-sig")
        table = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        whole = [v for v in table["age"] if v]
        assert whole and all(v.isdigit() for v in whole), name
        assert ".0," not in text, name
    pool = pd.read_csv(tmp_path / "reserve_pool.csv", dtype=str, keep_default_na=False)
    assert "82.5" in set(pool["evaluation"])


def test_reserves_workbook_made_in_background_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reserves.xlsx made in a forked child has the bytes of one made in this process."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rules = tmp_path / "rules.toml"
    rules.write_text("[reserves.structure]\nmin_share_women = 0.45\n", "utf-8")
    books = []
    for sequential in ("", "1"):
        monkeypatch.setenv("CADREPLAN_SEQUENTIAL", sequential)
        out = tmp_path / f"out{sequential or 0}"
        result = run("reserves", "--year", "2026", "--rules", str(rules), "--out", str(out))
        assert result.exit_code == 0, result.output
        books.append((out / "reserves.xlsx").read_bytes())
    assert books[0] == books[1]
