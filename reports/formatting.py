"""Numbers, percentages and dates as a rendering's language writes them, and its fixed labels.

Every rendering writes a number through here with the knowledge base's
language (``kb.language``), so German reads "2,5", "71 %" and "30.11.2026"
(Babel, from CLDR's data). The value is first rounded as Python always
rounded it here (``f"{x:g}"``, ``f"{x:.0%}"``); Babel then only writes it, so
English keeps exactly the text it had. English dates stay ISO 8601
("2026-11-30"): read the same way in the US and in the UK.

:func:`translator` gives a rendering the gettext of its language: bound to
``_`` inside a function, its calls ``_("...")`` are what Babel extracts
(``python -m buildtools.catalogs extract``).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from regain.knowledge.language import ENGLISH
from regain.knowledge.messages import translations
from regain.knowledge.numbers import written

#: How a language writes a date: a CLDR pattern or one of its format names (German: 30.11.2026).
DATE_FORMATS = {ENGLISH: "yyyy-MM-dd"}
DEFAULT_DATE_FORMAT = "medium"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def translator(language: str) -> Callable[[str], str]:
    """The gettext of ``language``: ``_ = translator(kb.language)``, then ``_("Dose:")``."""
    return translations(language).gettext


def number(language: str, value: float) -> str:
    """``value`` as ``{:g}`` writes it, with the language's decimal sign and no grouping
    (``knowledge/numbers.py``: "2,5" in German, 1000 in every language)."""
    return written(language, value)


def decimal(value: float, language: str, with_sign: bool = False) -> str:
    """The templates' ``decimal`` filter: :func:`number` or, ``with_sign``, :func:`signed`."""
    return signed(language, value) if with_sign else number(language, value)


def signed(language: str, value: float) -> str:
    """``value`` as ``{:+g}`` writes it, with the language's decimal sign ("+0,4" in German)."""
    return ("-" if math.copysign(1.0, value) < 0 else "+") + number(language, abs(value))


def fixed(language: str, value: float, places: int) -> str:
    """``value`` with exactly ``places`` decimals ("0,85" in German)."""
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(Decimal(f"{value:.{places}f}"), format=pattern, locale=language)


def percent(language: str, fraction: float) -> str:
    """``fraction`` as a whole percentage, rounded as ``{:.0%}`` rounds it ("71 %" in German)."""
    return format_percent(Decimal(round(fraction * 100)) / 100, locale=language)


def whole_percent(language: str, whole: int) -> str:
    """A percentage already rounded to a whole number (``71`` -> "71%", "71 %" in German)."""
    return format_percent(Decimal(whole) / 100, locale=language)


def day(language: str, value: datetime.date | str | None) -> str:
    """A date as the language writes it; text that is not an ISO date is shown as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            return value
        try:
            when = datetime.date.fromisoformat(value)
        except ValueError:  # 2026-02-30
            return value
    else:
        when = value
    return format_date(when, DATE_FORMATS.get(language, DEFAULT_DATE_FORMAT), locale=language)
