"""The check-in format ``regain-checkin/1``: read, validate, and turn back into a dict.

A check-in is a YAML or JSON mapping (docs/checkin-format.md), read as
strictly as a case file (:func:`read_checkin_path`: YAML 1.2 numbers, no
duplicate keys, only regular files) and validated against the knowledge base
and the journal so far: steps must be in the current plan, movements ones
the case measured, the date not before the start or the last check-in.
Every problem is one line naming the file, the field and the value, like the
case validator's (in the language spoken), and nothing is taken from a
check-in with any problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, get_args

from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, _

from .case import CaseError, Problem, whole_file
from .case_reader import MAX_CASE_BYTES, cannot_read, case_kind, parse_text
from .case_validation import urgent_signs_reported
from .file_kinds import NotRegularFile, open_regular
from .journey import CHECKIN_FORMAT, Baseline, CheckIn, Entry, Felt, WorkFelt, assessment_at
from .value_checks import MAX_TEXT, Checker, clip, closest, show, with_closest

FIELDS = (
    "format",
    "date",
    "sessions",
    "pain_at_rest",
    "pain_on_movement",
    "range_measured",
    "felt",
    "tender_spots_reproduce_pain",
    "new_red_flags",
    "cleared_by_doctor",
    "notes",
)
FELT: tuple[str, ...] = get_args(Felt)
YES_OR_NO = N_("yes or no")
MAX_SESSIONS = 1000
ALLOWED_FILE = N_("one regain-checkin/1 check-in as a .yaml, .yml or .json file")


class CheckInError(Exception):
    """A check-in that cannot be taken; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _file_problem(path: str, message: str, allowed: str = ALLOWED_FILE) -> CheckInError:
    """A problem with the whole file; ``allowed`` is a marked constant, said here."""
    return CheckInError([str(Problem(path, whole_file(), message, _(allowed)))])


