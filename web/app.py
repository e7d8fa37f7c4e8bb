"""The WSGI app factory of ``regain serve``: ``regain.web:create_app``.

Flask, because regain's pages are Jinja2 templates already and the
questionnaire is server-rendered forms; Flask-WTF's ``CSRFProtect`` guards
every POST. Nothing about a person is kept in process memory or in Flask's
cookie (which holds only the CSRF token): answers live in the database, so
``gunicorn -w 4 'regain.web:create_app()'`` and several machines on one
PostgreSQL serve the same sessions. Safe by default: see ``security.py``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from flask import Flask
from flask_wtf.csrf import CSRFProtect

from regain import reports
from regain.journal import open_store
from regain.knowledge import KnowledgeBase, load_knowledge, loader, messages
from regain.knowledge.language import declared_languages, resolve_language
from regain.knowledge.messages import translations

from . import languages
from .atlas_pages import atlas
from .journal_pages import journal
from .questionnaire_pages import questionnaire
from .resources import Resources, install
from .result_pages import results
from .security import secure

#: The database: this variable (a URL), else ``REGAIN_DB`` (a path or URL), else the journal's file.
DATABASE_ENV = "REGAIN_DATABASE_URL"
#: The key that signs the CSRF cookie; without it, one kept in the database is used.
SECRET_ENV = "REGAIN_SECRET_KEY"
#: The largest request body accepted (a page's answers are a few hundred bytes).
MAX_BODY = 64 * 1024
TEMPLATES = Path(reports.__file__).resolve().parent / "templates"


def _language() -> str:
    """``REGAIN_LANG``, else the locale's language if regain speaks it, else English."""
    return resolve_language(None, declared_languages(loader.DATA_DIR))


def create_app(
    database: str | os.PathLike[str] | None = None,
    *,
    config: Mapping[str, Any] | None = None,
    kb: KnowledgeBase | None = None,
) -> Flask:
    """The app for ``database`` (a path or URL; default ``REGAIN_DATABASE_URL``, ``REGAIN_DB``, the file).

    ``config`` overrides Flask settings (``HTTPS=True`` marks cookies Secure).
    ``kb`` is the server's language (a person's browser or choice may pick
    another one regain speaks: ``languages.py``).
    The database is opened (created or upgraded) here, so a wrong one fails at
    start, not at the first request.
    """
    given = os.fspath(database) if database is not None else os.environ.get(DATABASE_ENV, "").strip() or None
    with open_store(given) as opened:
        url = opened.url
        secret = os.environ.get(SECRET_ENV, "").strip() or opened.web_secret("flask")
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.jinja_options = {
        **app.jinja_options,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "extensions": ["jinja2.ext.i18n"],
    }
    app.config.update(
        SECRET_KEY=secret,
        MAX_CONTENT_LENGTH=MAX_BODY,
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        SESSION_COOKIE_NAME="regain_csrf",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_TIME_LIMIT=None,  # a person may think for hours on a page; the cookie still binds it
        WTF_CSRF_SSL_STRICT=True,
        HTTPS=False,
    )
    app.config.update(config or {})
    if app.config["HTTPS"] or app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
    kb = kb or load_knowledge(_language())
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=messages._,  # the request's language (web/languages.py sets it)
        ngettext=lambda one, many, n: translations(messages.current()).ngettext(one, many, n),
        newstyle=True,
    )
    install(app, Resources(kb, url))
    languages.install(app, kb.languages, kb.language)
    CSRFProtect(app)
    secure(app)
    app.register_blueprint(questionnaire)
    app.register_blueprint(results)
    app.register_blueprint(journal)
    app.register_blueprint(atlas)
    return app
