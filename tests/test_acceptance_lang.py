"""Acceptance of --lang: every command's terminal output in the chosen language only.

Each command runs with ``--lang zh`` and ``--lang en`` on the bundled sample and on a
generated district. In Chinese, the terminal (stdout and stderr) may keep only ids, numbers,
units, file names, option names and the allowlist of ``helpers_lang``; in English, the only
Chinese left may come from the data (names of people, villages, towns, units …) or be one
of the rating words 好/较好/一般/差 and 一票否决, which the English reports keep as the
programme's own names for the grades (see the README, section "Language").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_lang import chinese_labels, data_strings, english_words

from cadreplan.cli.main import plan
from cadreplan.scenarios import sample_path

#: Commands and their arguments besides --data, --lang and --out.
COMMANDS = {
    "check": [],
    "mentors": ["--time-limit", "20"],
    "backfill": ["--time-limit", "20"],
    "budget": ["--draws", "200"],
    "reserves": [],
    "ratings": [],
}
#: Chinese words the English output keeps on purpose: the official names of the grades.
#: The Chinese words an English line keeps: the ratings and the headers it names (实绩考核得分).
KEPT_IN_ENGLISH = {"好", "较好", "一般", "差", "一票否决", "实绩考核得分"}


@pytest.fixture(scope="module")
def districts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled sample and a generated district of 40 villages."""
    folder = tmp_path_factory.mktemp("generated") / "district"
    result = CliRunner().invoke(
        plan, ["generate", "--villages", "40", "--seed", "3", "--out", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return {"sample": sample_path(), "generated": folder}


def _run(command: str, data: Path, lang: str, out: Path) -> str:
    args = [command, "--lang", lang, "--data", str(data), *COMMANDS[command]]
    if command != "check":
        args += ["--out", str(out)]
    result = CliRunner().invoke(plan, args)
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


@pytest.mark.parametrize("district", ["sample", "generated"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_chinese_output_has_no_english_word(
    command: str, district: str, districts: dict[str, Path], tmp_path: Path
) -> None:
    """With --lang zh a command prints no English word beyond ids, numbers, units, files."""
    text = _run(command, districts[district], "zh", tmp_path / "out")
    assert text.strip()
    # The forms' own headers (English codes in these CSVs) are shown as written, left of →.
    own = {
        h
        for f in districts[district].glob("*.csv")
        for h in f.read_text("utf-8-sig").split("\n")[0].split(",")
    }
    assert [w for w in english_words(text) if w not in own] == [], text


@pytest.mark.parametrize("district", ["sample", "generated"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_english_output_has_no_chinese_label_of_ours(
    command: str, district: str, districts: dict[str, Path], tmp_path: Path
) -> None:
    """With --lang en the only Chinese left comes from the data (or is a grade's name)."""
    text = _run(command, districts[district], "en", tmp_path / "out")
    data = data_strings(districts[district])
    left = set(chinese_labels(text, data)) - KEPT_IN_ENGLISH
    assert left == set(), text


def test_generate_speaks_the_language(tmp_path: Path) -> None:
    """plan generate says what it wrote in Chinese with --lang zh, in English with en."""
    zh = CliRunner().invoke(
        plan, ["generate", "--villages", "12", "--out", str(tmp_path / "a"), "--lang", "zh"]
    )
    assert zh.exit_code == 0
    assert english_words(zh.stdout) == [] and "已写入" in zh.stdout
    en = CliRunner().invoke(
        plan, ["generate", "--villages", "12", "--out", str(tmp_path / "b"), "--lang", "en"]
    )
    assert chinese_labels(en.stdout, []) == [] and en.stdout.startswith("Wrote ")


@pytest.mark.parametrize(
    ("args", "expected_en", "expected_zh"),
    [
        (["check", "--data", "nowhere"], "error: nowhere: does not exist.", "错误：nowhere："),
        (["mentors", "--bogus"], "error: No such option '--bogus'.", "错误：没有选项 '--bogus'。"),
    ],
)
def test_errors_in_both_languages_name_the_same_place(
    args: list[str], expected_en: str, expected_zh: str
) -> None:
    """An error is one line in either language, naming the same file."""
    en = CliRunner().invoke(plan, [*args, "--lang", "en"])
    zh = CliRunner().invoke(plan, [*args, "--lang", "zh"])
    assert en.exit_code == zh.exit_code == 2
    assert expected_en in en.stderr
    assert expected_zh in zh.stderr


#: The office's real forms of the district (CI puts ``shared/`` beside the clone).
QINGXI = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"
needs_qingxi = pytest.mark.skipif(
    not QINGXI.is_dir(), reason=f"the real office forms are not at {QINGXI}"
)


@needs_qingxi
@pytest.mark.parametrize("command", ["reserves", "ratings"])
def test_real_forms_in_chinese_have_no_english_word(command: str, tmp_path: Path) -> None:
    """On the qingxi office forms, reserves and ratings in zh print no English word."""
    text = _run(command, QINGXI, "zh", tmp_path / "out")
    assert text.strip()
    assert english_words(text) == [], text


@needs_qingxi
@pytest.mark.parametrize("command", ["reserves", "ratings"])
def test_real_forms_in_english_have_no_chinese_label(command: str, tmp_path: Path) -> None:
    """On the qingxi office forms, reserves and ratings in en keep only the data's Chinese."""
    text = _run(command, QINGXI, "en", tmp_path / "out")
    files = {path.stem for path in QINGXI.iterdir()}  # the office's file names are data too
    left = set(chinese_labels(text, data_strings(QINGXI) | files)) - KEPT_IN_ENGLISH
    assert left == set(), text


@needs_qingxi
def test_real_forms_name_the_district_scope_with_one_word(tmp_path: Path) -> None:
    """In zh the district-wide scope reads the same in the terminal, the workbook and reasons."""
    import openpyxl

    from cadreplan.solver.words import say
    from cadreplan.solver.words.headers import REPORT_WORDS

    word = REPORT_WORDS["scope"]["district"][1]
    assert say("review.cli.scope_word_district", "zh") == word
    assert say("review.scope.district", "zh") == word
    text = _run("ratings", QINGXI, "zh", tmp_path / "out")
    assert f"超出{word}名额" in text, text
    sheet = openpyxl.load_workbook(tmp_path / "out" / "ratings.xlsx")["实绩考核等次"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("名额范围")
    shown = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert shown == {word}
