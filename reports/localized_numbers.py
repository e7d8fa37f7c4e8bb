"""A number as a page in a given language writes it: ``2.5`` in English, ``2,5`` in German.

English keeps Python's ``%g`` (six significant digits, no thousands separator),
so the English pages read exactly as they always have; any other language
gets Babel's :func:`~babel.numbers.format_decimal` of the same digits, with
that locale's decimal and group separators. The templates use it as the
``decimal`` filter (``reports/environment.py``).
"""

from __future__ import annotations

from decimal import Decimal

from regain.knowledge.language import ENGLISH

#: Babel's pattern for a number with its sign always written (a certainty factor: ``+0,4``).
_SIGNED = "+#,##0.###;-#,##0.###"


def decimal(value: float, language: str, signed: bool = False) -> str:
    """``value`` written for ``language``; ``signed``: with ``+`` before a positive number."""
    plain = ("%+g" if signed else "%g") % value
    if language == ENGLISH:
        return plain
    from babel.numbers import format_decimal

    return format_decimal(
        Decimal(plain), format=_SIGNED if signed else None, locale=language, decimal_quantization=False
    )
