"""Read case files (YAML, JSON, CSV) into raw mappings, with clear errors.

Reading is separate from validation: this module only turns bytes into
Python mappings and says where each came from (``file`` or ``file:row``).
YAML and JSON files hold one case, CSV files one case per row; rows are
streamed so a large CSV never sits in memory whole. YAML and JSON files, and
case text on standard input, are refused above :data:`MAX_CASE_BYTES`. Every
problem is said in the language spoken (:mod:`regain.knowledge.messages`);
what the YAML and JSON parsers say of a syntax error stays theirs (English).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import ScalarNode

from regain.knowledge.messages import N_, _

from .case import CaseError, Problem, whole_file
from .case_parsing import (
    NULL_TAG,
    DuplicateJSONKey,
    StrictLoader,
    json_duplicates,
    load_json,
    yaml_node_problems,
)
from .file_kinds import NotRegularFile, open_regular

MAX_CASE_BYTES = 1024 * 1024
CASE_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
CSV_LIST_SEPARATOR = ";"
RANGE_PREFIX = "range_measured."
_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, kept by surrogateescape


@dataclass(frozen=True)
class RawCase:
    """One case as read from its file, before validation.

    ``source`` names it in messages (``path`` or ``path:row``), ``default_id``
    is the id to use when the case has none, ``text_values`` says the values
    are strings from a CSV cell (so ``"5"`` may mean 5). ``origin`` is the
    document the answers were read from when it was not a case file (a FHIR
    QuestionnaireResponse): never reasoned on, kept for renderings that link
    back to it.
    """

    source: str
    default_id: str
    data: Any
    text_values: bool = False
    origin: Any = None


#: What a case file may be, for the "(allowed: ...)" part of file-level problems.
#: (Marked for the catalog; :func:`_error` says them in the language spoken.)
ALLOWED_FILE = N_("one regain-case case as a .yaml, .yml or .json file, or a .csv file of cases")
ALLOWED_CASE = N_("one regain-case case: a mapping of field: answer")
ALLOWED_CSV = N_("a header row of field names, then one case per row")
UTF8 = N_("UTF-8 text")
EMPTY = N_("the file is empty")


def _error(source: str, message: str, field: str | None = None, allowed: str = ALLOWED_CASE) -> CaseError:
    """One problem; ``message`` is said already, ``allowed`` is translated here (a marked constant)."""
    return CaseError([Problem(source, field or whole_file(), message, _(allowed))])


JSON_OBJECT = N_("a JSON object")
YAML_MAPPING = N_("a YAML mapping")
ON_STDIN = N_("a case on standard input")
IS_FOLDER = N_("is a folder, not a case file")


def cannot_read(exc: OSError) -> str:
    """``cannot read: <why>`` for a file that could not be read."""
    return _("cannot read: {error}").format(error=exc.strerror or exc)


def case_kind(path: str) -> str | None:
    """``yaml``, ``json`` or ``csv`` from the file's suffix; ``None`` if not a case file."""
    return CASE_SUFFIXES.get(os.path.splitext(path)[1].lower())


