"""Tests of ``--lang``: the locale default, click's messages and our errors in both languages."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers_lang import english_words

from cadreplan.cli.lang import lang_in_args
from cadreplan.cli.main import plan
from cadreplan.solver.errors import DataError, RulesError
from cadreplan.solver.words import cut_list, default_lang
from cadreplan.solver.words.cli import CLICK_ZH


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_default_language_follows_the_locale(environ: dict, expected: str) -> None:
    """LC_ALL, then LC_MESSAGES, then LANG decide the default: zh when it starts with zh."""
    assert default_lang(environ) == expected


def test_lang_is_read_before_parsing() -> None:
    """``--lang zh`` and ``--lang=zh`` are found anywhere on the line; a bad value is ignored."""
    assert lang_in_args(["mentors", "--bogus", "--lang", "zh"]) == "zh"
    assert lang_in_args(["mentors", "--lang=zh"]) == "zh"
    assert lang_in_args(["mentors", "--lang", "fr"]) == default_lang()


def test_every_click_message_we_translate_still_exists_in_click() -> None:
    """Each key of CLICK_ZH occurs in click's source, so a reworded message is noticed."""
    folder = Path(click.__file__).parent
    source = "".join(p.read_text("utf-8") for p in folder.glob("*.py"))
    missing = [key for key in CLICK_ZH if key not in source]
    assert missing == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["mentors", "--lang", "zh", "--bogus"],
            "错误：没有选项 '--bogus'。 （您是否要输入以下之一：'--columns', '--out'？）"
            "用法见 plan mentors -h。",
        ),
        (
            ["mentors", "--lang", "zh", "--time-limit", "abc"],
            "错误：'--time-limit' 的取值无效：'abc' 不是有效的数字。用法见 plan mentors -h。",
        ),
        (
            ["mentors", "--bogus"],
            "error: No such option '--bogus'. (Did you mean one of: '--columns', '--out'?) "
            "See plan mentors -h.",
        ),
        (
            ["--lang", "fr"],
            "error: Invalid value for '--lang': 'fr' is not one of 'en', 'zh'. See plan -h.",
        ),
        (["generate"], "error: Missing option '--villages'. See plan generate -h."),
        (
            ["budget", "--draws", "0"],
            "error: Invalid value for '--draws': 0 is not in the range 1<=x<=10000000. "
            "See plan budget -h.",
        ),
    ],
)
def test_usage_errors_follow_lang(args: list[str], expected: str) -> None:
    """A bad option or value is one line (SPEC) with the fix, exit 2, in ``--lang``'s words."""
    result = CliRunner().invoke(plan, args)
    assert result.exit_code == 2
    assert result.stderr == expected + "\n"
    if "zh" in args:
        # The usage lines name the command as typed; the error line has no English word.
        error_line = result.stderr.strip().splitlines()[-1].replace("'abc'", "")
        error_line = error_line.replace("plan mentors -h", "")  # the command as typed
        assert english_words(error_line) == []


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("mentor", "mentors"), ("chek", "check"), ("backfil", "backfill"), ("budgte", "budget")],
)
def test_command_typos_get_a_suggestion(typo: str, suggestion: str) -> None:
    """A misspelt command is refused (exit 2) with "did you mean" the closest command."""
    result = CliRunner().invoke(plan, [typo])
    assert result.exit_code == 2
    assert f"No such command '{typo}'. Did you mean '{suggestion}'?" in result.stderr
    result = CliRunner().invoke(plan, [typo, "--lang", "zh"])
    assert f"没有命令“{typo}”。您是否要输入“{suggestion}”？" in result.stderr


def test_unlike_command_lists_the_commands() -> None:
    """A word like no command gets the list of commands instead of a guess."""
    result = CliRunner().invoke(plan, ["xyzzy"])
    assert result.exit_code == 2
    assert "Commands: backfill, budget, check" in result.stderr


@pytest.mark.parametrize(
    ("toml", "en", "zh"),
    [
        (
            "[mentors]\nmax_kms = 3\n",
            "key mentors.max_kms: is not a known key.",
            "参数 mentors.max_kms：不是可识别的参数。",
        ),
        (
            "[mentors]\nmax_km = -3\n",
            "key mentors.max_km: must be 0 (no limit) or more.",
            "参数 mentors.max_km：应不小于 0（0 表示不限）。",
        ),
        ("[mentors\n", "key (file): is not valid TOML", "不是有效的 TOML 格式（第1行第9列附近）。"),
    ],
)
def test_rules_errors_in_both_languages(tmp_path: Path, toml: str, en: str, zh: str) -> None:
    """A bad rules file is one line naming the same file and key in English and Chinese."""
    rules = tmp_path / "rules.toml"
    rules.write_text(toml, "utf-8")
    for lang, expected, prefix in (("en", en, "error: "), ("zh", zh, "错误：")):
        result = CliRunner().invoke(
            plan, ["check", "--rules", str(rules), "--lang", lang, "--data", "x"]
        )
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(prefix + str(rules))
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1


