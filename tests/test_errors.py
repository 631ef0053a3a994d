"""Errors that stop a run speak the user's language: every one is raised with a catalogue key."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.solver import errors
from cadreplan.solver.errors import CadreplanError, Phrase, RulesError, worded
from cadreplan.solver.words import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
#: Raised without a key on purpose, with the reason.
KEYLESS = {
    # The independent checker's findings are a bug report in the solver (exit 1, "internal
    # error"), listed as the checker words them for the developers who fix it.
    ("cli/plans.py", "PlanCheckError"),
}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[a-z]{4,}\b")


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    return "cadreplan." + ".".join(relative.parts)


def _keyless_raises() -> list[str]:
    found = []
    for folder in ("solver", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "web" in path.relative_to(ROOT).parts or path.name == "__main__.py":
                continue  # the page words its own PageError / UploadError by key
            module = importlib.import_module(_module_name(path).removesuffix(".__init__"))
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                    continue
                func = node.exc.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                cls = getattr(module, name, None) or getattr(errors, name, None)
                if not (isinstance(cls, type) and issubclass(cls, CadreplanError)):
                    continue
                if any(k.arg == "key" for k in node.exc.keywords):
                    continue
                where = path.relative_to(ROOT).as_posix()
                if (where, name) not in KEYLESS:
                    found.append(f"{where}:{node.lineno} {name}")
    return found


def test_every_error_is_raised_with_a_catalogue_key() -> None:
    """No library or terminal error is English-only: each raise names a catalogue message."""
    assert _keyless_raises() == []


def test_every_error_message_has_its_chinese_with_the_same_parameters() -> None:
    """Each err.* message has a Chinese text with Han characters and the same placeholders."""
    fields = re.compile(r"\{(\w+)")
    for key, (en, zh) in MESSAGES.items():
        if not key.startswith("err.") or key == "err.structure_conflict":
            continue
        assert HAN.search(zh), key
        assert set(fields.findall(en)) == set(fields.findall(zh)), key


def test_phrases_inside_an_error_are_worded_in_its_language() -> None:
    """A diagnosis made of phrases reads whole in English and whole in Chinese."""
    error = errors.InfeasibleError(
        key="err.structure_conflict",
        params={
            "parts": [
                Phrase(
                    "err.structure_backfill",
                    {
                        "rule": "min_share_women",
                        "value": "0.5",
                        "need": 2,
                        "label": Phrase("err.structure_label.min_share_women"),
                        "vacancies": 3,
                        "reachable": 1,
                    },
                ),
                Phrase("err.structure_together"),
            ]
        },
    )
    assert str(error) == (
        "backfill.structure.min_share_women = 0.5 needs 2 women among the appointees for 3 "
        "vacant posts, but at most 1 such eligible candidates can be appointed; these rules "
        "cannot all hold together"
    )
    zh = error.render("zh")
    assert "女性人选" in zh and "；这些规则无法同时满足" in zh
    assert not LATIN_WORD.search(zh.replace("backfill.structure.min_share_women", ""))
    assert worded({"x": 1}, "zh") == {"x": 1}


def test_a_scenario_error_names_its_key_in_either_language() -> None:
    """A budget scenario error keeps its file and key and words the problem per language."""
    error = RulesError("s.toml", "ratings", key="err.scn.shares_sum", params={"total": "0.9"})
    assert str(error) == "s.toml, key ratings: the shares must sum to 1, not 0.9."
    assert error.render("zh") == "s.toml，参数 ratings：各等次比例之和应为 1，而不是 0.9。"


@pytest.mark.parametrize(
    ("args", "zh"),
    [
        (["mentors", "--out", "{file}"], "是文件，不是文件夹"),
        (["mentors", "--out", "{file}/sub"], "是文件，不是文件夹"),
        (["mentors", "--time-limit", "0", "--out", "o"], "不在范围"),
        (["mentors", "--out", "/"], "是文件系统的根目录"),
        (["mentors", "--csv-encoding", "latin-9", "--out", "o"], None),
        (["budget", "{bad}", "--out", "o"], "各等次比例之和应为 1"),
    ],
)
def test_stopping_errors_are_one_chinese_line_under_lang_zh(
    args: list[str], zh: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Output-folder, option and scenario errors are exit 2, one line, in Chinese with --lang zh."""
    file = tmp_path / "plain.txt"
    file.write_text("x")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "坏方案"\n[ratings]\nexcellent = 0.5\n', "utf-8")
    filled = [a.format(file=file, bad=bad) for a in args]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(plan, [*filled, "--lang", "zh"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    text = " ".join(lines)
    assert HAN.search(text), text
    # Usage errors found by click keep its three-line form (usage, help hint, error).
    last = lines[-1]
    assert len(lines) == 1 or lines[0].startswith("用法"), lines
    if zh is not None:
        assert zh in last, last
    assert not LATIN_WORD.search(
        # The command as typed ("用法见 plan mentors -h") is no English word.
        re.sub(r"--[\w-]+|'[^']*'|/\S+|\S+\.toml|\w+\.\w+|参数 [\w.]+|plan( \w+)? -h", "", last)
    )


def test_an_empty_out_a_toml_syntax_error_and_a_list_of_keys_read_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--out ""`, a scenario with a TOML syntax error and an unknown key's list of known
    keys are Chinese under --lang zh (lists joined with 、), English lists with ", "."""
    monkeypatch.chdir(tmp_path)
    empty = CliRunner().invoke(plan, ["mentors", "--out", "", "--lang", "zh"])
    assert empty.exit_code == 2 and "为空；请给出输出文件夹" in empty.output
    broken = tmp_path / "broken.toml"
    broken.write_text("[ratings\n", "utf-8")
    syntax = CliRunner().invoke(plan, ["budget", str(broken), "--out", "o", "--lang", "zh"])
    assert syntax.exit_code == 2, syntax.output
    line = syntax.output.strip().splitlines()[-1]
    assert "不是有效的 TOML 格式（第1行" in line and "Expected" not in line, line
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[mentors]\nmax_kms = 3\n", "utf-8")
    zh = CliRunner().invoke(
        plan, ["mentors", "--rules", str(unknown), "--out", "o", "--lang", "zh"]
    )
    en = CliRunner().invoke(
        plan, ["mentors", "--rules", str(unknown), "--out", "o", "--lang", "en"]
    )
    assert zh.exit_code == en.exit_code == 2
    assert "mentors.max_km、" in zh.output and ", mentors." not in zh.output, zh.output
    assert "mentors.max_km, " in en.output, en.output


def test_chinese_help_headings_end_with_a_full_width_colon() -> None:
    """`plan mentors -h --lang zh` heads its option list 选项： (not 选项:)."""
    result = CliRunner().invoke(plan, ["mentors", "-h", "--lang", "zh"])
    assert result.exit_code == 0
    assert "选项：" in result.output and "选项:" not in result.output
