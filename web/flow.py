"""Where a questionnaire in the browser stands, and how an answer or Back moves it on.

The same walk as ``regain ask`` (``interactive.Session._run``), one page at a
time: the engine's questionnaire chooses the next question from the answers
so far (the warning signs first); an emergency or urgent sign ends it at
once; once the conclusions are settled the optional name for the plan is
asked; then it is over. Back takes the last answer back and asks its question
again, showing the earlier answer. Pure functions over a :class:`State`: the
pages (``questionnaire_pages.py``) load it from the store and save it after
every page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from regain.engine.natural_answers import SKIPPED
from regain.engine.questionnaire import EMERGENCY, SETTLED, URGENT, Questionnaire

#: The key in a session's ``meta`` for the web face's own bookkeeping (never in a case file).
PROGRESS = "progress"
NAME = "name"
#: What a page is: a question, the name for the plan, or the end.
QUESTION, NAME_PAGE, DONE = "question", "name", "done"
STOPS = (EMERGENCY, URGENT)


@dataclass
class State:
    """A session's answers and bookkeeping, as the store keeps them (plain JSON values)."""

    answers: dict[str, Any] = field(default_factory=dict)
    unanswered: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, record: Any) -> State:
        """A copy of a stored record's fields (the record itself is never changed)."""
        return cls(
            answers=dict(record.answers),
            unanswered=list(record.unanswered),
            meta={k: (dict(v) if isinstance(v, dict) else v) for k, v in record.meta.items()},
            history=list(record.history),
        )

    def fields(self) -> dict[str, Any]:
        """The fields to store."""
        return {
            "answers": self.answers,
            "unanswered": self.unanswered,
            "meta": self.meta,
            "history": self.history,
        }

    @property
    def progress(self) -> dict[str, Any]:
        value = self.meta.get(PROGRESS)
        if not isinstance(value, dict):
            value = self.meta[PROGRESS] = {}
        return value

    @property
    def earlier(self) -> dict[str, Any]:
        """Answers taken back by Back: shown when their question comes again."""
        value = self.progress.get("earlier")
        if not isinstance(value, dict):
            value = self.progress["earlier"] = {}
        return value


@dataclass(frozen=True)
class Page:
    """The page a session is on: ``kind`` QUESTION (``qid``), NAME_PAGE, or DONE (``done``)."""

    kind: str
    qid: str | None = None
    done: str | None = None  # EMERGENCY, URGENT or SETTLED

    @property
    def key(self) -> str:
        """What a form names to say which page it answers (``age``, ``name``, ``done``)."""
        return self.qid or self.kind


def current_page(questionnaire: Questionnaire, state: State) -> Page:
    """The page to show now, chosen as ``regain ask`` chooses its next prompt."""
    forced = state.progress.get("forced")
    if isinstance(forced, str) and forced in questionnaire.kb.questions:
        return Page(QUESTION, qid=forced)
    step = questionnaire.step(state.answers, set(state.unanswered))
    if step.done == SETTLED and not state.progress.get("name_asked") and NAME not in state.meta:
        return Page(NAME_PAGE)
    if step.done is not None:
        return Page(DONE, done=step.done)
    assert step.next is not None
    return Page(QUESTION, qid=step.next)


def answer(state: State, qid: str, value: Any) -> None:
    """Record the answer to ``qid`` (:data:`SKIPPED`: asked and left unanswered)."""
    state.progress.pop("forced", None)
    state.history.append(qid)
    state.earlier.pop(qid, None)
    if value is SKIPPED:
        if qid not in state.unanswered:
            state.unanswered.append(qid)
    else:
        state.answers[qid] = value


def answer_name(state: State, name: str | None) -> None:
    """The optional name for the plan (``None``: left out); asked once."""
    state.progress["name_asked"] = True
    if name is not None:
        state.meta[NAME] = name


def back(state: State, page: Page) -> None:
    """Take the last answer back and ask its question next; on the first question, stay."""
    if not state.history:
        if page.qid is not None:
            state.progress["forced"] = page.qid
        return
    qid = state.history.pop()
    if qid in state.answers:
        state.earlier[qid] = state.answers.pop(qid)
    else:
        state.earlier.pop(qid, None)
    if qid in state.unanswered:
        state.unanswered.remove(qid)
    state.progress["forced"] = qid


def asked_count(state: State) -> int:
    """How many questions have been answered so far (the page's number is one more)."""
    return len(state.history)


def earlier_answer(state: State, qid: str) -> Any:
    """The answer taken back from ``qid`` by Back, or :data:`SKIPPED`."""
    return state.earlier.get(qid, SKIPPED)


def finished(page: Page) -> bool:
    return page.kind == DONE


def stopped(page: Page) -> bool:
    """Whether a warning sign ended the questionnaire (the emergency page)."""
    return page.kind == DONE and page.done in STOPS


def plain(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` without the web face's bookkeeping."""
    return {k: v for k, v in meta.items() if k != PROGRESS}
