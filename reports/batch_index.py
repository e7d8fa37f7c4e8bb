"""The batch overview: ``index.html`` plus one pre-rendered page per sort order.

Sorting works without JavaScript: every sortable column header is a link to
a page holding the same table in that column's order. ``index.html`` (at the
top of the output folder) is sorted by triage, most urgent first; the other
orders are ``sorted/by-<column>.html`` (``case``, ``source``, ``triage``,
``self_help``, ``pain_protective``, ``shortening_adhesion``, ``first_step``). Ties keep the
input order, so the pages are deterministic. Every page shows the counts per
triage and per cause level; ``index.html`` also lists the invalid cases with
their errors. Templates show what the rows say and decide nothing. The pages
speak the batch's language: the column headings through the message catalog
(marked here with ``N_``), the tiers, levels and self-help words from
``wording.yaml``.

The overview takes the batch's summary through two small protocols,
:class:`OverviewSummary` and :class:`OverviewRow`: the attributes it reads,
nothing more. ``regain.batch`` drives ``reports`` (it passes
:func:`render_index` the summary it built), so ``reports`` must not import
``regain.batch``; the protocols keep the dependency pointing one way while
mypy still checks that a batch's ``BatchSummary`` fits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from regain.engine.display_text import one_line
from regain.knowledge import load_knowledge
from regain.knowledge.entries import TRIAGE_ORDER as TRIAGE_RISING
from regain.knowledge.messages import N_, translations

from .environment import template as load_template

TRIAGE_ORDER = tuple(reversed(TRIAGE_RISING))  # most urgent first
LEVEL_ORDER = ("likely", "possible", "unlikely")
CAUSE_KEYS = ("pain_protective", "shortening_adhesion")


class OverviewRow(Protocol):
    """What the overview reads of one input case (a batch's ``CaseRow``)."""

    @property
    def case_id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def stem(self) -> str: ...
    @property
    def triage(self) -> str: ...
    @property
    def self_help(self) -> str: ...
    @property
    def pain_protective(self) -> str: ...
    @property
    def shortening_adhesion(self) -> str: ...
    @property
    def first_step_title(self) -> str: ...
    @property
    def errors(self) -> Sequence[str]: ...


class OverviewSummary(Protocol):
    """What the overview reads of a batch (a batch's ``BatchSummary``)."""

    @property
    def rows(self) -> Sequence[OverviewRow]: ...
    @property
    def valid(self) -> Sequence[OverviewRow]: ...
    @property
    def invalid(self) -> Sequence[OverviewRow]: ...
    @property
    def formats(self) -> Sequence[str]: ...
    @property
    def stopped_early(self) -> bool: ...


@dataclass(frozen=True)
class _Shown:
    """A row as the pages show it: its free text on one line, control characters visible."""

    case_id: str
    source: str
    stem: str
    triage: str
    self_help: str
    pain_protective: str
    shortening_adhesion: str
    first_step_title: str
    errors: Sequence[str]


def _rank(order: tuple[str, ...]) -> Callable[[str], int]:
    return lambda value: order.index(value) if value in order else len(order)


_triage = _rank(TRIAGE_ORDER)
_self_help = _rank(("none", "after_doctor", "screen_first", "limited", "start"))
_level = _rank(LEVEL_ORDER)

#: column key -> (header, in English; sort key of a row)
SORTS: dict[str, tuple[str, Callable[[OverviewRow], Any]]] = {
    "case": (N_("Case"), lambda r: r.case_id.casefold()),
    "source": (N_("Source"), lambda r: r.source),
    "triage": (N_("Triage"), lambda r: _triage(r.triage)),
    "self_help": (N_("Self-help"), lambda r: _self_help(r.self_help)),
    "pain_protective": (N_("Pain-protective"), lambda r: _level(r.pain_protective)),
    "shortening_adhesion": (N_("Shortening / adhesion"), lambda r: _level(r.shortening_adhesion)),
    "first_step": (N_("First step"), lambda r: r.first_step_title.casefold()),
}
DEFAULT_SORT = "triage"


def page_path(sort: str) -> str:
    """The output-relative path of the page sorted by ``sort``."""
    return "index.html" if sort == DEFAULT_SORT else f"sorted/by-{sort}.html"


def page_paths() -> list[str]:
    """Every page :func:`render_index` writes, so that a batch can check them before it starts."""
    return [page_path(sort) for sort in SORTS]


def _shown(row: OverviewRow) -> _Shown:
    """``row`` with its free text (id, source, errors) on one line, control characters visible."""
    return _Shown(
        one_line(row.case_id),
        one_line(row.source),
        row.stem,
        row.triage,
        row.self_help,
        row.pain_protective,
        row.shortening_adhesion,
        row.first_step_title,
        [one_line(e) for e in row.errors],
    )


def _counts(
    summary: OverviewSummary, labels: dict[str, str], causes: dict[str, str], levels: dict[str, str]
) -> dict[str, Any]:
    valid = summary.valid
    return {
        "total": len(summary.rows),
        "valid": len(valid),
        "invalid": len(summary.rows) - len(valid),
        "triage": [(labels[t], t, sum(1 for r in valid if r.triage == t)) for t in TRIAGE_ORDER],
        "causes": [
            (
                causes[key],
                [(levels[lv], sum(1 for r in valid if getattr(r, key) == lv)) for lv in LEVEL_ORDER],
            )
            for key in CAUSE_KEYS
        ],
    }


def render_index(summary: OverviewSummary, language: str = "en") -> Iterator[tuple[str, Iterable[str]]]:
    """Every overview page as ``(relative path, chunks of HTML)``, rendered lazily, in ``language``."""
    template = load_template("index.html", language)
    case_row = load_template("_partials/index_row.html", language).module.case_row  # type: ignore[attr-defined]
    words = load_knowledge(language).wording
    labels = dict(words.tiers)
    levels = {lv: words.overview[lv] for lv in LEVEL_ORDER}
    counts = _counts(summary, labels, {k: words.causes[k].name for k in CAUSE_KEYS}, levels)
    headers = {key: translations(language).gettext(header) for key, (header, _) in SORTS.items()}
    plan_suffix = (
        ".html" if "html" in summary.formats else ".json" if "json" in summary.formats else ".fhir.json"
    )
    valid = [_shown(r) for r in summary.valid]
    # A row reads the same in every sort order; only the link depth differs between
    # index.html and sorted/*.html. Render each row once per depth, not once per page.
    rendered: dict[str, list[Any]] = {}
    for sort, (_, key) in SORTS.items():
        path = page_path(sort)
        root = "../" if "/" in path else ""
        if root not in rendered:
            rendered[root] = [
                case_row(r, root, plan_suffix, labels, dict(words.self_help), levels) for r in valid
            ]
        keys = [key(r) for r in valid]
        rows = [rendered[root][i] for i in sorted(range(len(valid)), key=keys.__getitem__)]
        yield (
            path,
            template.generate(
                rows=rows,
                counts=counts,
                sort=sort,
                headers=headers,
                sorted_by=words.grammar.in_sentence(headers[sort]),
                root=root,
                page_path=page_path,
                invalid=[_shown(r) for r in summary.invalid] if sort == DEFAULT_SORT else [],
                invalid_count=counts["invalid"],
                stopped_early=summary.stopped_early,
                disclaimer=words.overview["disclaimer"],
            ),
        )
