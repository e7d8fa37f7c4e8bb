"""Limits on a value, written next to the field they limit in :mod:`regain.knowledge.models`.

``Annotated[int, Check(ge=1, le=360)]`` reads "a whole number from 1 to 360".
The keys are pydantic's: ``ge``/``gt``/``le``/``lt`` (at least, more than, at
most, less than), ``min_length`` (at least so many characters or items),
``pattern`` (a regular expression the text must match) and
``strip_whitespace`` (spaces around a text are dropped before it is checked).

A :class:`Check` is only a note until the knowledge base is validated: then
pydantic asks it for its schema and it hands over pydantic's own constraint
(:class:`pydantic.StringConstraints` for text, :func:`pydantic.Field`
otherwise), so the error messages are pydantic's. That is why the models
do not import pydantic: a run whose knowledge base comes from the user cache
(:mod:`regain.knowledge.snapshot`) never loads it.
"""

from __future__ import annotations

from typing import Annotated, Any


class Check:
    """Constraints on one value, applied by pydantic when the knowledge base is validated."""

    __slots__ = ("limits",)

    def __init__(self, **limits: Any) -> None:
        self.limits = limits

    def __repr__(self) -> str:
        return "Check(" + ", ".join(f"{k}={v!r}" for k, v in self.limits.items()) + ")"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field, StringConstraints

        meta = StringConstraints(**self.limits) if source is str else Field(**self.limits)
        return handler.generate_schema(Annotated[source, meta])
