"""What a batch keeps of each case, and the two text outputs made from it.

:class:`CaseRow` is small on purpose: a batch of any size keeps one per
input case (for ``summary.csv``, ``errors.txt`` and the overview), never the
cases or their assessments. :class:`BatchSummary` holds the rows in input
order and words the final one-line report.

``summary.csv`` is opened in spreadsheets, so cells of untrusted text (a
case's id, its file name, the errors) that start like a formula get a
leading ``'`` (OWASP's advice against CSV injection), and every free text is
put on one line with control characters visible (:func:`one_line`), so a
case cannot add a row or a line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..engine.display_text import one_line

SUMMARY_COLUMNS = (
    "case_id",
    "source",
    "status",
    "triage",
    "self_help",
    "pain_protective",
    "shortening_adhesion",
    "first_step",
    "output",
    "error",
)
#: the triage levels the one-line summary counts (when any case has them), most urgent first
TRIAGE_COUNTS = (
    ("emergency", "emergency"),
    ("urgent", "urgent"),
    ("see_doctor", "see a doctor"),
    ("professional_assessment", "to have examined"),
)


@dataclass
class CaseRow:
    """What the summary and index keep of one input case: small on purpose."""

    source: str
    status: str  # "ok" | "invalid" | "error"
    case_id: str = ""
    stem: str = ""
    triage: str = ""
    self_help: str = ""
    pain_protective: str = ""
    shortening_adhesion: str = ""
    first_step: str = ""
    first_step_title: str = ""
    errors: list[str] = field(default_factory=list)
    resumed: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BatchSummary:
    """Everything the overview needs: one row per input case, in input order."""

    rows: list[CaseRow]
    formats: tuple[str, ...]
    seconds: float = 0.0
    stopped_early: bool = False

    @property
    def valid(self) -> list[CaseRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[CaseRow]:
        return [r for r in self.rows if not r.ok]

    def count(self, attr: str, value: str) -> int:
        return sum(1 for r in self.rows if r.ok and getattr(r, attr) == value)

    def line(self) -> str:
        """The final one-line summary."""
        ok = len(self.valid)
        resumed = sum(1 for r in self.rows if r.resumed)
        parts = [
            f"{ok} assessed" + (f" ({resumed} already done)" if resumed else ""),
            f"{len(self.rows) - ok} invalid",
        ]
        parts += [f"{n} {label}" for tier, label in TRIAGE_COUNTS if (n := self.count("triage", tier))]
        tail = " (stopped at the first invalid case)" if self.stopped_early else ""
        return ", ".join(parts) + f", in {self.seconds:.1f} s{tail}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas in untrusted text (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def summary_csv(rows: Iterable[CaseRow]) -> Iterator[str]:
    """``summary.csv`` in chunks of about 64 kB: one row per input case, in input order."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                _cell(one_line(r.case_id)),
                _cell(one_line(r.source)),
                r.status,
                r.triage,
                r.self_help,
                r.pain_protective,
                r.shortening_adhesion,
                r.first_step,
                r.stem if r.ok else "",
                _cell(one_line(" | ".join(r.errors))),
            ]
        )
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def errors_txt(rows: Iterable[CaseRow]) -> Iterator[str]:
    """``errors.txt``: one line per problem, each on one line whatever the case holds."""
    for r in rows:
        for line in r.errors:
            yield one_line(line) + "\n"
