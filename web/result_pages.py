"""The end of a questionnaire in the browser: the plan, the downloads, and deleting everything.

``/s/<token>/plan`` is the page ``regain assess`` writes for the case, with
the person's actions above it; ``plan.html`` and ``case.yaml`` download the
plan and the answers (``regain assess`` on that case file writes the same
plan), ``plan.fhir.json`` the assessment as a FHIR Bundle for a clinic's
system (``--format fhir``). Deleting asks first (a page with a POST form) and removes the
answers and any journal started from them; the link then answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, request
from werkzeug.wrappers import Response

from regain.engine.assessment import Assessment
from regain.fhir_io.bundle import render_bundle, response_of_case
from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html
from regain.reports.plan_view import build_plan_view

from .case_files import assessment_of, case_yaml
from .questionnaire_pages import session_or_404
from .render import page
from .resources import knowledge, tools
from .security import allow_inline_styles
from .sessions import SessionRecord, delete_session

results = Blueprint("results", __name__)


def _assessed(token: str) -> tuple[SessionRecord, KnowledgeBase, Assessment] | Response:
    """A finished session, its knowledge base and the assessment of its answers; else the way back."""
    record = session_or_404(token)
    if not record.finished:
        return redirect(f"{request.script_root}/s/{token}/q")
    kb = knowledge()
    return record, kb, assessment_of(kb, tools().assessor, record.state, record.case_id)


def _attachment(text: str, filename: str, mimetype: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@results.get("/s/<token>/plan")
def plan(token: str) -> Any:
    found = _assessed(token)
    if isinstance(found, Response):
        return found
    record, kb, assessment = found
    allow_inline_styles()
    journal = "journal" in current_app.blueprints and record.complete and not record.stopped
    return page(
        "plan.html",
        v=build_plan_view(assessment, kb),
        w=kb.wording.web,
        token=token,
        journal=journal,
        journal_started=record.journal_id is not None,
    )


@results.get("/s/<token>/plan.html")
def plan_file(token: str) -> Any:
    found = _assessed(token)
    if isinstance(found, Response):
        return found
    record, kb, assessment = found
    allow_inline_styles()
    return _attachment(render_html(assessment, kb), f"{record.case_id}.html", "text/html")


@results.get("/s/<token>/plan.fhir.json")
def plan_bundle(token: str) -> Any:
    """The assessment as ``regain assess --format fhir`` writes it for the downloaded case file."""
    found = _assessed(token)
    if isinstance(found, Response):
        return found
    record, kb, assessment = found
    bundle = render_bundle(assessment, kb, response_of=response_of_case)
    return _attachment(bundle, f"{record.case_id}.fhir.json", "application/fhir+json")


@results.get("/s/<token>/case.yaml")
def case_file(token: str) -> Response:
    record = session_or_404(token)
    name, text = case_yaml(knowledge(), record.state, record.case_id, finished=record.finished)
    return _attachment(text, name, "application/yaml")


@results.get("/s/<token>/delete")
def confirm_delete(token: str) -> str:
    session_or_404(token)
    return page("delete.html", token=token)


@results.post("/s/<token>/delete")
def delete(token: str) -> Response:
    session_or_404(token)
    delete_session(token)
    return redirect(f"{request.script_root}/deleted", code=303)


@results.get("/deleted")
def deleted() -> str:
    return page("deleted.html")