def _decode(raw: bytes, source: str) -> str:
    if len(raw) > MAX_CASE_BYTES:
        kib = MAX_CASE_BYTES // 1024
        raise _error(
            source,
            _(
                "the file is larger than {kib} KiB; a case file is a few hundred bytes, so this is not one"
            ).format(kib=kib),
            allowed=_("at most {kib} KiB").format(kib=kib),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(source, _("not UTF-8 text (byte {byte})").format(byte=exc.start), allowed=UTF8) from None
    if not text.strip():
        raise _error(source, _(EMPTY))
    return text


def parse_text(text: str, kind: str, source: str) -> Any:
    """Parse one YAML or JSON document strictly (:mod:`.case_parsing`); raise :class:`CaseError`.

    Syntax errors name the line and column; duplicate keys name the key and
    both lines; YAML is read with the YAML 1.2 core schema.
    """
    if kind == "json":
        try:
            return load_json(text)
        except DuplicateJSONKey:
            raise CaseError(json_duplicates(text, source)) from None
        except json.JSONDecodeError as exc:
            raise _error(
                source,
                _("JSON syntax error (line {line}, column {column}): {problem}").format(
                    line=exc.lineno, column=exc.colno, problem=exc.msg
                ),
                allowed=JSON_OBJECT,
            ) from None
        except RecursionError:
            raise _error(source, _("JSON nested too deeply"), allowed=JSON_OBJECT) from None
        except ValueError as exc:
            raise _error(
                source, _("JSON error: {problem}").format(problem=exc), allowed=JSON_OBJECT
            ) from None
    loader = StrictLoader(text)
    try:
        nodes = []
        while loader.check_node():
            node = loader.get_node()
            if not (isinstance(node, ScalarNode) and node.tag == NULL_TAG):  # an empty document
                nodes.append(node)
        if not nodes:
            raise _error(source, _(EMPTY))
        if len(nodes) > 1:
            said = _("holds {count} YAML documents; a case file holds one")
            raise _error(source, said.format(count=len(nodes)))
        problems = yaml_node_problems(nodes[0], source)
        if problems:
            raise CaseError(problems)
        return loader.construct_document(nodes[0])
    except RecursionError:
        raise _error(source, _("YAML nested too deeply"), allowed=YAML_MAPPING) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, ConstructorError):
            what = (
                _("YAML error (line {line}, column {column}): {problem}")
                if mark
                else _("YAML error: {problem}")
            )
        elif mark:
            what = _("YAML syntax error (line {line}, column {column}): {problem}")
        else:
            what = _("YAML syntax error: {problem}")
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        said = what.format(line=line, column=column, problem=problem)
        raise _error(source, said, allowed=YAML_MAPPING) from None
    finally:
        loader.dispose()


def _stem(path: str) -> str:
    """The file's name without its suffix, as text (bytes that are not UTF-8 become U+FFFD)."""
    return os.fsencode(Path(path).stem).decode("utf-8", "replace")


def _open(path: str) -> BinaryIO:
    """Open a case file for reading: a regular file only, or a :class:`CaseError` at once."""
    try:
        return open_regular(path)
    except FileNotFoundError:
        raise _error(path, _("no such file"), allowed=ALLOWED_FILE) from None
    except NotRegularFile as exc:
        what = (
            _(IS_FOLDER)
            if exc.is_folder
            else _("is {kind}, not a regular file; only regular files are case files").format(kind=exc.kind)
        )
        raise _error(path, what, allowed=ALLOWED_FILE) from None
    except OSError as exc:
        raise _error(path, cannot_read(exc), allowed=ALLOWED_FILE) from None


def read_case_path(path: str) -> Iterator[RawCase]:
    """Yield the raw case(s) in one file; raise :class:`CaseError` if it cannot be read."""
    kind = case_kind(path)
    if kind is None:
        if Path(path).is_dir():
            raise _error(path, _(IS_FOLDER), allowed=ALLOWED_FILE)
        said = _("'{suffix}' is not a case file type").format(suffix=Path(path).suffix or path)
        raise _error(path, said, allowed=ALLOWED_FILE)
    if kind == "csv":
        yield from _read_csv(path)
        return
    with _open(path) as fh:
        try:
            raw = fh.read(MAX_CASE_BYTES + 1)
        except OSError as exc:
            raise _error(path, cannot_read(exc), allowed=ALLOWED_FILE) from None
    yield RawCase(path, _stem(path), parse_text(_decode(raw, path), kind, path))


