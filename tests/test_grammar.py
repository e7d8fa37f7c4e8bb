"""How a name is written inside a sentence (wording.yaml's ``grammar``), in English and as written."""

from __future__ import annotations

import pytest

from regain.knowledge.grammar import Grammar, sentence_start


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Outer upper arm", "outer upper arm"),
        ("A pain-protective pattern", "a pain-protective pattern"),  # a one-letter first word
        ("TFL (tensor fasciae latae)", "TFL (tensor fasciae latae)"),  # the near miss: an initialism
        ("", ""),
    ],
)
def test_english_writes_a_names_first_letter_small(name: str, english: str) -> None:
    assert Grammar(names_in_sentence="lower_first").in_sentence(name) == english


def test_a_language_whose_nouns_keep_capitals_writes_the_name_as_it_is() -> None:
    german = Grammar(names_in_sentence="as_written")
    assert german.in_sentence("Außenseite des Oberarms") == "Außenseite des Oberarms"


def test_a_sentence_starts_with_a_capital_and_keeps_the_rest() -> None:
    assert sentence_start("likely: Sehr wahrscheinlich") == "Likely: Sehr wahrscheinlich"
    assert sentence_start("") == ""
