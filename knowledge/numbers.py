"""How a language writes a number: its own decimal sign, and no thousands separator.

One rule for every face (the plan, the atlas, the questionnaire's prompts, the
FHIR Bundle's texts): ``2.5`` in English, ``2,5`` in German, and ``1000``,
never ``1,000`` or ``1.000``. A separator that means one thousand in German
and one in English must not decide how a dose, a bound or a typed answer is
read. The value is rounded as ``f"{x:g}"`` rounds it (six significant
digits); Babel (CLDR's data) only writes it.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

#: Up to ten decimals, no grouping.
NUMBER = "0.##########"


def written(language: str, value: float) -> str:
    """``value`` as ``{:g}`` writes it, with the language's decimal sign ("2,5" in German)."""
    return str(format_decimal(Decimal(f"{value:g}"), format=NUMBER, locale=language))