def read_checkin_path(path: str) -> Any:
    """The mapping in a check-in file, read strictly; raise :class:`CheckInError` if unreadable."""
    kind = case_kind(path)
    if kind not in ("yaml", "json"):
        raise _file_problem(path, _("is not a .yaml, .yml or .json file"))
    try:
        with open_regular(path) as fh:
            raw = fh.read(MAX_CASE_BYTES + 1)
    except FileNotFoundError:
        raise _file_problem(path, _("no such file")) from None
    except NotRegularFile as exc:
        raise _file_problem(path, str(exc)) from None
    except OSError as exc:
        raise _file_problem(path, cannot_read(exc)) from None
    if len(raw) > MAX_CASE_BYTES:
        kib = MAX_CASE_BYTES // 1024
        raise _file_problem(
            path, _("the file is too large for a check-in"), _("at most {kib} KiB").format(kib=kib)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        said = _("not UTF-8 text (byte {byte})").format(byte=exc.start)
        raise _file_problem(path, said, N_("UTF-8 text")) from None
    if not text.strip():
        raise _file_problem(path, _("the file is empty"))
    try:
        return parse_text(text, kind, path)
    except CaseError as exc:
        raise CheckInError([str(p) for p in exc.problems]) from None


class _CheckInChecker(Checker):
    """The case validator's checks, plus the parts only a check-in has."""

    def __init__(self, kb: KnowledgeBase, source: str, plan: Sequence[str], measured: Sequence[str]) -> None:
        super().__init__(kb, source, text_values=False)
        self.plan = list(plan)
        self.measured = list(measured)

    def step(self, field: str, key: Any) -> str | None:
        if isinstance(key, str) and key in self.plan:
            return key
        steps = ", ".join(self.plan) or _("none")
        if isinstance(key, str) and key in self.kb.steps:
            self.fail(field, _("'{step}' is not a step of your current plan").format(step=clip(key)), steps)
            return None
        message = _("unknown step '{step}'").format(step=clip(str(key)))
        self.fail(field, with_closest(message, closest(str(key), self.plan)), steps)
        return None

    def sessions(self, value: Any) -> dict[str, int]:
        out: dict[str, int] = {}
        if not isinstance(value, dict):
            self.fail(
                "sessions",
                _("{value} is not a mapping of step to sessions").format(value=show(value)),
                _("e.g. {example}").format(example="{trigger_point_self_treatment: 30}"),
            )
            return out
        for key, count in value.items():
            kind = self.step(f"sessions.{clip(str(key))}", key)
            allowed = _("a whole number from 0 to {max}").format(max=MAX_SESSIONS)
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_SESSIONS:
                said = _("{value} is not a number of sessions").format(value=show(count))
                self.fail(f"sessions.{clip(str(key))}", said, allowed)
            elif kind is not None:
                out[kind] = count
        return out

    def felt(self, value: Any) -> dict[str, WorkFelt]:
        out: dict[str, WorkFelt] = {}
        if not isinstance(value, dict):
            self.fail(
                "felt",
                _("{value} is not a mapping of step to how it felt").format(value=show(value)),
                _("e.g. {example}").format(
                    example="{long_hold_stretching: {felt: worse, raised_next_day: yes}}"
                ),
            )
            return out
        for key, answer in value.items():
            where = f"felt.{clip(str(key))}"
            kind = self.step(where, key)
            if not isinstance(answer, dict):
                said = _("{value} is not a mapping").format(value=show(answer))
                self.fail(where, said, "{felt: worse, raised_next_day: yes}")
                continue
            for extra in answer:
                if extra not in ("felt", "raised_next_day"):
                    self.fail(f"{where}.{clip(str(extra))}", _("unknown field"), "felt, raised_next_day")
            felt = answer.get("felt")
            if felt not in FELT:
                said = _("{value} is not one of the choices").format(value=show(felt))
                self.fail(f"{where}.felt", said, ", ".join(FELT))
                continue
            if "raised_next_day" not in answer:
                self.fail(
                    f"{where}.raised_next_day",
                    _("is missing: did the pain stay raised to the next day?"),
                    _(YES_OR_NO),
                )
                continue
            raised = self.yes_no(f"{where}.raised_next_day", answer["raised_next_day"])
            if kind is not None and raised is not None:
                out[kind] = WorkFelt(felt, raised)
        return out

    def yes_no(self, field: str, value: Any) -> bool | None:
        answer = self.tri_state(field, value)
        if answer == "unknown":
            self.fail(field, _("'unknown' is not a yes/no answer here"), _(YES_OR_NO))
            return None
        return answer if isinstance(answer, bool) else None

    def ranges(self, value: Any) -> dict[str, float]:
        parsed = self.range_map("range_measured", value, self.kb.questions["range_measured"])
        out: dict[str, float] = {}
        for mv, degrees in (parsed or {}).items():
            if mv not in self.measured:
                allowed = ", ".join(self.measured) or _("none: the case measured no range")
                said = _("the case did not measure {movement}").format(movement=mv)
                self.fail(f"range_measured.{mv}", said, allowed)
            else:
                out[mv] = float(degrees)
        return out


def _last_date(baseline: Baseline, entries: Sequence[Entry]) -> tuple[datetime.date, str]:
    if entries:
        day = entries[-1].checkin.date
        return day, _("the last check-in ({date})").format(date=day.isoformat())
    return baseline.started, _("the start of the journal ({date})").format(date=baseline.started.isoformat())


def _check(
    kb: KnowledgeBase,
    baseline: Baseline,
    entries: Sequence[Entry],
    raw: Any,
    where: str,
    today: datetime.date | None,
) -> tuple[list[str], CheckIn | None]:
    plan = [s.kind for s in assessment_at(kb, baseline, entries).plan]
    measured = list((baseline.case.get("range_measured") or {}).keys())
    check = _CheckInChecker(kb, where, plan, measured)
    if not isinstance(raw, Mapping):
        check.fail(
            whole_file(),
            _("holds {value}, not a mapping of field: answer").format(value=show(raw)),
            _("a YAML mapping or a JSON object"),
        )
        return [str(p) for p in check.problems], None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or key not in FIELDS:
            message = _("unknown field '{field}'").format(field=clip(str(key)))
            check.fail(clip(str(key)), with_closest(message, closest(str(key), FIELDS)), ", ".join(FIELDS))
            continue
        values[key] = value
    if "format" in values and values["format"] != CHECKIN_FORMAT:
        said = _("{value} is not a check-in format").format(value=show(values["format"]))
        check.fail("format", said, CHECKIN_FORMAT)
    date = today or datetime.date.today()
    if values.get("date") is not None:
        text = check.date("date", values["date"])
        date = datetime.date.fromisoformat(text) if text else date
    last, what = _last_date(baseline, entries)
    if date < last:
        said = _("{date} is before {what}").format(date=date.isoformat(), what=what)
        check.fail("date", said, _("{date} or later").format(date=last.isoformat()))
    pains: dict[str, int | None] = {}
    for name in ("pain_at_rest", "pain_on_movement"):
        value = values.get(name)
        number = None if value is None else check.number(name, value, kb.questions[name], integer=True)
        pains[name] = None if number is None else int(number)
    tender = values.get("tender_spots_reproduce_pain", "unknown")
    answer = "unknown" if tender is None else check.tri_state("tender_spots_reproduce_pain", tender)
    spots = "yes" if answer is True else "no" if answer is False else "unknown"
    if "new_red_flags" not in values:
        check.fail(
            "new_red_flags",
            _("is missing: the warning-sign checklist is asked at every check-in"),
            _("a list of new sign ids, [] if none"),
        )
        flags: list[str] = []
    else:
        value = [] if values["new_red_flags"] is None else values["new_red_flags"]
        flags = check.id_list("new_red_flags", value, dict(kb.red_flags), "red flag", False) or []
    cleared = check.yes_no("cleared_by_doctor", values.get("cleared_by_doctor", False))
    notes = values.get("notes")
    if notes is not None and (not isinstance(notes, str) or len(notes) > MAX_TEXT):
        said = _("{value} is not text of at most {max} characters").format(value=show(notes), max=MAX_TEXT)
        check.fail("notes", said, _("a string"))
        notes = None
    checkin = CheckIn(
        date=date,
        sessions=check.sessions(values.get("sessions") or {}),
        pain_at_rest=pains["pain_at_rest"],
        pain_on_movement=pains["pain_on_movement"],
        range_measured=check.ranges(values.get("range_measured") or {}),
        felt=check.felt(values.get("felt") or {}),
        tender_spots_reproduce_pain=spots,
        new_red_flags=flags,
        cleared_by_doctor=bool(cleared),
        notes=notes,
    )
    if check.problems:  # a new emergency or urgent sign leads, as in an invalid case
        given = values.get("new_red_flags")
        urgent = urgent_signs_reported(
            given if isinstance(given, list) else [], kb, check.source, "new_red_flags"
        )
        check.problems[0:0] = urgent
    problems = [str(p) for p in check.problems]
    return problems, None if problems else checkin


def checkin_problems(
    kb: KnowledgeBase,
    baseline: Baseline,
    entries: Sequence[Entry],
    raw: Any,
    where: str,
    today: datetime.date | None = None,
) -> list[str]:
    """One line per problem of a raw check-in (``FILE: field: value (allowed: ...)``); [] if none."""
    return _check(kb, baseline, entries, raw, where, today)[0]


def parse_checkin(
    kb: KnowledgeBase,
    baseline: Baseline,
    entries: Sequence[Entry],
    raw: Any,
    where: str,
    today: datetime.date | None = None,
) -> CheckIn:
    """A valid :class:`CheckIn` from a raw mapping, or :class:`CheckInError` with every problem."""
    problems, checkin = _check(kb, baseline, entries, raw, where, today)
    if checkin is None:
        raise CheckInError(problems)
    return checkin


def checkin_to_dict(checkin: CheckIn) -> dict[str, Any]:
    """The check-in as a ``regain-checkin/1`` mapping (what the journal stores; parses back the same)."""
    return {
        "format": CHECKIN_FORMAT,
        "date": checkin.date.isoformat(),
        "sessions": dict(checkin.sessions),
        "pain_at_rest": checkin.pain_at_rest,
        "pain_on_movement": checkin.pain_on_movement,
        "range_measured": dict(checkin.range_measured),
        "felt": {k: {"felt": f.felt, "raised_next_day": f.raised_next_day} for k, f in checkin.felt.items()},
        "tender_spots_reproduce_pain": checkin.tender_spots_reproduce_pain,
        "new_red_flags": list(checkin.new_red_flags),
        "cleared_by_doctor": checkin.cleared_by_doctor,
        "notes": checkin.notes,
    }


def checkin_from_dict(d: Mapping[str, Any]) -> CheckIn:
    """A stored check-in (written by :func:`checkin_to_dict`) back as a :class:`CheckIn`, unchecked."""
    return CheckIn(
        date=datetime.date.fromisoformat(str(d["date"])),
        sessions={str(k): int(v) for k, v in (d.get("sessions") or {}).items()},
        pain_at_rest=d.get("pain_at_rest"),
        pain_on_movement=d.get("pain_on_movement"),
        range_measured={str(k): float(v) for k, v in (d.get("range_measured") or {}).items()},
        felt={
            str(k): WorkFelt(v["felt"], bool(v["raised_next_day"])) for k, v in (d.get("felt") or {}).items()
        },
        tender_spots_reproduce_pain=str(d.get("tender_spots_reproduce_pain", "unknown")),
        new_red_flags=list(d.get("new_red_flags") or []),
        cleared_by_doctor=bool(d.get("cleared_by_doctor", False)),
        notes=d.get("notes"),
    )
