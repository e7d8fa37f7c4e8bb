"""Validate parsed YAML into the knowledge models: regain's one way into pydantic.

(:class:`~regain.knowledge.checks.Check` only hands pydantic its constraints
while this module validates.)

Each model (:mod:`regain.knowledge.models`) is a frozen dataclass; pydantic
checks a file's data against its annotations and builds the instances. Every
error becomes one problem line naming the file and the key path
(``muscles.yaml: muscles.masseter.refers_to.primary[0]: …``) with the value
found, so all of them can be shown at once.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

M = TypeVar("M")

# pydantic's wording for dataclass arguments, in the words of a data file.
_MESSAGES = {
    "unexpected_keyword_argument": "unknown key (not one of this entry's keys)",
    "missing_argument": "required key is missing",
}


@functools.cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def check(model: type[M], data: Any) -> M:
    """``data`` as a ``model`` instance; raises :class:`pydantic.ValidationError`."""
    result: M = _adapter(cast(Hashable, model)).validate_python(data)
    return result


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def validate(model: type[M], data: Any, where: str, problems: list[str]) -> M | None:
    """``data`` as a ``model`` instance, or ``None`` with every error added to ``problems``."""
    try:
        return check(model, data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = _format_loc(tuple(err["loc"]))
            value = err.get("input")
            shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
            message = _MESSAGES.get(err["type"], err["msg"])
            problems.append(f"{where}.{loc}: {message}{shown}")
        return None
