"""``regain track``: follow a plan through the weeks (Click wiring only).

``start`` records a case as a journal's baseline, ``checkin`` adds a check-in
(asked, or from a file) and prints the decision, ``show`` says where the person
is, ``list``, ``export`` and ``calendar`` read a journal out. The work is done
by :mod:`regain.tracking`; the journal is a database (``--db`` or ``REGAIN_DB``,
else one file in the user data folder; docs/journal.md).
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_common import (
    InvalidInput,
    check_output,
    fail_invalid,
    language_option,
    speak_the_files_language,
    write_atomically,
)
from .cli_common import knowledge as load_kb
from .cli_help import AS_WRITTEN, RegainGroup
from .knowledge.messages import N_, _

if TYPE_CHECKING:
    from .journal import Store

DB_HELP = N_(
    "The journal database: a file path or a database URL (postgresql://...). "
    "Default: REGAIN_DB, else regain's file in your user data folder."
)


TRACK_HELP = (
    N_("Follow your plan over the weeks: a journal of check-ins that adjusts the plan.")
    + AS_WRITTEN
    + N_(
        "Examples:\n"
        "  regain track start examples/shoulder.yaml\n"
        "  regain track checkin ID\n"
        "  regain track checkin ID --file checkin.yaml\n"
        "  regain track show ID -o progress.html\n"
        "  regain track calendar ID -o plan.ics"
    )
)


@click.group(cls=RegainGroup, help=TRACK_HELP)
@click.option("--db", metavar="PATH|URL", envvar="REGAIN_DB", help=DB_HELP)
@click.pass_context
def track(ctx: click.Context, db: str | None) -> None:
    ctx.obj = {"db": db}


def _db_here(f: Any) -> Any:
    """``--db`` after the command too (``regain track list --db FILE``), as people type it."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            ctx.obj["db"] = value

    return click.option("--db", metavar="PATH|URL", expose_value=False, callback=remember, help=DB_HELP)(f)


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    from .journal import JournalError, open_store

    try:
        store = open_store(ctx.obj["db"])
    except JournalError as exc:
        raise InvalidInput([exc.said(_)]) from None
    try:
        yield store
    except JournalError as exc:
        raise InvalidInput([exc.said(_)]) from None
    finally:
        store.close()


def _day(value: str | None, option: str) -> datetime.date:
    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        said = _("{option}: '{value}': expected a date written year-month-day, e.g. 2026-12-14")
        raise InvalidInput([said.format(option=option, value=value)]) from None


TRACK_START_HELP = N_(
    "Start a journal with CASE and its plan as the baseline; print its id.\n\n"
    "CASE is a case file as for 'regain assess' (docs/case-format.md)."
)


@track.command("start", help=TRACK_START_HELP)
@_db_here
@language_option
@click.argument("case", metavar="CASE")
@click.option("--date", "day", metavar="YYYY-MM-DD", help=N_("The start of the journal (default: today)."))
@click.pass_context
def track_start(ctx: click.Context, case: str, day: str | None) -> None:
    from .engine.case import CaseError
    from .engine.case_reader import read_one_case
    from .engine.case_validation import validate_case
    from .tracking import NotStarted, journey_of, render_journey, start_journal

    started = _day(day, "--date")
    kb = load_kb()
    try:
        raw = read_one_case(case)
        valid = validate_case(raw, kb)
    except CaseError as exc:
        fail_invalid(exc)
    kb = speak_the_files_language(valid.language) or kb
    with _store(ctx) as store:
        try:
            journal_id = start_journal(store, kb, valid, started)[0]
        except NotStarted as exc:
            raise click.ClickException(_("no journal started: {advice}").format(advice=exc.advice)) from None
        journey = journey_of(kb, store.get(journal_id))
    click.echo(render_journey(kb, journey, "text"), nl=False)
    from .interactive_checkin import checkin_reminder

    click.echo("\n" + _("Your journal's id: {id}").format(id=journal_id))
    click.echo(checkin_reminder(journal_id))


TRACK_CHECKIN_HELP = N_(
    "Record a check-in for journal ID and print what to do next.\n\n"
    "Without --file the questions are asked here. The check-in format is in "
    "docs/checkin-format.md."
)


