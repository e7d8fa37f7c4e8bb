"""Read case files (YAML, JSON, CSV) into raw mappings, with clear errors.

Reading is separate from validation: this module only turns bytes into
Python mappings and says where each came from (``file`` or ``file:row``).
YAML and JSON files hold one case, CSV files one case per row; rows are
streamed so a large CSV never sits in memory whole. YAML and JSON files, and
case text on standard input, are refused above :data:`MAX_CASE_BYTES`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .case import CaseError, Problem

MAX_CASE_BYTES = 1024 * 1024
CASE_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
CSV_LIST_SEPARATOR = ";"
RANGE_PREFIX = "range_measured."

try:  # the C loader is several times faster; both are "safe" loaders
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader


@dataclass(frozen=True)
class RawCase:
    """One case as read from its file, before validation.

    ``source`` names it in messages (``path`` or ``path:row``), ``default_id``
    is the id to use when the case has none, ``text_values`` says the values
    are strings from a CSV cell (so ``"5"`` may mean 5).
    """

    source: str
    default_id: str
    data: Any
    text_values: bool = False


#: What a case file may be, for the "(allowed: ...)" part of file-level problems.
ALLOWED_FILE = "one regain-case/1 case as a .yaml, .yml or .json file, or a .csv file of cases"
ALLOWED_CASE = "one regain-case/1 case: a mapping of field: answer"
ALLOWED_CSV = "a header row of field names, then one case per row"


def _error(source: str, message: str, field: str = "(file)",
           allowed: str = ALLOWED_CASE) -> CaseError:
    return CaseError([Problem(source, field, message, allowed)])


def case_kind(path: str) -> str | None:
    """``yaml``, ``json`` or ``csv`` from the file's suffix; ``None`` if not a case file."""
    return CASE_SUFFIXES.get(os.path.splitext(path)[1].lower())


def _decode(raw: bytes, source: str) -> str:
    if len(raw) > MAX_CASE_BYTES:
        raise _error(source, f"the file is larger than {MAX_CASE_BYTES // 1024} KiB; a case "
                             "file is a few hundred bytes, so this is not one",
                     allowed=f"at most {MAX_CASE_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(source, f"not UTF-8 text (byte {exc.start})",
                     allowed="UTF-8 text") from None
    if not text.strip():
        raise _error(source, "the file is empty")
    return text


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_text(text: str, kind: str, source: str) -> Any:
    """Parse one YAML or JSON document; raise :class:`CaseError` naming line and column."""
    if kind == "json":
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise _error(source, f"JSON syntax error (line {exc.lineno}, column {exc.colno}): "
                                 f"{exc.msg}", allowed="a JSON object") from None
        except RecursionError:
            raise _error(source, "JSON nested too deeply", allowed="a JSON object") from None
        except ValueError as exc:
            raise _error(source, f"JSON error: {exc}", allowed="a JSON object") from None
    try:
        docs = list(yaml.load_all(text, Loader=_SafeLoader))
    except RecursionError:
        raise _error(source, "YAML nested too deeply", allowed="a YAML mapping") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise _error(source, f"YAML syntax error{where}: {problem}",
                     allowed="a YAML mapping") from None
    docs = [d for d in docs if d is not None]
    if not docs:
        raise _error(source, "the file is empty")
    if len(docs) > 1:
        raise _error(source, f"holds {len(docs)} YAML documents; a case file holds one")
    return docs[0]


def _stem(path: str) -> str:
    return Path(path).stem


def read_case_path(path: str) -> Iterator[RawCase]:
    """Yield the raw case(s) in one file; raise :class:`CaseError` if it cannot be read."""
    kind = case_kind(path)
    if kind is None:
        if Path(path).is_dir():
            raise _error(path, "is a folder, not a case file", allowed=ALLOWED_FILE)
        raise _error(path, f"'{Path(path).suffix or path}' is not a case file type",
                     allowed=ALLOWED_FILE)
    if kind == "csv":
        yield from _read_csv(path)
        return
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CASE_BYTES + 1)
    except FileNotFoundError:
        raise _error(path, "no such file", allowed=ALLOWED_FILE) from None
    except IsADirectoryError:
        raise _error(path, "is a folder, not a case file", allowed=ALLOWED_FILE) from None
    except OSError as exc:
        raise _error(path, f"cannot read: {exc.strerror or exc}", allowed=ALLOWED_FILE) from None
    yield RawCase(path, _stem(path), parse_text(_decode(raw, path), kind, path))


def read_case_stream(stream: io.BufferedReader | Any, source: str = "<stdin>") -> RawCase:
    """Read one YAML or JSON case from a binary stream (standard input)."""
    raw = stream.read(MAX_CASE_BYTES + 1)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    text = _decode(raw, source)
    kind = "json" if text.lstrip().startswith("{") else "yaml"
    return RawCase(source, "stdin", parse_text(text, kind, source))


def _csv_row_to_mapping(header: list[str], row: list[str], source: str) -> dict[str, Any]:
    if len(row) != len(header):
        raise _error(source, f"has {len(row)} cells but the header has {len(header)}",
                     allowed=f"{len(header)} cells, one per header column")
    data: dict[str, Any] = {}
    ranges: dict[str, Any] = {}
    for key, cell in zip(header, row, strict=True):
        cell = cell.strip()
        if cell == "":
            continue  # an empty cell is a missing answer
        if key.startswith(RANGE_PREFIX):
            ranges[key[len(RANGE_PREFIX):]] = cell
        else:
            data[key] = cell
    if ranges:
        data["range_measured"] = ranges
    return data


def _read_csv(path: str) -> Iterator[RawCase]:
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise _error(path, "no such file", allowed=ALLOWED_FILE) from None
    except OSError as exc:
        raise _error(path, f"cannot read: {exc.strerror or exc}", allowed=ALLOWED_FILE) from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise _error(path, "the file is empty", allowed=ALLOWED_CSV) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise _error(path, f"not a readable CSV file: {exc}", allowed=ALLOWED_CSV) from None
        if not any(header):
            raise _error(path, "the header row is empty", allowed=ALLOWED_CSV)
        duplicated = sorted({h for h in header if header.count(h) > 1})
        if duplicated:
            raise _error(path, f"the header repeats column(s): {', '.join(duplicated)}",
                         allowed="each column once")
        stem = _stem(path)
        row_no = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                row_no += 1
                source = f"{path}:{row_no}"
                yield RawCase(source, f"{stem}-{row_no}", _error(source, f"unreadable row: {exc}",
                                                                   allowed=ALLOWED_CSV))
                continue
            row_no += 1
            if not any(cell.strip() for cell in row):
                continue
            source = f"{path}:{row_no}"
            try:
                data: Any = _csv_row_to_mapping(header, row, source)
            except CaseError as exc:
                data = exc
            yield RawCase(source, f"{stem}-{row_no}", data, text_values=True)


def read_one_case(path: str) -> RawCase:
    """The single case in ``path`` (``-`` is standard input); a multi-row CSV is an error."""
    if path == "-":
        return read_case_stream(sys.stdin.buffer)
    cases = read_case_path(path)
    first = next(cases, None)
    if first is None:
        raise _error(path, "holds no case (only a header row)", allowed=ALLOWED_CSV)
    if next(cases, None) is not None:
        raise _error(path, "holds several cases; use 'regain batch' to assess them all",
                     allowed="one case (a .csv with one row)")
    if isinstance(first.data, CaseError):
        raise first.data
    return first

