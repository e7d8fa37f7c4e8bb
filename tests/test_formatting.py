"""Numbers, percentages and dates as a rendering's language writes them (reports/formatting.py).

German writes "2,5", "71 %" and "30.11.2026"; English keeps, to the byte, what
regain always wrote: ``{:g}``, ``{:.0%}``, ``{:.2f}`` and ISO dates.
"""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from regain.reports.formatting import day, fixed, number, percent, signed, whole_percent

NBSP = "\N{NO-BREAK SPACE}"
#: Values such as a plan holds: doses, degrees, certainties, scores.
VALUES = st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda x: round(x, 4))
FRACTIONS = st.floats(min_value=0, max_value=1.5, allow_nan=False)


def test_german_writes_a_decimal_comma_and_a_space_before_percent() -> None:
    assert number("de", 2.5) == "2,5"
    assert number("de", 10.0) == "10"
    assert number("de", 1000) == "1000"  # a dose, not an amount of money: no grouping
    assert signed("de", 0.4) == "+0,4" and signed("de", -0.3) == "-0,3"
    assert fixed("de", 0.8512, 2) == "0,85"
    assert percent("de", 0.71) == f"71{NBSP}%"
    assert whole_percent("de", 91) == f"91{NBSP}%"


def test_english_keeps_its_own_numbers() -> None:
    assert (number("en", 2.5), percent("en", 0.71), fixed("en", 0.8512, 2)) == ("2.5", "71%", "0.85")
    assert number("de", 2.5) != number("en", 2.5)  # the near miss: each language its own sign


@given(VALUES)
def test_english_numbers_are_as_python_wrote_them(value: float) -> None:
    assert number("en", value) == f"{value:g}"
    assert signed("en", value) == f"{value:+g}"
    assert fixed("en", value, 2) == f"{value:.2f}"


@given(FRACTIONS)
def test_english_percentages_round_as_python_rounded_them(fraction: float) -> None:
    assert percent("en", fraction) == f"{fraction:.0%}"


def test_a_half_percent_rounds_as_python_rounds_it() -> None:
    # 0.575 is 0.57499... in binary: Python writes 57%; rounding its decimal text would give 58%
    assert percent("en", 0.575) == f"{0.575:.0%}" == "57%"
    assert percent("de", 0.575) == f"57{NBSP}%"


def test_dates_are_written_as_the_language_writes_them() -> None:
    assert day("de", datetime.date(2026, 11, 30)) == "30.11.2026"
    assert day("de", "2026-11-30") == "30.11.2026"
    assert day("en", "2026-11-30") == day("en", datetime.date(2026, 11, 30)) == "2026-11-30"


def test_text_that_is_not_an_iso_date_is_shown_as_it_is() -> None:
    assert day("de", "next Monday") == "next Monday"
    assert day("de", "2026-02-30") == "2026-02-30"  # no such day
    assert day("de", "20261130") == "20261130"  # a date, but not as regain's files write it
    assert day("de", "2026-11-30\n") == "2026-11-30\n"
    assert day("de", None) == ""
