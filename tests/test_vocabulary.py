"""Tests of the vocabularies (solver/vocabulary.py): one source for words read and written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadreplan.solver.vocabulary import (
    VOCABULARIES,
    VOCABULARY_TITLES,
    display_word,
    normalise_word,
    vocabulary_markdown,
    word_map,
    words_of,
)
from cadreplan.solver.words import has

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")

#: The display words the reports already write: adding synonyms must never change them.
DISPLAY_WORDS = {
    ("education", "college"): "大专",
    ("education", "bachelor"): "本科",
    ("education", "master"): "硕士",
    ("category", "poor"): "贫困",
    ("rating", "excellent"): "好",
    ("rating", "good"): "较好",
    ("rating", "fair"): "一般",
    ("rating", "poor"): "差",
    ("status", "to_adjust"): "待调整",
    ("source", "wealth_leader"): "带富能手",
    ("mentor_type", "instructor"): "党建指导员",
    ("mentor_type", "retired_secretary"): "退休书记",
    ("vetting_result", "pass"): "通过",
    ("department", "discipline"): "纪委",
}


def test_readme_holds_the_generated_word_tables() -> None:
    """The README's accepted-words section is exactly what vocabulary_markdown() generates."""
    start = "<!-- vocabulary:start -->\n"
    end = "<!-- vocabulary:end -->"
    assert start in README and end in README
    written = README[README.index(start) + len(start) : README.index(end)]
    assert written == vocabulary_markdown(), (
        "README is out of step: regenerate the block between the vocabulary markers "
        "with vocabulary_markdown()"
    )


def test_every_word_appears_in_the_readme() -> None:
    """Every accepted word of every vocabulary is documented in the README."""
    for words in VOCABULARIES.values():
        for text in words.values():
            for word in text.split(";"):
                assert word in README, word


@pytest.mark.parametrize("kind", list(VOCABULARIES))
def test_each_vocabulary_is_unambiguous_and_described(kind: str) -> None:
    """No normalised word stands for two codes; each kind has a title and an unknown-word text."""
    mapping = word_map(kind)
    for code in VOCABULARIES[kind]:
        assert mapping[normalise_word(code)] == code
        for word in words_of(kind, code):
            assert mapping[normalise_word(word)] == code
    assert kind in VOCABULARY_TITLES
    assert has(f"value.unknown.{kind}") and has(f"value.unknown.{kind}.fix")


@pytest.mark.parametrize(("kind_code", "word"), DISPLAY_WORDS.items())
def test_display_words_stay(kind_code: tuple[str, str], word: str) -> None:
    """The first word of each existing entry, which the reports write, is unchanged."""
    assert display_word(*kind_code) == word


@pytest.mark.parametrize(
    ("kind", "word", "code"),
    [
        ("rating", "优秀", "excellent"),
        ("rating", "称职", "good"),
        ("rating", "基本称职", "fair"),
        ("rating", "不称职", "poor"),
        ("category", "脱贫村", "poor"),
        ("source", "致富能手", "wealth_leader"),
        ("source", "外出务工经商返乡人员", "returnee"),
        ("source", "大学生村官", "graduate"),
        ("mentor_type", "村（居）党建指导员", "instructor"),
        ("mentor_type", "退休村（社区）党组织书记", "retired_secretary"),
        ("mentor_type", "先进村党组织书记", "advanced_secretary"),
        ("status", "拟调整", "to_adjust"),
        ("status", "在任", "in_post"),
        ("status", "离任", "leaving"),
        ("party_status", "中共预备党员", "probationary"),
        ("education", "中等专科", "vocational"),
    ],
)
def test_spec_words_are_accepted(kind: str, word: str, code: str) -> None:
    """The wider vocabulary the SPEC names reads as the intended codes."""
    assert word_map(kind)[normalise_word(word)] == code


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("村（居）党建指导员", "村(居)党建指导员"),
        ("村【居】党建指导员", "村(居)党建指导员"),
        ("村〔居〕 党建 指导员", "村(居)党建指导员"),
        ("ＡＢＣ１２３", "abc123"),
        ("大学\n本科", "大学本科"),
        ("\u3000好\u3000", "好"),
        ("Male", "male"),
    ],
)
def test_word_normalisation(text: str, normal: str) -> None:
    """Full-width forms, brackets of every kind, spaces and line breaks are normalised away."""
    assert normalise_word(text) == normal


def test_display_word_of_an_unknown_department_is_its_name() -> None:
    """A department kept under its own name displays as that name."""
    assert display_word("department", "司法局") == "司法局"


_ALL_WORDS = [
    (kind, code, word)
    for kind, words in VOCABULARIES.items()
    for code, text in words.items()
    for word in text.split(";")
]
_FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_BRACKETS = {"(": ["（", "【", "〔", "["], ")": ["）", "】", "〕", "]"]}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_ALL_WORDS), st.data())
def test_any_written_variant_of_a_word_reads_as_its_code(entry, data) -> None:
    """Full-width letters, any bracket style and stray spaces never change what a word means."""
    kind, code, word = entry
    written = []
    for character in word:
        if character in _BRACKETS:
            character = data.draw(st.sampled_from([character, *_BRACKETS[character]]))
        elif character in _FULL and data.draw(st.booleans()):
            character = _FULL[character]
        written.append(character + data.draw(st.sampled_from(["", "", " ", "\u3000", "\n"])))
    assert word_map(kind)[normalise_word("".join(written))] == code
