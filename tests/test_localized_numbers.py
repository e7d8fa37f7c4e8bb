"""Numbers as a page in a language writes them: the ``decimal`` filter of the templates.

The atlas and every other rendering write numbers through one rule
(``reports/formatting.py``): the language's decimal sign, no thousands separator.
"""

from __future__ import annotations

import pytest

from regain.reports.environment import environment
from regain.reports.formatting import decimal


@pytest.mark.parametrize(
    ("value", "signed", "english", "german"),
    [
        (2.5, False, "2.5", "2,5"),
        (3.0, False, "3", "3"),
        (0.35, True, "+0.35", "+0,35"),
        (-0.4, True, "-0.4", "-0,4"),
        (1234.5, False, "1234.5", "1234,5"),  # no grouping: "1.234" reads as one in English
        (1 / 3, False, "0.333333", "0,333333"),  # the same six significant digits
    ],
)
def test_a_number_in_english_and_in_german(value: float, signed: bool, english: str, german: str) -> None:
    assert decimal(value, "en", signed) == english == ("%+g" if signed else "%g") % value
    assert decimal(value, "de", signed) == german


def test_near_miss_a_positive_number_has_no_sign_unless_asked() -> None:
    assert decimal(0.35, "de") == "0,35" and decimal(0.35, "de", with_sign=True) == "+0,35"


def test_the_templates_filter_writes_the_language_of_their_environment() -> None:
    source = "{{ 2.5 | decimal }} {{ 0.4 | decimal(signed=True) }} {{ 1000 | decimal }}"
    assert environment("de").from_string(source).render() == "2,5 +0,4 1000"
    assert environment("en").from_string(source).render() == "2.5 +0.4 1000"
