"""Malformed case files for the fuzz tests: each kind of damage a hostile test pass tried.

:func:`malformed` turns a seed into one invalid case file (a name and its
bytes): broken syntax, wrong types, bad encodings, sizes, duplicate keys,
huge numbers, control characters, YAML 1.1 forms and broken CSV. Every file
it makes must be refused: each kind always includes a problem regain must
report. The same seed gives the same file, so a failure can be replayed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import yaml

BASE: dict[str, Any] = {
    "id": "c",
    "name": "A",
    "restricted_movements": ["shoulder_abduction"],
    "pain_on_movement": 6,
    "limit_felt_as": "pain",
    "avoids_movement": True,
    "range_measured": {"shoulder_abduction": 90},
    "red_flags": [],
}
NUMERIC = ("pain_on_movement", "pain_at_rest", "age", "duration_weeks", "immobilized_weeks")
WRONG: dict[str, list[Any]] = {
    "pain_on_movement": ["lots", 4.5, [1], {"a": 1}, True, -1, 11, float("nan"), ""],
    "age": ["old", 121, -3, [40], 40.5],
    "duration_weeks": ["long", -1, [2], {"w": 2}, 1e9],
    "avoids_movement": [3, "maybe", [], {"x": 1}, 0.5],
    "restricted_movements": ["shoulder_abduction", 5, {"a": 1}, [1], [], ["shoulder_abductoin"], [None]],
    "pain_regions": ["neck", 3, [7], ["elbow_outer_sidee"]],
    "red_flags": ["none", 1, {"a": 1}, ["pregnancyy"], [[]]],
    "range_measured": [
        [],
        "90",
        {"unknown_move": 3},
        {"shoulder_abduction": "x"},
        {"shoulder_abduction": 400},
        {"shoulder_abduction": -5},
    ],
    "limit_felt_as": ["ache", 1, [], {"a": "b"}],
    "id": [5, [], {"a": 1}, "", "   ", "x" * 201],
    "name": [5, ["a"], {"a": 1}, "x" * 10_001],
    "format": ["regain-case/3", 1, "other"],
    "side": ["up", 2],
}
BROKEN_YAML = [
    "bad: [unclosed\n",
    "bad: 'open\n",
    "\t- tab: 1\n",
    "a: b: c\n",
    "- list\nkey: v\n",
    "bad: {a: 1\n",
    "? [a, b]\n: 1\n",
    "*alias\n",
    'bad: "\\q"\n',
    "%YAML 9\n---\n",
]
CONTROL = "\x00\x1b\x07\x7f\x85\u202e\u2028\n\r"


def _yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _dump(rng: random.Random, data: dict[str, Any]) -> tuple[str, bytes]:
    if rng.random() < 0.5:
        return "yaml", _yaml(data)
    return "json", _json(data)


def syntax(rng: random.Random) -> tuple[str, bytes]:
    if rng.random() < 0.5:
        lines = _yaml(BASE).decode().splitlines(keepends=True)
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(BROKEN_YAML))
        return "yaml", "".join(lines).encode()
    text = _json(BASE).decode()
    cut = rng.choice(["drop", "comma", "quote", "truncate"])
    if cut == "drop":
        at = rng.choice([i for i, c in enumerate(text) if c in '{}[]:,"'])
        text = text[:at] + text[at + 1 :]
    elif cut == "comma":
        text = text[:-1] + ",}"
    elif cut == "quote":
        text = text.replace('"name"', "'name'")
    else:
        text = text[: rng.randrange(1, len(text) - 1)]
    return "json", text.encode()


def types(rng: random.Random) -> tuple[str, bytes]:
    data = dict(BASE)
    for _ in range(rng.randint(1, 3)):  # every value in WRONG is wrong for its field
        field = rng.choice(list(WRONG))
        data[field] = rng.choice(WRONG[field])
    return _dump(rng, data)


def encoding(rng: random.Random) -> tuple[str, bytes]:
    data = dict(BASE, name="José Müller")
    kind, blob = _dump(rng, data)
    how = rng.choice(["latin-1", "utf-16", "byte"])
    if how == "latin-1":
        return kind, blob.decode("utf-8").encode("latin-1")
    if how == "utf-16":
        return kind, blob.decode("utf-8").encode("utf-16")
    at = rng.randrange(len(blob))
    return kind, blob[:at] + bytes([rng.randrange(0x80, 0x100)]) + b"\xff" + blob[at:]


def size(rng: random.Random) -> tuple[str, bytes]:
    how = rng.choice(["empty", "blank", "deep", "long text", "long id", "null", "scalar", "list"])
    if how == "empty":
        return rng.choice(["yaml", "json"]), b""
    if how == "blank":
        return "yaml", b"  \n\n# only a comment\n"
    if how == "deep":
        depth = rng.randint(2000, 5000)
        return "json", b'{"x_deep": ' + b"[" * depth + b"]" * depth + b"}"
    if how == "long text":
        return _dump(rng, dict(BASE, notes="n" * rng.randint(10_001, 20_000)))
    if how == "long id":
        return _dump(rng, dict(BASE, id="i" * rng.randint(201, 400)))
    if how == "null":
        return rng.choice([("yaml", b"~\n"), ("json", b"null")])
    if how == "scalar":
        return rng.choice([("yaml", b"just text\n"), ("json", b"42")])
    return rng.choice([("yaml", b"- a\n- b\n"), ("json", b"[1, 2]")])


def duplicate(rng: random.Random) -> tuple[str, bytes]:
    key = rng.choice(list(BASE))
    nested = rng.random() < 0.3
    if rng.random() < 0.5:
        lines = _yaml(BASE).decode()
        if nested:
            twice = "  shoulder_abduction: 90\n  shoulder_abduction: 45\n"
            lines = lines.replace("  shoulder_abduction: 90\n", twice)
        else:
            lines += f"{key}: {json.dumps(BASE[key])}\n"
        return "yaml", lines.encode()
    text = _json(BASE).decode()
    if nested:
        twice = '{"shoulder_abduction": 90, "shoulder_abduction": 45}'
        text = text.replace('{"shoulder_abduction": 90}', twice)
    else:
        text = text[:-1] + f', "{key}": {json.dumps(BASE[key])}}}'
    return "json", text.encode()


def huge(rng: random.Random) -> tuple[str, bytes]:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(101, 6000)))
    number = "9" + digits
    field = rng.choice([*NUMERIC, "x_mine", "range_measured"])
    if rng.random() < 0.5:
        if rng.random() < 0.3:
            number = "0x" + "F" * len(digits)
        value = f"{{shoulder_abduction: {number}}}" if field == "range_measured" else number
        return "yaml", _yaml({k: v for k, v in BASE.items() if k != field}) + f"{field}: {value}\n".encode()
    value = f'{{"shoulder_abduction": {number}}}' if field == "range_measured" else number
    if rng.random() < 0.3 and field in NUMERIC:
        value = number + ".5"  # a float too large for a double: infinity
    text = _json({k: v for k, v in BASE.items() if k != field}).decode()
    return "json", (text[:-1] + f', "{field}": {value}}}').encode()


def control(rng: random.Random) -> tuple[str, bytes]:
    junk = "".join(rng.choice(CONTROL + "ab") for _ in range(rng.randint(1, 12)))
    if junk.isspace():  # line breaks only: a value's trailing white space, which is not malformed
        junk += "\x00"
    how = rng.choice(["key", "movement", "surrogate", "value"])
    if how == "key":
        data = dict(BASE, **{f"bad{junk}": 1})
    elif how == "movement":
        data = dict(BASE, restricted_movements=[f"knee{junk}"])
    elif how == "value":
        data = dict(BASE, limit_felt_as=f"pain{junk}")
    else:
        text = _json(BASE).decode().replace('"name": "A"', '"name": "A\\ud800B"')
        return "json", text.encode()
    return _dump(rng, data)


def yaml_1_1(rng: random.Random) -> tuple[str, bytes]:
    line = rng.choice(
        [
            "duration_weeks: 1:30",
            "pain_on_movement: 0b101",
            "avoids_movement: on",
            "age: 2001-01-01",
            "pain_on_movement: 1_0",
            "notes: !!binary aGk=",
            "age: !!float x",
            "feels_weak: !!bool maybe",
            "x_t: !!timestamp 2001-01-01",
            "name: !custom A",
            "pain_at_rest: .NaN",
            "duration_weeks: -.inf",
        ]
    )
    text = _yaml({k: v for k, v in BASE.items() if k != line.split(":")[0]}).decode()
    return "yaml", (text + line + "\n").encode()


def broken_csv(rng: random.Random) -> tuple[str, bytes]:
    header = b"id,restricted_movements,pain_on_movement,name\n"
    row = b"r1,shoulder_abduction,6,Ann\n"
    how = rng.choice(["byte", "cells", "huge", "column", "header", "dup header", "only header", "value"])
    if how == "byte":
        return "csv", header + row.replace(b"Ann", b"Jos\xe9")
    if how == "cells":
        return "csv", header + b"r1,shoulder_abduction\n"
    if how == "huge":
        return "csv", header + b"r1,shoulder_abduction," + b"9" * rng.randint(101, 500) + b",Ann\n"
    if how == "column":
        return "csv", b"id,restricted_movements,colour\nr1,shoulder_abduction,red\n"
    if how == "header":
        return "csv", b",,\nr1,shoulder_abduction,6\n"
    if how == "dup header":
        return "csv", b"id,id,restricted_movements\nr1,r2,shoulder_abduction\n"
    if how == "only header":
        return "csv", header
    return "csv", header + b"r1,shoulder_abductoin;x\x1by,1:30,Ann\n"


KINDS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "syntax": syntax,
    "types": types,
    "encoding": encoding,
    "size": size,
    "duplicate": duplicate,
    "huge": huge,
    "control": control,
    "yaml-1.1": yaml_1_1,
    "csv": broken_csv,
}


def malformed(seed: int) -> tuple[str, bytes]:
    """One invalid case file for ``seed``: a file name (with its suffix) and its bytes."""
    rng = random.Random(seed)
    kind = list(KINDS)[seed % len(KINDS)]
    suffix, blob = KINDS[kind](rng)
    return f"{seed:04d}-{kind}.{suffix}", blob
