"""Seeded generator of random, valid ``regain-case/2`` cases (for benchmarks and tests).

Everything comes from the knowledge base: the fields are its questions, the
ids its movements, regions and red flags, the bounds its questions' min and
max. So a generated case is valid by construction, and adding a question or
an id to the data widens what is generated with no change here.

API (small on purpose):

* :func:`generate_cases` ``(kb, n, seed)`` yields ``n`` case mappings, the
  same ones for the same seed and knowledge base.
* :func:`write_mixed` ``(directory, n, seed, kinds)`` writes a folder ready
  for ``regain batch``: every case once, the kinds taking turns (with all
  three: 2 in 5 cases as ``.yaml`` files, 2 in 5 as ``.json`` files, 1 in 5
  as rows of ``rows-NNN.csv`` files of up to 500 rows).
* :func:`write_cases` ``(directory, n, seed, kinds)`` writes every case in
  every kind (one ``.yaml`` and one ``.json`` file per case and one
  ``cases.csv`` of ``n`` rows), to compare the formats; as a batch, that
  folder is all duplicate ids.
* :func:`csv_row` turns one case mapping into a CSV row (lists ``;``-joined,
  ``range_measured`` spread over ``range_measured.<movement>`` columns).

Run it to write a batch folder: ``python benchmarks/generate.py OUT_DIR -n 100 --seed 1``
(``--every-kind`` for :func:`write_cases` instead).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from regain.knowledge import KnowledgeBase, load_knowledge

#: Chance that an optional field is present at all (missing means "not asked").
P_PRESENT = 0.7
TRI_STATES: tuple[bool | str, ...] = (True, False, "unknown")
KINDS = ("yaml", "json", "csv")
#: The turns :func:`write_mixed` gives the kinds: files mostly, some CSV rows.
MIX = ("yaml", "json", "yaml", "json", "csv")
CSV_ROWS_PER_FILE = 500
CSV_EMPTY_LIST = ";"


def _red_flags(rng: random.Random, kb: KnowledgeBase) -> list[str] | None:
    """Absent (None), screened-none ([]), or a few flags of one or several tiers."""
    roll = rng.random()
    if roll < 0.2:
        return None
    if roll < 0.55:
        return []
    by_tier: dict[str, list[str]] = {}
    for fid, flag in kb.red_flags.items():
        by_tier.setdefault(flag.tier, []).append(fid)
    tier = rng.choice(sorted(by_tier))
    flags = [rng.choice(by_tier[tier])]
    if rng.random() < 0.3:
        flags.append(rng.choice(list(kb.red_flags)))
    return list(dict.fromkeys(flags))


def _number(rng: random.Random, lo: float, hi: float, integer: bool) -> int | float:
    if integer:
        return rng.randint(int(lo), int(hi))
    # Mostly realistic values, sometimes anywhere in the allowed range.
    top = hi if rng.random() < 0.1 else min(hi, 60)
    return round(rng.uniform(lo, top), 1) if rng.random() < 0.5 else rng.randint(int(lo), int(top))


def generate_case(rng: random.Random, kb: KnowledgeBase, case_id: str) -> dict[str, Any]:
    """One random valid case mapping (as a YAML or JSON case file would hold it)."""
    movements = list(kb.movements)
    case: dict[str, Any] = {"format": "regain-case/2", "id": case_id}
    restricted = rng.sample(movements, rng.randint(1, 3))
    for qid, q in kb.questions.items():
        if qid == "restricted_movements":
            case[qid] = restricted
            continue
        if qid == "red_flags":
            flags = _red_flags(rng, kb)
            if flags is not None:
                case[qid] = flags
            continue
        if rng.random() > P_PRESENT:
            continue
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else 10
        match q.type:
            case "tri_state":
                case[qid] = rng.choice(TRI_STATES)
            case "choice":
                case[qid] = rng.choice([o.value for o in q.options])
            case "integer":
                case[qid] = _number(rng, lo, hi, integer=True)
            case "number":
                case[qid] = _number(rng, lo, hi, integer=False)
            case "movements":
                case[qid] = rng.sample(movements, rng.randint(1, 3))
            case "regions":
                case[qid] = rng.sample(list(kb.regions), rng.randint(0, 4))
            case "red_flags":  # pragma: no cover - only the red_flags question has this type
                case[qid] = []
            case "date":
                case[qid] = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            case "range_map":
                if rng.random() < 0.5:  # measured only sometimes
                    case[qid] = {
                        mv: rng.randint(int(lo), kb.movements[mv].normal_range_deg)
                        for mv in rng.sample(restricted, rng.randint(1, len(restricted)))
                    }
    if rng.random() < 0.2:
        case["name"] = rng.choice(["Alex", "Sam <b>&amp;</b>", "Zoë", "O'Brien"])
    return case


def generate_cases(kb: KnowledgeBase, n: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` random valid case mappings with ids ``case-00000``…; same seed, same cases."""
    rng = random.Random(seed)
    width = max(5, len(str(n)))
    for i in range(n):
        yield generate_case(rng, kb, f"case-{i:0{width}d}")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def csv_header(kb: KnowledgeBase) -> list[str]:
    """The CSV columns: ``id``, then every question (``range_measured`` spread per movement)."""
    header = ["id", "name"]
    for qid in kb.questions:
        if qid == "range_measured":
            header += [f"range_measured.{mv}" for mv in kb.movements]
        else:
            header.append(qid)
    return header


