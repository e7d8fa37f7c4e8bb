"""The questionnaire in the browser: the start page and one question a page.

``GET /`` starts; ``POST /start`` makes a session and sends the person to its
private link ``/s/<token>/q``, which always shows where the questionnaire
stands (:mod:`regain.web.flow`). A posted page is read
(:mod:`regain.web.question_forms`), checked as a case file's answer is, and
saved before the next page is shown (post, then redirect); an answer that
cannot be used shows the page again with the reason (422). A form posted from
a page that is no longer current (another tab, the browser's back button)
changes nothing. An emergency or urgent warning sign ends the questions on
the emergency page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response

from regain.engine.case import CaseError
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import validate_case
from regain.engine.natural_answers import SKIPPED
from regain.journal import JournalError
from regain.reports.why_text import why_lines

from . import flow
from .case_files import case_data
from .flow import NAME_PAGE, QUESTION, State
from .question_forms import FormValues, QuestionForms, Read
from .render import page
from .resources import knowledge, tools
from .sessions import SessionRecord, load_session, new_session, save_state

questionnaire = Blueprint("questionnaire", __name__)
ACTIONS = ("next", "unknown", "back")


def session_or_404(token: str) -> SessionRecord:
    record = load_session(token)
    if record is None:
        abort(404)
    return record


def _forms() -> QuestionForms:
    return QuestionForms(knowledge(), tools().reader)


@questionnaire.get("/")
def start() -> str:
    return page("start.html")


@questionnaire.post("/start")
def begin() -> Response:
    token = new_session()
    return redirect(f"{request.script_root}/s/{token}/q?new=1", code=303)


@questionnaire.get("/s/<token>/q")
def show(token: str) -> Any:
    record = session_or_404(token)
    if record.finished:
        return _to_end(record)
    given: FormValues = {}
    qid = record.page.qid
    if record.page.kind == QUESTION and qid is not None:
        earlier = flow.earlier_answer(record.state, qid)
        given = _forms().earlier_values(qid, earlier)
    return _page(record, given, error=None)


@questionnaire.post("/s/<token>/q")
def answer(token: str) -> Any:
    session_or_404(token)
    posted: dict[str, list[str]] = request.form.to_dict(flat=False)
    action = request.form.get("action", "next")
    key = request.form.get("page", "")
    outcome: dict[str, Any] = {}

    def change(record: SessionRecord) -> State | None:
        outcome["record"] = record
        if action not in ACTIONS or key != record.page.key or record.finished:
            outcome["moved"] = True
            return None
        state = record.state
        state.progress.pop("note", None)
        if action == "back":
            flow.back(state, record.page)
            return state
        read = _read(record, posted, action)
        if read.error is not None:
            outcome["error"] = read.error
            return None
        if record.page.kind == NAME_PAGE:
            flow.answer_name(state, read.value)
            return state
        assert record.page.qid is not None
        flow.answer(state, record.page.qid, read.value)
        problem = _case_problem(record.case_id, state)
        if problem is not None:
            outcome["error"] = problem
            return None
        if read.note:
            state.progress["note"] = read.note
        return state

    try:
        save_state(token, change)
    except JournalError:
        if load_session(token) is None:  # deleted meanwhile
            abort(404)
        raise
    if "error" in outcome:
        return _page(session_or_404(token), posted, error=outcome["error"]), 422
    suffix = "?moved=1" if outcome.get("moved") else ""
    return redirect(f"{request.script_root}/s/{token}/q{suffix}", code=303)


@questionnaire.get("/s/<token>/stop")
def stop(token: str) -> Any:
    record = session_or_404(token)
    if not record.stopped:
        return redirect(f"{request.script_root}/s/{token}/q")
    kb = knowledge()
    assert record.page.done is not None
    flags = [kb.red_flags[f] for f in record.answers.get("red_flags", []) if f in kb.red_flags]
    return page(
        "stop.html",
        token=token,
        headline=kb.wording.headlines[record.page.done],
        signs=[f.sign for f in flags],
    )


def _read(record: SessionRecord, posted: FormValues, action: str) -> Read:
    forms = _forms()
    if record.page.kind == NAME_PAGE:
        return forms.read_name(posted, leave_out=action == "unknown")
    assert record.page.qid is not None
    return forms.read(record.page.qid, posted, record.answers, unknown=action == "unknown")


def _case_problem(case_id: str, state: State) -> str | None:
    """The answers checked as a case file's are (any answer present must be valid); the problem, if any."""
    raw = RawCase(f"{case_id}.yaml", case_id, case_data(knowledge(), state, case_id, partial=True))
    try:
        validate_case(raw, knowledge(), partial=True)
    except CaseError as error:
        return "; ".join(p.message for p in error.problems)
    return None


def _to_end(record: SessionRecord) -> Response:
    where = "stop" if record.stopped else "plan"
    return redirect(f"{request.script_root}/s/{record.token}/{where}")


def _page(record: SessionRecord, given: FormValues, error: str | None) -> str:
    kb = knowledge()
    state = record.state
    context: dict[str, Any] = {
        "token": record.token,
        "number": flow.asked_count(state) + 1,
        "first": not state.history,
        "error": error,
        "note": state.progress.get("note") if error is None else None,
        "new": request.args.get("new") == "1",
        "moved": request.args.get("moved") == "1",
        "page_key": record.page.key,
    }
    if record.page.kind == NAME_PAGE:
        words = kb.answers.name
        name = given.get("name", [state.meta.get("name", "")])
        return page("name.html", text=words.text, help=words.help, why=words.why, name=name[0], **context)
    qid = record.page.qid
    assert qid is not None
    earlier = flow.earlier_answer(state, qid) is not SKIPPED
    return page(
        "question.html",
        q=_forms().form(qid, given, record.answers),
        why=why_lines(tools().questionnaire, qid, record.answers),
        earlier=earlier,
        **context,
    )
