"""A person's session in the browser, found by the private token in their link.

The interface the pages use, the questionnaire's and the journal's alike:
:func:`load_session` (``None`` for any token that is not a live session: the
page answers 404), :func:`save_state`, :func:`set_journal` and
:func:`delete_session`. A :class:`SessionRecord` carries the answers, where the
questionnaire stands and, once it is over, whether the answers make a
complete case (only a complete one can start a journal).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regain.engine.case import Case
from regain.journal import AnswerSessionRecord, JournalError

from .case_files import case_id_of, valid_case
from .flow import DONE, Page, State, current_page, stopped
from .resources import knowledge, store, tools

#: How often a change is worked out again when another request saved the session first.
ATTEMPTS = 5


@dataclass(frozen=True)
class SessionRecord:
    """One session as the pages see it."""

    token: str
    case_id: str
    state: State
    journal_id: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @functools.cached_property
    def page(self) -> Page:
        """Where the questionnaire stands (worked out when first asked: it runs the engine)."""
        return current_page(tools().questionnaire, self.state)

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    @property
    def finished(self) -> bool:
        """The questionnaire is over (settled, or stopped by a warning sign)."""
        return self.page.kind == DONE

    @property
    def stopped(self) -> bool:
        """A warning sign ended it: emergency or urgent care, no plan to follow."""
        return stopped(self.page)

    @property
    def complete(self) -> bool:
        """Over, and the answers make a valid case file (every required answer given)."""
        return self.finished and self.case() is not None

    def case(self) -> Case | None:
        """The validated case of the answers, or ``None`` while a required answer is missing."""
        return valid_case(knowledge(), self.state, self.case_id)


def _record(token: str, stored: AnswerSessionRecord) -> SessionRecord:
    state = State.of(stored)
    return SessionRecord(
        token=token,
        case_id=case_id_of(stored.created_at),
        state=state,
        journal_id=stored.journal_id,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
    )


def new_session() -> str:
    """Start a session; its private token (shown to the person once, as their link)."""
    token, _ = store().create_session()
    return token


def load_session(token: str) -> SessionRecord | None:
    """The session with this token; ``None`` for a wrong, deleted or malformed one (answer 404)."""
    stored = store().get_session(token)
    return None if stored is None else _record(token, stored)


def save_state(token: str, change: Callable[[SessionRecord], State | None]) -> SessionRecord:
    """Apply ``change`` to the session as stored now and store the state it returns (``None``: nothing).

    Optimistic: the change is worked out from the session as read, and stored
    only if no other request saved the session meanwhile (two tabs of one
    session are applied in turn, each to what the other left); else it is
    read and worked out again. So the database's write lock is held only for
    the update itself. ``JournalError`` if there is no such session.
    """
    for _ in range(ATTEMPTS):
        stored = store().get_session(token)
        if stored is None:
            raise JournalError("no such answer session")
        new = change(_record(token, stored))
        if new is None:
            return _record(token, stored)
        saved = store().replace_session(token, stored.version, **new.fields())
        if saved is not None:
            return _record(token, saved)

    def apply(stored: AnswerSessionRecord) -> dict[str, Any]:  # busy: wait for the lock instead
        new = change(_record(token, stored))
        return {} if new is None else new.fields()

    return _record(token, store().update_session(token, apply))


def set_journal(token: str, journal_id: str | None) -> None:
    """Remember the journal started from this session (deleted with it)."""
    store().save_session(token, journal_id=journal_id)


def delete_session(token: str) -> bool:
    """Delete the session, its answers and the journal started from it; False if there was none."""
    return store().delete_session(token)