@track.command("checkin", help=TRACK_CHECKIN_HELP)
@_db_here
@language_option
@click.argument("journal_id", metavar="ID")
@click.option(
    "--file",
    "path",
    metavar="FILE",
    help=N_("Read the check-in from a YAML or JSON file (docs/checkin-format.md)."),
)
@click.pass_context
def track_checkin(ctx: click.Context, journal_id: str, path: str | None) -> None:
    from .engine.checkin import CheckInError, read_checkin_path
    from .tracking import check_in, journey_of, render_journey

    kb = load_kb()
    with _store(ctx) as store:
        record = store.get(journal_id)
        kb = speak_the_files_language(record.case.get("language")) or kb  # the journal's, unless named
        if path is None:
            from .interactive_checkin import CheckinPrompts, context_for

            journey = journey_of(kb, record)
            try:
                raw: Any = CheckinPrompts(kb, context_for(kb, journey, datetime.date.today())).run()
            except click.Abort as exc:  # Ctrl-C or the end of input: nothing is recorded
                interrupted = isinstance(exc.__context__, KeyboardInterrupt)
                click.echo("", err=True)
                click.echo(_("Stopped: nothing was recorded."), err=True)
                sys.exit(130 if interrupted else 1)
            where = _("check-in")
        else:
            try:
                raw = read_checkin_path(path)
            except CheckInError as exc:
                raise InvalidInput(exc.problems) from None
            where = path
        try:
            check_in(store, kb, journal_id, raw, where)
        except CheckInError as exc:
            raise InvalidInput(exc.problems) from None
        journey = journey_of(kb, store.get(journal_id))
    click.echo(render_journey(kb, journey, "text"), nl=False)


TRACK_SHOW_HELP = N_("Where you are: the phase, the latest decision and what to do until the next check-in.")


@track.command("show", help=TRACK_SHOW_HELP)
@_db_here
@language_option
@click.argument("journal_id", metavar="ID")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default=None,
    help=N_("text (default), json, or html (the progress page; default with -o FILE.html)."),
)
@click.option("-o", "--output", metavar="FILE", help=N_("Write to this file ('-': standard output)."))
@click.pass_context
def track_show(ctx: click.Context, journal_id: str, fmt: str | None, output: str | None) -> None:
    from .tracking import journey_of, render_journey

    if output == "-":
        output = None
    if fmt is None:
        fmt = "html" if output and Path(output).suffix.lower() in (".html", ".htm") else "text"
    if output:
        check_output(output)
    kb = load_kb()
    with _store(ctx) as store:
        record = store.get(journal_id)
        kb = speak_the_files_language(record.case.get("language")) or kb
        journey = journey_of(kb, record)
    _emit(render_journey(kb, journey, fmt, date=datetime.date.today().isoformat()), output)


TRACK_LIST_HELP = N_("List the journals: id, started, check-ins, the latest decision.")


@track.command("list", help=TRACK_LIST_HELP)
@_db_here
@language_option
@click.pass_context
def track_list(ctx: click.Context) -> None:
    with _store(ctx) as store:
        journals = store.list()
    if not journals:
        click.echo(_("no journals yet: start one with '{command}'").format(command="regain track start CASE"))
        return
    line = _("{id}  {who}  started {date}  {count} check-in(s)  {decision}")
    for j in journals:
        who = j.name or j.case_id
        shown = line.format(
            id=j.id, who=who, date=j.started.isoformat(), count=j.checkins, decision=j.last_decision
        )
        click.echo(shown)


TRACK_EXPORT_HELP = N_(
    "Everything journal ID holds, as JSON: the case, the plan, every check-in and decision."
)


@track.command("export", help=TRACK_EXPORT_HELP)
@_db_here
@language_option
@click.argument("journal_id", metavar="ID")
@click.option("-o", "--output", metavar="FILE", help=N_("Write to this file ('-': standard output)."))
@click.pass_context
def track_export(ctx: click.Context, journal_id: str, output: str | None) -> None:
    from .tracking import export

    if output == "-":
        output = None
    if output:
        check_output(output)
    with _store(ctx) as store:
        data = export(store.get(journal_id))
    _emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)


TRACK_CALENDAR_HELP = N_("The current phase's sessions as calendar events with reminders (an .ics file).")


@track.command("calendar", help=TRACK_CALENDAR_HELP)
@_db_here
@language_option
@click.argument("journal_id", metavar="ID")
@click.option("-o", "--output", metavar="FILE.ics", required=True, help=N_("The iCalendar file to write."))
@click.option("--from", "day", metavar="YYYY-MM-DD", help=N_("The first day of the events (default: today)."))
@click.pass_context
def track_calendar(ctx: click.Context, journal_id: str, output: str, day: str | None) -> None:
    from .tracking import calendar, journey_of

    first = _day(day, "--from")
    check_output(output)
    kb = load_kb()
    with _store(ctx) as store:
        record = store.get(journal_id)
        kb = speak_the_files_language(record.case.get("language")) or kb
        journey = journey_of(kb, record)
    if not journey.latest.steps:  # stopped, held, finished: no sessions to put in a calendar
        name = kb.followup.decisions[journey.latest.kind].name
        said = _("no sessions to put in a calendar now ({decision}); nothing written")
        raise click.ClickException(said.format(decision=name))
    _emit(calendar(kb, journey, first, datetime.datetime.now(datetime.UTC)), output)


def _emit(text: str, output: str | None) -> None:
    from .engine.display_text import one_line

    if output:
        write_atomically(output, text)
        click.echo(_("wrote {path}").format(path=one_line(output)), err=True)
    else:
        sys.stdout.write(text)
