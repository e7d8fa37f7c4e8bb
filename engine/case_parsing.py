"""Parse the text of a YAML or JSON case strictly: no duplicate keys, YAML 1.2 numbers, bounded numbers.

Three things a plain ``yaml.safe_load`` or ``json.loads`` would let through,
each of which can change a plan without a word:

* **Duplicate keys.** Both libraries keep the last value, so a second
  ``red_flags: []`` erases an emergency flag. Here a key that appears twice in
  one mapping (at any depth, ``range_measured`` included) is a problem naming
  the key and both lines.
* **YAML 1.1 surprises.** PyYAML resolves plain scalars by YAML 1.1: ``1:30``
  is 90 (base 60), ``012`` is 10 (octal), ``1_000`` is 1000, ``1e308`` is text
  and ``on``/``off`` are booleans. :class:`StrictLoader` resolves them as YAML
  1.2's core schema does: integers are ``[-+]?[0-9]+``, ``0o…`` or ``0x…``;
  floats are decimal with an optional exponent, ``.inf`` and ``.nan``;
  booleans are ``true``/``false``; null is ``~``, ``null`` or nothing. Every
  other plain scalar is text (``yes``/``no`` stay the words ``"yes"``/``"no"``,
  which the validator reads as yes/no answers). Only the core tags are allowed
  (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!map``,
  ``!!seq``): a case holds no dates, binary, sets or anything else.
* **Huge numbers.** Converting a number of thousands of digits is slow, and
  Python refuses to print one of more than 4,300 digits, so an integer of more
  than :data:`MAX_NUMBER_DIGITS` digits is not converted at all: it is read as
  :class:`TooManyDigits`, which the validator reports as out of range.

Parsing uses PyYAML's C parser where it has one, and ``json``'s C decoder; the
slower walk that finds the lines of duplicate JSON keys runs only when there
is a duplicate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from regain.knowledge.messages import N_, _

from .case import Problem, whole_file
from .display_text import one_line

#: More digits than any answer needs by far, and few enough to convert in no time.
MAX_NUMBER_DIGITS = 100
ALLOWED_DUPLICATE = N_("each key once")


@dataclass(frozen=True)
class TooManyDigits:
    """A number written with more than :data:`MAX_NUMBER_DIGITS` digits, left unconverted."""

    digits: int

    def __repr__(self) -> str:
        return f"a number with {self.digits} digits"


def bounded_int(text: str, base: int = 10) -> int | TooManyDigits:
    """``int(text, base)``, or :class:`TooManyDigits` when ``text`` is too long to be an answer."""
    digits = len(text.lstrip("+-"))
    if digits > MAX_NUMBER_DIGITS:
        return TooManyDigits(digits)
    return int(text, base)


# -- YAML ------------------------------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
NULL_TAG = _TAG + "null"
ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = re.compile(r"~|null|Null|NULL|")


class CoreSchemaResolver(BaseResolver):
    """Plain scalars resolved as YAML 1.2's core schema resolves them (nothing else implicit)."""


CoreSchemaResolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CoreSchemaResolver.add_implicit_resolver(
    _TAG + "int", re.compile(rf"^(?:{_INT.pattern})$"), list("-+0123456789")
)
CoreSchemaResolver.add_implicit_resolver(
    _TAG + "float", re.compile(rf"^(?:{_FLOAT.pattern})$"), list("-+.0123456789")
)
CoreSchemaResolver.add_implicit_resolver(
    _TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

try:  # the C parser is several times faster; the constructor is Python either way
    _Parser: type = yaml.CParser  # type: ignore[attr-defined]  # only with libyaml
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class StrictLoader(_Parser, SafeConstructor, CoreSchemaResolver):
    """PyYAML's safe loader with the YAML 1.2 core schema and bounded integers."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)  # type: ignore[misc]
        SafeConstructor.__init__(self)
        CoreSchemaResolver.__init__(self)

    def _scalar(self, node: Node, pattern: re.Pattern[str], what: str) -> str:
        """The scalar's text if it matches ``pattern``; else the error ``what`` (a marked message)."""
        value = self.construct_scalar(node)  # type: ignore[arg-type]
        if not pattern.fullmatch(value):
            raise ConstructorError(None, None, _(what).format(value=repr(_clip(value))), node.start_mark)
        return value

    def construct_core_int(self, node: Node) -> int | TooManyDigits:
        value = self._scalar(node, _INT, N_("{value} is not an integer"))
        if value[:2] in ("0o", "0x"):
            return bounded_int(value[2:], 8 if value[1] == "o" else 16)
        return bounded_int(value)

    def construct_core_float(self, node: Node) -> float:
        value = self._scalar(node, _FLOAT, N_("{value} is not a number")).lower()
        if value.endswith((".inf", ".nan")):
            value = value.replace(".", "")
        return float(value)

    def construct_core_bool(self, node: Node) -> bool:
        value = self.construct_scalar(node)  # type: ignore[arg-type]
        if value not in _BOOL:
            said = _("{value} is not true or false").format(value=repr(_clip(value)))
            raise ConstructorError(None, None, said, node.start_mark)
        return _BOOL[value]

    def construct_core_null(self, node: Node) -> None:
        self._scalar(node, _NULL, N_("{value} is not null"))


StrictLoader.add_constructor(_TAG + "int", StrictLoader.construct_core_int)
StrictLoader.add_constructor(_TAG + "float", StrictLoader.construct_core_float)
StrictLoader.add_constructor(_TAG + "bool", StrictLoader.construct_core_bool)
StrictLoader.add_constructor(_TAG + "null", StrictLoader.construct_core_null)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _join(path: str, key: str) -> str:
    key = _clip(key)
    return f"{path}.{key}" if path else key


def _duplicate(source: str, path: str, key: str, first: tuple[int, int], second: tuple[int, int]) -> Problem:
    shown = repr(_clip(one_line(key)))
    if first[0] == second[0]:
        said = _(
            "duplicate key {key}, twice on line {line} (columns {first} and {second}); "
            "the second would silently replace the first"
        ).format(key=shown, line=first[0], first=first[1], second=second[1])
    else:
        said = _(
            "duplicate key {key}, on line {first} and again on line {second}; "
            "the second would silently replace the first"
        ).format(key=shown, first=first[0], second=second[0])
    return Problem(source, path, said, _(ALLOWED_DUPLICATE))


def yaml_node_problems(root: Node, source: str) -> list[Problem]:
    """Duplicate keys and tags other than the core ones anywhere under ``root``.

    The walk uses a stack, not recursion, and visits each node once, so an
    alias used many times (or a node that contains itself) costs nothing more.
    """
    found: list[tuple[int, int, Problem]] = []
    seen: set[int] = set()
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            said = _("the YAML tag {tag} is not allowed (line {line})").format(
                tag=_clip(one_line(node.tag.replace(_TAG, "!!"))), line=node.start_mark.line + 1
            )
            allowed = _("plain values, or the tags {tags}").format(
                tags="!!str, !!int, !!float, !!bool, !!null"
            )
            problem = Problem(source, path or whole_file(), said, allowed)
            found.append((node.start_mark.line, node.start_mark.column, problem))
            continue
        if isinstance(node, MappingNode):
            keys: dict[tuple[str, str], tuple[int, int]] = {}
            children = []
            for key_node, value_node in node.value:
                at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if isinstance(key_node, ScalarNode):
                    ident = (key_node.tag, key_node.value)
                    child = _join(path, key_node.value)
                    if ident in keys:
                        found.append((*at, _duplicate(source, child, key_node.value, keys[ident], at)))
                    else:
                        keys[ident] = at
                else:
                    child = _join(path, "?")
                    children.append((key_node, child))
                children.append((value_node, child))
            stack.extend(reversed(children))
        elif isinstance(node, SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(node.value))))
    found.sort(key=lambda f: f[:2])  # in the order of the file
    return [problem for _, _, problem in found]


# -- JSON ------------------------------------------------------------------------------


class DuplicateJSONKey(ValueError):
    """Raised by :func:`_pairs` so that the slow walk can find where the duplicates are."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise DuplicateJSONKey
    return data


def _reject_constant(name: str) -> float:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def load_json(text: str) -> Any:
    """``json.loads`` with duplicate keys refused and integers bounded.

    Raises :class:`DuplicateJSONKey` (then see :func:`json_duplicates`),
    :class:`json.JSONDecodeError`, :class:`ValueError` or :class:`RecursionError`.
    """
    return json.loads(text, object_pairs_hook=_pairs, parse_int=bounded_int, parse_constant=_reject_constant)


_WS = re.compile(r"[ \t\n\r]*")
_SKIPPER = json.JSONDecoder(parse_int=lambda s: 0, parse_float=lambda s: 0.0, parse_constant=lambda s: 0.0)


def json_duplicates(text: str, source: str) -> list[Problem]:
    """Every duplicate key in ``text`` (valid JSON apart from them), with the path and both lines.

    A walk over the text with a stack of open objects and arrays; strings and
    scalars are read with ``json``'s own decoder (:meth:`json.JSONDecoder.raw_decode`).
    """
    problems: list[Problem] = []
    frames: list[tuple[bool, str, dict[str, tuple[int, int]], list[int]]] = []
    line, line_start, counted = 1, 0, 0

    def where(pos: int) -> tuple[int, int]:
        nonlocal line, line_start, counted
        newlines = text.count("\n", counted, pos)
        if newlines:  # only the text since the last key is searched: linear in all
            line += newlines
            line_start = text.rfind("\n", counted, pos) + 1
        counted = pos
        return line, pos - line_start + 1

    def key_at(pos: int) -> tuple[str, int]:
        _, path, keys, _ = frames[-1]
        key, end = _SKIPPER.raw_decode(text, pos)
        at = where(pos)
        if key in keys:
            problems.append(_duplicate(source, _join(path, key), key, keys[key], at))
        else:
            keys[key] = at
        end = _WS.match(text, end).end() + 1  # type: ignore[union-attr]  # past the colon
        return _join(path, key), _WS.match(text, end).end()  # type: ignore[union-attr]

    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    path = ""
    while True:
        opening = text[pos]
        if opening in "{[":
            frames.append((opening == "{", path, {}, [0]))
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] not in "}]":
                if opening == "{":
                    path, pos = key_at(pos)
                else:
                    path = f"{path}[0]"
                continue
            pos += 1
            frames.pop()
        else:
            pos = _SKIPPER.raw_decode(text, pos)[1]
        while frames:  # after a value: the next item, or the end of one or more containers
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == ",":
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                is_object, outer, _, count = frames[-1]
                count[0] += 1
                if is_object:
                    path, pos = key_at(pos)
                else:
                    path = f"{outer}[{count[0]}]"
                break
            pos += 1
            frames.pop()
        if not frames:
            return problems
