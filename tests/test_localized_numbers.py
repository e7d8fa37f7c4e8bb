"""Numbers as a page in a language writes them (reports/localized_numbers.py and the ``decimal`` filter)."""

from __future__ import annotations

import pytest

from regain.reports.environment import environment
from regain.reports.localized_numbers import decimal


@pytest.mark.parametrize(
    ("value", "signed", "english", "german"),
    [
        (2.5, False, "2.5", "2,5"),
        (3.0, False, "3", "3"),
        (0.35, True, "+0.35", "+0,35"),
        (-0.4, True, "-0.4", "-0,4"),
        (1234.5, False, "1234.5", "1.234,5"),  # German groups thousands; English stays as %g wrote it
        (1 / 3, False, "0.333333", "0,333333"),  # the same six significant digits
    ],
)
def test_a_number_in_english_and_in_german(value: float, signed: bool, english: str, german: str) -> None:
    assert decimal(value, "en", signed) == english == ("%+g" if signed else "%g") % value
    assert decimal(value, "de", signed) == german


def test_near_miss_a_positive_number_has_no_sign_unless_asked() -> None:
    assert decimal(0.35, "de") == "0,35" and decimal(0.35, "de", signed=True) == "+0,35"


def test_the_templates_filter_writes_the_language_of_their_environment() -> None:
    source = "{{ 2.5 | decimal }} {{ 0.4 | decimal(signed=True) }}"
    assert environment("de").from_string(source).render() == "2,5 +0,4"
    assert environment("en").from_string(source).render() == "2.5 +0.4"
