"""A run told in a clerk's words: which forms, which rules, which settings; no server paths.

The run page used to print the command line the runner gave (``plan mentors --data input
--out out …``); its folders are the server's business. This module says the same settings
in the page's language: the uploaded file's name (or the sample), the rules changed on the
Rules page (label, value, unit), the column mappings, and the options of the Run form. The
command's own summary keeps every line but the one naming its output folder (the page's
Files list is where the outputs are).
"""

from __future__ import annotations

from pathlib import Path

from cadreplan.solver.words import has, say

from . import names, reading, rules_form
from .store import Run

#: The summary lines naming the output folder, as each command prints them (``{out}`` is
#: the run's ``out``), in each language.
_WRITTEN_KEYS = ("cli.written_to", "review.cli.written", "budget.line.written")


def settings(run: Run, lang: str) -> list[tuple[str, str]]:
    """The run's settings as ``(label, value)`` rows in ``lang``, in the order of the form.

    Parameters
    ----------
    run
        The run as the history keeps it (its ``argv`` and its folder's copies of the rules
        and column-mapping files).
    lang
        The page's language.
    """
    options = _options(run.argv)
    rows = [(_say("web.about.data", lang), _data_label(run, lang))]
    rows.append((_say("web.about.rules", lang), _rules(run.folder, "--rules" in options, lang)))
    if "--columns" in options:
        mapped = reading.read_columns(run.folder / "columns.toml")
        count = sum(len(m) for m in mapped.values())
        rows.append((_say("web.data.columns", lang), _say("web.about.columns", lang, count=count)))
    for flag, value in options.items():
        name = flag[2:].replace("-", "_")
        key = f"web.run.option.{name}"
        if name in ("data", "out", "rules", "columns") or not has(key):
            continue
        shown = names.choice_word(name, value, lang)
        rows.append((_say(key, lang), shown))
    if "--lang" in options:
        language = _say(f"web.lang_name.{options['--lang']}", lang)
        rows.append((_say("web.about.lang", lang), language))
    return rows


def summary_text(text: str, lang: str) -> str:
    """The command's printed summary without the line naming the run's output folder."""
    written = {
        say(key, language, out="out").strip()
        for key in _WRITTEN_KEYS
        if has(key)
        for language in ("en", "zh")
    }
    kept = [line for line in text.splitlines() if line.strip() not in written]
    return "\n".join(kept) + ("\n" if text.endswith("\n") and kept else "")


def _options(argv: list[str]) -> dict[str, str]:
    """``--flag value`` pairs of a run's arguments (a flag without a value maps to "")."""
    found: dict[str, str] = {}
    index = 0
    while index < len(argv):
        flag = argv[index]
        if flag.startswith("--"):
            value = argv[index + 1] if index + 1 < len(argv) else ""
            if value.startswith("--"):
                value = ""
            else:
                index += 1
            found[flag] = value
        index += 1
    return found


def _data_label(run: Run, lang: str) -> str:
    if run.data_label in ("", "sample"):
        return _say("web.data.sample_name", lang)
    return run.data_label


def _rules(folder: Path, given: bool, lang: str) -> str:
    """The rules changed on the Rules page, as the page labels them; or "the defaults"."""
    override = rules_form.read_override(folder / "rules.toml") if given else {}
    changed = [
        f"{item.label(lang)} {item.shown(item.value)} {item.unit(lang)}".strip()
        for item in rules_form.fields(override)
        if item.value != item.default
    ]
    if not changed:
        return _say("web.about.rules_default", lang)
    joined = ("；" if lang == "zh" else "; ").join(changed)
    return _say("web.about.rules_changed", lang, changes=joined)


def _say(key: str, lang: str, **params: object) -> str:
    return say(key, lang, **params)  # type: ignore[arg-type]
