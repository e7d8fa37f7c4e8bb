"""The treatment journal in the browser: start it from a plan, check in, see the progress page.

The Blueprint ``journal``, under ``/s/<token>/journal``, behind the session's
private token (any other token: 404). A journal is started from the session's
finished case (:func:`regain.tracking.start_journal`; none for emergency or
urgent care), once: two presses at once leave one journal. The check-in is
one form of the terminal's questions (:mod:`.checkin_form`); posted, it goes
through :func:`regain.tracking.check_in` (validated and decided in the
journal's transaction, stored whole or not at all). A refused one comes back
with each problem beside its question (422); a taken one shows the decision.
The progress page is ``regain track show -o``'s.
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response

from regain.engine.checkin import CheckInError
from regain.journal import JournalError
from regain.tracking import (
    Journey,
    NotStarted,
    check_in,
    checkin_fields,
    journey_of,
    journey_view,
    raw_checkin,
    start_journal,
)

from .checkin_form import checkin_form, problems_by_field, read_checkin_form
from .questionnaire_pages import session_or_404
from .render import page
from .resources import knowledge, store
from .security import allow_inline_styles
from .sessions import SessionRecord, load_session

journal = Blueprint("journal", __name__)

#: How a web check-in is named in the engine's problem lines (stripped before they are shown).
WHERE = "check-in"


def _today() -> datetime.date:
    return datetime.date.today()


def _to(token: str, where: str = "journal", code: int = 303) -> Response:
    return redirect(f"{request.script_root}/s/{token}/{where}", code=code)


def _journey(record: SessionRecord) -> Journey | None:
    """The journal started from this session, if there is one (deleted: none)."""
    if record.journal_id is None:
        return None
    try:
        return journey_of(knowledge(), store().get(record.journal_id))
    except JournalError:
        return None


def _start_page(token: str, record: SessionRecord, advice: str | None = None, status: int = 200) -> Any:
    kb = knowledge()
    ready = record.complete and not record.stopped
    return (
        page(
            "journal_start.html",
            pw=kb.wording.progress,
            offer=kb.checkin_questions["start_journal"].text,
            token=token,
            ready=ready,
            stopped=record.stopped,
            advice=advice,
        ),
        status,
    )


@journal.get("/s/<token>/journal")
def home(token: str) -> Any:
    """The decision in force and what to do now, with the way to check in; else the offer to start."""
    record = session_or_404(token)
    journey = _journey(record)
    if journey is None:
        return _start_page(token, record)
    kb = knowledge()
    view = journey_view(kb, journey, date=_today().isoformat())
    saved = request.args.get("saved") == "1"
    return page("journal.html", v=view, pw=kb.wording.progress, token=token, saved=saved)


@journal.post("/s/<token>/journal/start")
def start(token: str) -> Any:
    """Start the journal of the session's finished case, once; then show it."""
    record = session_or_404(token)
    if _journey(record) is not None:
        return _to(token)
    if not record.finished:
        return _to(token, "q")
    case = record.case()
    if case is None or record.stopped:
        return _start_page(token, record, status=409)
    kb = knowledge()
    try:
        journal_id, _, _ = start_journal(store(), kb, case, _today())
    except NotStarted as exc:
        return _start_page(token, record, exc.advice, status=409)
    if not claim_journal(token, journal_id):
        return _to(token) if load_session(token) is not None else abort(404)
    return _to(token)


def claim_journal(token: str, journal_id: str) -> bool:
    """Make the new journal the session's, unless another request started one first or the
    session was deleted meanwhile: then the new journal is deleted, so none is left behind."""
    try:
        stored = store().update_session(token, lambda r: {} if r.journal_id else {"journal_id": journal_id})
        claimed = stored.journal_id == journal_id
    except JournalError:  # no such session any more
        claimed = False
    if not claimed:
        store().delete(journal_id)
    return claimed


@journal.get("/s/<token>/journal/progress")
def progress(token: str) -> Any:
    """The progress page ``regain track show -o progress.html`` writes (inline styles, no script),
    with the ways back to the journal, the check-in and the plan above it."""
    from regain.reports.progress_plots import progress_plots  # matplotlib: only for this page

    journey = _journey(session_or_404(token))
    if journey is None:
        return _to(token, code=302)
    allow_inline_styles()
    kb = knowledge()
    view = journey_view(kb, journey, date=_today().isoformat())
    return page(
        "progress.html",
        v=view,
        w=kb.wording.progress,
        web=kb.wording.web,
        plots=progress_plots(kb, view),
        token=token,
    )


@journal.get("/s/<token>/journal/checkin")
def checkin_page(token: str) -> Any:
    """The check-in form, empty but for today's date."""
    journey = _journey(session_or_404(token))
    if journey is None:
        return _to(token, code=302)
    kb, today = knowledge(), _today()
    form = checkin_form(kb, checkin_fields(kb, journey, today), journey.last_date, today)
    return page("journal_checkin.html", f=form, pw=kb.wording.progress, token=token)


@journal.post("/s/<token>/journal/checkin")
def checkin(token: str) -> Any:
    """Take a check-in: decided and stored, then its decision; or the form again with its problems (422)."""
    journey = _journey(session_or_404(token))
    if journey is None:
        return _to(token)
    kb, today = knowledge(), _today()
    fields = checkin_fields(kb, journey, today)
    answers, errors = read_checkin_form(kb, fields, request.form, today)
    apart: list[str] = []
    if not errors:
        try:
            check_in(store(), kb, journey.id, raw_checkin(kb, fields, answers), WHERE, today)
        except CheckInError as exc:
            errors, apart = problems_by_field(fields, exc.problems, WHERE)
        else:
            return _to(token, "journal?saved=1")
    form = checkin_form(kb, fields, journey.last_date, today, request.form, errors, apart)
    return page("journal_checkin.html", f=form, pw=kb.wording.progress, token=token, status=422), 422