def csv_row(case: dict[str, Any], header: Sequence[str]) -> list[str]:
    """One case as CSV cells for ``header`` (an empty cell is a missing answer).

    An empty list (``red_flags: []``: screened, none present) cannot be told
    from a missing answer in an empty cell; it is written as ``;`` (a list of
    nothing), which reads back as ``[]``.
    """
    cells: list[str] = []
    ranges = case.get("range_measured", {})
    for column in header:
        if column.startswith("range_measured."):
            value = ranges.get(column.removeprefix("range_measured."))
            cells.append("" if value is None else _cell(value))
        elif case.get(column) == []:
            cells.append(CSV_EMPTY_LIST)
        elif column in case:
            cells.append(_cell(case[column]))
        else:
            cells.append("")
    return cells


def _checked_kinds(kinds: Iterable[str]) -> set[str]:
    """The kinds asked for, or :class:`ValueError` naming any that is not one of ``KINDS``."""
    wanted = set(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) {sorted(unknown)}; allowed: {', '.join(KINDS)}")
    return wanted


def _write_file(out: Path, case: dict[str, Any], kind: str) -> Path:
    """One case as ``<id>.yaml`` or ``<id>.json`` in ``out``."""
    path = out / f"{case['id']}.{kind}"
    if kind == "yaml":
        text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(case, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def write_cases(
    directory: str | Path, n: int, seed: int, kinds: Iterable[str] = KINDS, kb: KnowledgeBase | None = None
) -> list[Path]:
    """Write ``n`` generated cases into ``directory`` and return the paths written.

    ``yaml`` and ``json`` write one file per case (``<id>.yaml``/``<id>.json``),
    ``csv`` one ``cases.csv`` with a row per case. The directory is created.
    """
    kinds = _checked_kinds(kinds)
    kb = kb or load_knowledge()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    writer = None
    header = csv_header(kb)
    csv_path = out / "cases.csv"
    fh = csv_path.open("w", encoding="utf-8", newline="") if "csv" in kinds else None
    try:
        if fh is not None:
            writer = csv.writer(fh)
            writer.writerow(header)
        for case in generate_cases(kb, n, seed):
            written += [_write_file(out, case, kind) for kind in ("yaml", "json") if kind in kinds]
            if writer is not None:
                writer.writerow(csv_row(case, header))
    finally:
        if fh is not None:
            fh.close()
            written.append(csv_path)
    return written


def write_mixed(
    directory: str | Path, n: int, seed: int, kinds: Iterable[str] = KINDS, kb: KnowledgeBase | None = None
) -> list[Path]:
    """Write ``n`` generated cases once each, the ``kinds`` taking turns; return the files.

    The result is a folder ``regain batch`` assesses with no invalid case:
    YAML and JSON cases are files named by their ids, CSV cases are rows of
    ``rows-001.csv``, ``rows-002.csv``… (at most ``CSV_ROWS_PER_FILE`` each).
    """
    wanted = _checked_kinds(kinds)
    turns = [kind for kind in MIX if kind in wanted]
    if not turns:
        raise ValueError(f"no kind to write; allowed: {', '.join(KINDS)}")
    kb = kb or load_knowledge()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    header = csv_header(kb)
    written: list[Path] = []
    fh = None
    writer: Any = None
    rows = csv_files = 0
    try:
        for i, case in enumerate(generate_cases(kb, n, seed)):
            kind = turns[i % len(turns)]
            if kind != "csv":
                written.append(_write_file(out, case, kind))
            else:
                if writer is None or rows >= CSV_ROWS_PER_FILE:
                    if fh is not None:
                        fh.close()
                    csv_files += 1
                    path = out / f"rows-{csv_files:03d}.csv"
                    fh = path.open("w", encoding="utf-8", newline="")
                    written.append(path)
                    writer = csv.writer(fh)
                    writer.writerow(header)
                    rows = 0
                writer.writerow(csv_row(case, header))
                rows += 1
    finally:
        if fh is not None:
            fh.close()
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("-n", type=int, default=100, help="number of cases (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: yaml,json,csv")
    parser.add_argument(
        "--every-kind",
        action="store_true",
        help="write every case in every kind (to compare formats; not a batch folder: its ids repeat)",
    )
    args = parser.parse_args(argv)
    write = write_cases if args.every_kind else write_mixed
    paths = write(args.directory, args.n, args.seed, args.kinds.split(","))
    print(f"wrote {args.n} case(s) in {len(paths)} file(s) to {args.directory}")


if __name__ == "__main__":
    main()
