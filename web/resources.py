"""What a request works with: the journal store, the knowledge base, and a thread's engine.

The app keeps no person's state in memory: answers live in the database. It
holds the knowledge base of each language (read-only; one made when a page
first asks for it), the database's URL, and per process a store (a pool of
connections, opened on first use in that process, so workers forked by a
WSGI server each open their own) and, per language, a pool of experta
engines: a request borrows one for its duration (an engine runs one
inference at a time) and gives it back when it ends, whatever the server's
threads. The request's language is :mod:`.languages`'.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g

from regain.engine.assess import Assessor
from regain.engine.inference import Inference
from regain.engine.natural_answers import AnswerReader
from regain.engine.questionnaire import Questionnaire
from regain.journal import Store, open_store
from regain.knowledge import KnowledgeBase, load_knowledge

from .languages import language

EXTENSION = "regain"


class RequestQuestionnaire(Questionnaire):
    """The engine's questionnaire, remembering its inferences for the length of one request.

    Choosing the page, explaining why and reading an answer infer from the
    same answers several times in a request; the engine gives the same result
    each time, so it is worked out once. Forgotten when the request ends.
    """

    def __init__(self, kb: KnowledgeBase, engine: Any) -> None:
        super().__init__(kb, engine)
        self.remembered: dict[str, Inference] = {}

    def infer(self, answers: Mapping[str, Any]) -> Inference:
        key = json.dumps(answers, sort_keys=True, default=str)
        found = self.remembered.get(key)
        if found is None:
            found = self.remembered[key] = super().infer(answers)
        return found


@dataclass(frozen=True)
class Tools:
    """One thread's engine: the assessor, the questionnaire on the same engine, the answer reader."""

    assessor: Assessor
    questionnaire: RequestQuestionnaire
    reader: AnswerReader

    @property
    def language(self) -> str:
        return self.assessor.kb.language


class Resources:
    """The app's share: the knowledge bases and the database URL; a store per process, tools per thread."""

    def __init__(self, kb: KnowledgeBase, database_url: str) -> None:
        self.database_url = database_url
        self._kbs = {kb.language: kb}
        self._store: Store | None = None
        self._store_pid = 0
        self._lock = threading.Lock()
        self._idle: dict[str, queue.SimpleQueue[Tools]] = {}

    def kb(self, lang: str) -> KnowledgeBase:
        """The knowledge base in ``lang`` (one of the declared languages), loaded on first use."""
        with self._lock:
            found = self._kbs.get(lang)
            if found is None:
                found = self._kbs[lang] = load_knowledge(lang)
            return found

    def store(self) -> Store:
        pid = os.getpid()
        with self._lock:
            if self._store is None or self._store_pid != pid:
                self._store = open_store(self.database_url)
                self._store_pid = pid
            return self._store

    def borrow(self, lang: str) -> Tools:
        """An engine in ``lang`` no other request is using (made when none is idle)."""
        try:
            return self._pool(lang).get_nowait()
        except queue.Empty:
            kb = self.kb(lang)
            assessor = Assessor(kb)
            return Tools(assessor, RequestQuestionnaire(kb, assessor.engine), AnswerReader(kb))

    def give_back(self, tools: Tools) -> None:
        tools.questionnaire.remembered.clear()
        self._pool(tools.language).put(tools)

    def _pool(self, lang: str) -> queue.SimpleQueue[Tools]:
        with self._lock:
            return self._idle.setdefault(lang, queue.SimpleQueue())

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._store_pid == os.getpid():
                self._store.close()
            self._store = None


def install(app: Flask, resources: Resources) -> None:
    app.extensions[EXTENSION] = resources
    app.teardown_appcontext(_give_back)


def _give_back(error: BaseException | None) -> None:
    borrowed: Tools | None = g.pop("regain_tools", None)
    if borrowed is not None:
        resources().give_back(borrowed)


def resources(app: Any = None) -> Resources:
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, Resources)
    return found


def store() -> Store:
    """The journal store of this process (answer sessions and journals)."""
    return resources().store()


def knowledge() -> KnowledgeBase:
    """The knowledge base in this request's language."""
    return resources().kb(language())


def tools() -> Tools:
    """This request's engine, questionnaire and answer reader (borrowed until the request ends)."""
    borrowed: Tools | None = g.get("regain_tools")
    if borrowed is None:
        borrowed = g.regain_tools = resources().borrow(language())
    return borrowed