def read_case_stream(stream: io.BufferedReader | Any, source: str = "<stdin>") -> RawCase:
    """Read one YAML or JSON case from a binary stream (standard input)."""
    if stream is None or getattr(stream, "closed", False):
        raise _error(source, _("standard input is closed"), allowed=ON_STDIN)
    try:
        raw = stream.read(MAX_CASE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        raise _error(
            source,
            _("cannot read standard input: {error}").format(error=getattr(exc, "strerror", None) or exc),
            allowed=ON_STDIN,
        ) from None
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    text = _decode(raw, source)
    kind = "json" if text.lstrip().startswith("{") else "yaml"
    return RawCase(source, "stdin", parse_text(text, kind, source))


def _csv_row_to_mapping(header: list[str], row: list[str], source: str) -> dict[str, Any]:
    if len(row) != len(header):
        raise _error(
            source,
            _("has {cells} cells but the header has {columns}").format(cells=len(row), columns=len(header)),
            allowed=_("{columns} cells, one per header column").format(columns=len(header)),
        )
    data: dict[str, Any] = {}
    ranges: dict[str, Any] = {}
    for key, cell in zip(header, row, strict=True):
        cell = cell.strip()
        if cell == "":
            continue  # an empty cell is a missing answer
        if key.startswith(RANGE_PREFIX):
            ranges[key[len(RANGE_PREFIX) :]] = cell
        else:
            data[key] = cell
    if ranges:
        data["range_measured"] = ranges
    return data


def _undecodable(header: list[str], row: list[str]) -> tuple[str, int] | None:
    """The column and first byte of a cell that is not UTF-8 (decoded with surrogateescape)."""
    for i, cell in enumerate(row):
        bad = _SURROGATE.search(cell)
        if bad is not None:
            column = (
                header[i] if i < len(header) and header[i] else _("(column {number})").format(number=i + 1)
            )
            return column, ord(bad.group()) - 0xDC00
    return None


def _read_csv(path: str) -> Iterator[RawCase]:
    """Each row as a case, numbered as a spreadsheet shows it; a bad row never hides another.

    The file is decoded as UTF-8 with ``surrogateescape``, so a byte that is
    not UTF-8 spoils only the row that holds it: that row is reported invalid
    with its own number, and every other row is read.
    """
    with (
        _open(path) as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh,
    ):
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise _error(path, _(EMPTY), allowed=ALLOWED_CSV) from None
        except csv.Error as exc:
            raise _error(
                path, _("not a readable CSV file: {error}").format(error=exc), allowed=ALLOWED_CSV
            ) from None
        except OSError as exc:
            raise _error(path, cannot_read(exc), allowed=ALLOWED_FILE) from None
        if not any(header):
            raise _error(path, _("the header row is empty"), allowed=ALLOWED_CSV)
        if _undecodable([], header) is not None:
            raise _error(path, _("the header row is not UTF-8 text"), allowed=UTF8)
        duplicated = sorted({h for h in header if header.count(h) > 1})
        if duplicated:
            said = _("the header repeats column(s): {columns}").format(columns=", ".join(duplicated))
            raise _error(path, said, allowed=N_("each column once"))
        stem = _stem(path)
        row_no = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row_no += 1
                source = f"{path}:{row_no}"
                unreadable = _error(
                    source, _("unreadable row: {error}").format(error=exc), allowed=ALLOWED_CSV
                )
                yield RawCase(source, f"{stem}-{row_no}", unreadable)
                continue
            row_no += 1
            if not any(cell.strip() for cell in row):
                continue
            source = f"{path}:{row_no}"
            bad = _undecodable(header, row)
            if bad is not None:
                said = _("not UTF-8 text (byte {byte})").format(byte=f"0x{bad[1]:02x}")
                data: Any = _error(source, said, bad[0], allowed=UTF8)
            else:
                try:
                    data = _csv_row_to_mapping(header, row, source)
                except CaseError as exc:
                    data = exc
            yield RawCase(source, f"{stem}-{row_no}", data, text_values=True)


def read_one_case(path: str) -> RawCase:
    """The single case in ``path`` (``-`` is standard input); a multi-row CSV is an error."""
    if path == "-":
        return read_case_stream(getattr(sys.stdin, "buffer", sys.stdin))
    cases = read_case_path(path)
    first = next(cases, None)
    if first is None:
        raise _error(path, _("holds no case (only a header row)"), allowed=ALLOWED_CSV)
    if next(cases, None) is not None:
        raise _error(
            path,
            _("holds several cases; use '{command}' to assess them all").format(command="regain batch"),
            allowed=N_("one case (a .csv with one row)"),
        )
    if isinstance(first.data, CaseError):
        raise first.data
    return first