def test_missing_rules_file_in_chinese_names_the_reason(tmp_path: Path) -> None:
    """A rules file that does not exist is refused with the system's reason in Chinese."""
    missing = tmp_path / "none.toml"
    result = CliRunner().invoke(plan, ["mentors", "--rules", str(missing), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr == f"错误：{missing}：无法读取：文件或文件夹不存在\n"


def test_data_error_names_the_same_place_in_both_languages() -> None:
    """A keyed DataError names the same file, row and column in English and in Chinese."""
    error = DataError(
        "reserves.csv", row=4, column="birth_year", key="value.not_a_year", params={"value": "abc"}
    )
    assert error.render("en") == (
        "reserves.csv row 4, column birth_year: 'abc' is not a year. "
        "Use a 4-digit year such as 1988."
    )
    assert error.render("zh") == (
        "reserves.csv 第4行，列“birth_year”：“abc”不是年份。请填写四位年份，如 1988。"
    )


def test_rules_error_keeps_the_toml_key_as_rule() -> None:
    """RulesError's TOML key is ``rule``; its ``key`` is the catalogue message."""
    error = RulesError("r.toml", "mentors.capacity", key="rules.at_least_0")
    assert (error.rule, error.key) == ("mentors.capacity", "rules.at_least_0")
    assert str(error) == "r.toml, key mentors.capacity: must be 0 or more."
    assert error.render("zh") == "r.toml，参数 mentors.capacity：应不小于 0。"


def test_sample_line_and_check_summary_in_chinese() -> None:
    """``plan check --lang zh`` prints its summary and the sample line with no English word."""
    result = CliRunner().invoke(plan, ["check", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "使用自带样例街道（青溪街道）的数据" in result.stderr
    from cadreplan.scenarios import sample_path

    # The sample's CSV headers are its files' own text (shown left of →), not the tool's words.
    own = {
        h
        for f in sample_path().glob("*.csv")
        for h in f.read_text("utf-8-sig").split("\n")[0].split(",")
    }
    assert [w for w in english_words(result.stdout + result.stderr) if w not in own] == []


def test_cut_list_says_how_many_more() -> None:
    """A cut list names the first few and counts the rest, in both languages."""
    assert cut_list(["a", "b", "c", "d"], 2, "en") == "a, b and 2 more"
    assert cut_list(["a", "b", "c", "d"], 2, "zh") == "a、b，另有 2 个"
    assert cut_list(["林", "许", "秦"], 1, "zh", counter="people") == "林，另有 2 名"
    assert cut_list(["x", "y", "z"], 1, "zh", counter="entries") == "x，另有 2 条"
    assert cut_list(["a", "b", "c"], 1, "en", counter="people") == "a and 2 more"
    assert cut_list(["a"], 2, "en", total=5) == "a and 4 more"
    assert cut_list(["a", "b"], 5, "en") == "a, b"


def test_english_scanner_finds_words_but_not_ids_or_files() -> None:
    """The scanner flags English words and passes ids, file names, paths, options, P95."""
    text = "R13 韩磊 (V07) unassigned.csv /tmp/out/ --data P95 km 30 optimal"
    assert english_words(text) == ["optimal"]


def test_a_command_first_imported_in_zh_keeps_english_click_words_for_en() -> None:
    """A command module imported during a zh run words its option types in English afterwards.

    click names a Path type ("directory") when the option is defined; the import must not
    happen under the zh patch, or a later English run says 文件夹.
    """
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cadreplan.cli.main import plan\n"
        "CliRunner().invoke(plan, ['budget', '--lang', 'zh', '-h'])\n"
        "r = CliRunner().invoke(plan, ['budget', '--out', sys.argv[1], '--quiet'])\n"
        "print(r.exit_code, r.stderr.strip().splitlines()[-1])\n"
    )
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        done = subprocess.run(
            [sys.executable, "-c", script, handle.name],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.stdout.startswith("2 "), done.stdout + done.stderr
    assert "Directory" in done.stdout and "文件夹" not in done.stdout


#: Latin words a command's Chinese help keeps: what the reader types (commands, rule keys and
#: tables of rules.toml and scenario files, choice values, placeholders of click) and names.
HELP_ALLOWED = {
    "plan",
    "check",
    "mentors",
    "backfill",
    "budget",
    "generate",
    "reserves",
    "ratings",
    "serve",
    "max_km",
    "same_village_max",
    "pair_scores",
    "cross_village_max_km",
    "max_per_village",
    "excellent_min",
    "good_min",
    "fair_min",
    "cap_excellent",
    "floor",
    "headcount",
    "years",
    "nominees",
    "structure",
    "HiGHS",
    "auto",
    "flow",
    "cpsat",
    "utf-8-sig",
    "utf",
    "sig",
    "gb18030",
    "pip",
    "install",
    "web",
    "name",
    "SCENARIOS",
    "VILLAGES",
    "A",
    "x",  # click's ranges: [1900<=x<=2100]
    "Excel",
    "SQLite",
    "MB",
    "zip",
}


def _commands():
    from cadreplan.cli.main import COMMANDS

    return COMMANDS


@pytest.mark.parametrize("command", ["", *_commands()])
def test_help_follows_the_language(command: str) -> None:
    """`plan <command> -h` is in Chinese under --lang zh and under a zh locale, example block
    included, and in English otherwise."""
    args = [command] if command else []
    zh = CliRunner().invoke(plan, [*args, "-h", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "示例：" in zh.output and "Example" not in zh.output
    assert english_words(zh.output, HELP_ALLOWED) == [], zh.output
    locale = CliRunner(env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}).invoke(
        plan, [*args, "-h"]
    )
    assert locale.output == zh.output
    en = CliRunner().invoke(plan, [*args, "-h", "--lang", "en"])
    assert en.exit_code == 0 and "Example:" in en.output and "示例" not in en.output
    assert "选项" not in en.output


@pytest.mark.parametrize("command", ["", *_commands()])
def test_chinese_help_writes_defaults_and_ranges_as_chinese(command: str) -> None:
    """In Chinese help, click's notes after an option read as Chinese: parts joined by ；
    and a default in words without half-width brackets ([默认：60.0；x>0],
    [默认：系统区域为中文时为 zh，否则为 en], not [默认：(系统区域…)]); English help keeps
    click's own [default: 60.0; x>0]."""
    from helpers_lang import half_width_brackets

    args = [command] if command else []
    zh = CliRunner().invoke(plan, [*args, "-h", "--lang", "zh"]).output
    assert half_width_brackets(zh) == [], zh
    assert "; " not in zh and "默认：(" not in zh, zh
    if command in ("mentors", "check"):
        # (wrapped lines joined without their spaces)
        assert "[默认：系统区域为中文时为zh，否则为en]" in "".join(zh.split())
    if command == "mentors":
        assert "[默认：60.0；x>0]" in zh
        en = CliRunner().invoke(plan, [command, "-h", "--lang", "en"]).output
        assert "[default: 60.0;" in en


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("command", "says", "never"),
    [
        ("reserves", ("HiGHS", "CP-SAT", "[reserves.structure]"), ("min-cost", "最小费用流")),
        ("mentors", ("CP-SAT",), ("HiGHS",)),
        ("backfill", ("CP-SAT",), ("HiGHS",)),
    ],
)
def test_solver_help_says_what_each_command_runs(
    command: str, says: tuple[str, ...], never: tuple[str, ...], lang: str
) -> None:
    """`plan reserves -h` words --solver as the ranking / HiGHS / CP-SAT it runs (no min-cost
    flow), in both languages, while mentors and backfill keep the shared flow / CP-SAT help."""
    out = CliRunner().invoke(plan, [command, "-h", "--lang", lang])
    assert out.exit_code == 0, out.output
    start = out.output.index("--solver [auto|flow|cpsat]")
    line = " ".join(out.output[start : out.output.index("--lang [en|zh]", start)].split())
    assert all(word in line for word in says), line
    assert not any(word in line for word in never), line
    ranking = {"en": "the exact ranking", "zh": "按排序精确求解"}[lang]
    flow = {"en": "min-cost flow", "zh": "最小费用流"}[lang]
    assert (ranking in line) == (command == "reserves"), line
    assert (flow in line) == (command != "reserves"), line


def test_every_option_has_its_help_in_both_languages() -> None:
    """Every command and option has catalogue words in both languages, and where a command's
    code still carries its own English, the catalogue's English says the same."""
    import importlib
    import inspect

    from cadreplan.cli.lang import help_key
    from cadreplan.solver.words import MESSAGES

    def same(a: object, b: object) -> bool:
        return " ".join(inspect.cleandoc(str(a)).split()) == " ".join(str(b).split())

    for name in _commands():
        command = importlib.import_module(f"cadreplan.cli.{name}").command
        own = command.__dict__.get("_cadreplan_english", {"help": command.help})
        en, zh = MESSAGES[f"help.{name}"]
        assert same(own["help"], en), name
        assert f"help.{name}.short" in MESSAGES, name
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            key = help_key(name, param.name or "")
            assert key is not None, (name, param.name)
            original = param.__dict__.get("_cadreplan_english", {"help": param.help})["help"]
            assert same(original, MESSAGES[key][0]), (name, param.name)
            assert MESSAGES[key][1] and MESSAGES[key][1] != MESSAGES[key][0]


def _catalogue_chinese() -> list[tuple[str, str]]:
    """The Chinese side of every pair of the catalogue modules (solver/words/*.py) with its
    place (file:line): the second string of each ``(English, Chinese, …)`` tuple and each
    string value of a dict (``HEADERS_ZH``, ``NOTES_ZH`` …), where it is Chinese text."""
    import ast

    from helpers_lang import is_chinese_text

    found = []
    for path in sorted((Path(__file__).resolve().parents[1] / "solver" / "words").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and len(node.elts) >= 2:
                candidates = node.elts[1:2]
            elif isinstance(node, ast.Dict):
                candidates = node.values
            else:
                continue
            for value in candidates:
                text = value.value if isinstance(value, ast.Constant) else None
                if isinstance(text, str) and is_chinese_text(text):
                    found.append((f"{path.name}:{value.lineno}", text))
    return found


def test_chinese_text_of_the_catalogue_takes_full_width_brackets() -> None:
    """No Chinese message, header, sheet name or label of solver/words/ writes half-width
    brackets (距离(公里), 书记花名册(调整后)): Chinese text takes （）."""
    from helpers_lang import half_width_brackets

    from cadreplan.solver.intake.report import column_word, table_word
    from cadreplan.solver.schema import SCHEMAS
    from cadreplan.solver.words import HEADERS_ZH, MESSAGES

    texts = _catalogue_chinese()
    texts += [(f"MESSAGES[{key!r}]", zh) for key, (_, zh) in MESSAGES.items()]
    texts += [(f"HEADERS_ZH[{key!r}]", zh) for key, zh in HEADERS_ZH.items()]
    for table, schema in SCHEMAS.items():
        texts.append((f"table {table}", table_word(table, "zh")))
        for column in (*schema.columns, *schema.form_fields):
            texts.append((f"{table}.{column.name}", column_word(table, column.name, "zh")))
    bad = [(place, hit) for place, text in texts for hit in half_width_brackets(text)]
    assert bad == []


def test_the_bracket_scan_finds_chinese_text_and_leaves_english_and_formulas() -> None:
    """The scan flags 距离(公里) and 内容 (32), not an English gloss or floor(cap × 人数)."""
    from helpers_lang import half_width_brackets, is_chinese_text

    assert half_width_brackets("距离(公里)") and half_width_brackets("名单(2026)")
    assert half_width_brackets("未读取的内容 (32)") and half_width_brackets("(2026)年")
    assert half_width_brackets("超过 floor(cap_excellent × 参评人数)") == []
    assert not is_chinese_text("the Lead Goose (头雁) programme")
    assert is_chinese_text("cadreplan 内部出错（编号 {ref}）")


SHARED_FORMS = Path(__file__).resolve().parents[1].parent / "shared" / "forms" / "qingxi"


def test_zh_check_report_keeps_the_files_headers_and_chinese_punctuation() -> None:
    """plan check --lang zh shows a CSV's own header on the left (person_a → 人员甲), names
    the sample one way, and the office forms' header rows and towns with 、 and ：."""
    result = CliRunner().invoke(plan, ["check", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "person_a → 人员甲" in result.output and "人员甲 → 人员甲" not in result.output
    assert "内置示例" not in result.output and "自带样例街道（青溪街道）" in result.output
    if not SHARED_FORMS.exists():
        pytest.skip(f"the office forms are not beside the clone ({SHARED_FORMS})")
    result = CliRunner().invoke(plan, ["check", "--lang", "zh", "--data", str(SHARED_FORMS)])
    assert result.exit_code == 0, result.output
    assert "（表头第 3、4 行）" in result.output and "表头第 3, 4" not in result.output
    assert "    青溪街道：13" in result.output and "青溪街道: 13" not in result.output


def test_sample_has_one_chinese_name_in_help_and_page_words() -> None:
    """The sample is called 自带样例街道（青溪街道） in help and on the page, never otherwise."""
    from cadreplan.solver.words import say

    texts = [say(k, "zh") for k in ("web.data.sample", "web.data.sample_name")]
    result = CliRunner().invoke(plan, ["--lang", "zh", "-h"])
    texts.append(result.output)
    assert all("自带样例街道（青溪街道）" in t for t in texts), texts
    assert not any("自带的样例街道" in t or "内置示例" in t for t in texts), texts
