"""The prompts of ``regain track checkin``: a check-in asked in the terminal.

The questions and their help come from ``checkin_questions.yaml``; typed answers
are read as ``regain ask`` reads them (:mod:`regain.engine.natural_answers`), so
"none", "about 10", "yesterday" and "nope" mean the same here. What is asked
follows the journal: the sessions and the feel of each step of the current
phase, the ranges the case measured, the tender spots while trigger-point work
is in the plan, and whether a doctor has cleared self-help while it is held.
The result is a raw check-in (the file format), validated by the engine as a
``--file`` check-in is. Which questions, and how answers become that check-in,
is :func:`regain.tracking.checkin_fields` and :func:`regain.tracking.raw_checkin`,
shared with the web form.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import click

from .engine.amount_reading import fold
from .engine.assessment import Assessment
from .engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood, Understood
from .knowledge import KnowledgeBase
from .knowledge.messages import _
from .knowledge.models import Question
from .prompts import GoBack, _indent, command_words, commands_hint, echo_red_flags
from .tracking import CheckinContext, CheckinField, context_for, field_applies, fields_for, raw_checkin

__all__ = ["CheckinPrompts", "checkin_reminder", "context_for", "journal_offer"]


def checkin_reminder(journal_id: str) -> str:
    """The line that says how to check in, after a journal is started."""
    command = f"regain track checkin {journal_id}"
    return _("Check in about once a week: {command}").format(command=command)


class CheckinPrompts:
    """Asks one check-in, question by question; ``back`` goes to the previous question."""

    def __init__(self, kb: KnowledgeBase, context: CheckinContext) -> None:
        self.kb = kb
        self.context = context
        self.reader = AnswerReader(kb, today=context.today)

    def run(self) -> dict[str, Any]:
        """Ask every question; return the check-in as a file would hold it."""
        fields = fields_for(self.kb, self.context)
        answers: list[Any] = [SKIPPED] * len(fields)
        i = 0
        while i < len(fields):
            if not field_applies(fields, answers, i):
                answers[i] = SKIPPED
                i += 1
                continue
            try:
                answers[i] = self._ask(fields[i].question, answers[i])
                i += 1
            except GoBack:
                i = self._previous(i, answers, fields)
        click.echo("")
        return raw_checkin(self.kb, fields, answers)

    def _previous(self, i: int, answers: list[Any], fields: list[CheckinField]) -> int:
        j = i - 1
        while j > 0 and not field_applies(fields, answers, j):
            j -= 1
        return max(j, 0)

    # -- one question -------------------------------------------------------------
    def _ask(self, q: Question, keep: Any) -> Any:
        click.echo("")
        click.echo(q.text)
        words = self.kb.answers
        if keep is not SKIPPED:
            shown = self.reader.describe(q, keep)
            click.echo(f"  {words.messages['earlier'].format(value=shown)}")
        if q.type == "choice":
            for n, opt in enumerate(q.options, 1):
                click.echo(f"  {n}. {opt.label}")
        if q.type == "red_flags":
            echo_red_flags(self.kb)
        enter = "keep" if keep is not SKIPPED else None if q.required else "skip"
        if q.type == "tri_state" and keep is SKIPPED:
            enter = "unknown"
        if q.type == "red_flags" and keep is SKIPPED:
            enter = None
        hint = commands_hint(self.kb, "help", "back")
        allowed = "; ".join([self.reader.accepted(q), *([words.enter[enter]] if enter else []), hint])
        commands = command_words(self.kb)
        while True:
            line = click.prompt(f"  [{allowed}]\n", prompt_suffix="> ", default="", show_default=False)
            text = line.strip()
            command = commands.get(fold(text))
            if command in ("help", "why"):  # a check-in question's help says why it is asked
                click.echo(_indent(q.help))
                continue
            if command == "back":
                raise GoBack
            if text == "" and keep is not SKIPPED:
                return keep
            reading = self.reader.read_question(q, text)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            assert isinstance(reading, Understood)
            if reading.value is SKIPPED and q.required:
                click.echo(f"  {self.reader.accepted(q)}")
                continue
            if reading.note:
                click.echo(f"  {reading.note}")
            return reading.value


def journal_offer(kb: KnowledgeBase, db: str | None = None) -> Callable[[str, Assessment], None]:
    """What ``regain ask`` calls at its end: offer a journal and start it on "yes"."""

    def offer(case_path: str, assessment: Assessment) -> None:
        from .engine.case_reader import read_one_case
        from .engine.case_validation import validate_case
        from .journal import JournalError, open_store
        from .tracking import NO_JOURNAL, start_journal

        if assessment.triage in NO_JOURNAL:
            return
        q = kb.checkin_questions["start_journal"]
        reader = AnswerReader(kb)
        commands = command_words(kb)
        click.echo("")
        click.echo(q.text)
        while True:
            try:
                line = click.prompt(
                    f"  [{reader.accepted(q)}; {kb.answers.enter['no']}; {commands_hint(kb, 'help')}]\n",
                    prompt_suffix="> ",
                    default="",
                    show_default=False,
                )
            except click.Abort:  # the end of piped input: no journal
                click.echo("")
                return
            if commands.get(fold(line)) in ("help", "why"):
                click.echo(_indent(q.help))
                continue
            reading = reader.read_question(q, line)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            if reading.value is not True:
                return
            break
        raw = read_one_case(case_path)
        try:
            with open_store(db) as store:
                journal_id = start_journal(store, kb, validate_case(raw, kb), datetime.date.today())[0]
                where = store.where
        except JournalError as exc:
            click.echo("  " + _("No journal started: {error}").format(error=exc.said(_)))
            return
        click.echo("  " + _("Journal {id} started ({where}).").format(id=journal_id, where=where))
        click.echo("  " + checkin_reminder(journal_id))

    return offer
