"""Which language a page speaks: the person's choice, else their browser's, else the server's.

A link ``?lang=de`` on any page (the switch every page shows) chooses a
language; a cookie keeps the choice for the following pages (a preference, not
a person's data: no token, no answer). Without a choice, the browser's
``Accept-Language`` picks among the languages regain speaks; without a match,
the server's own (``regain serve --lang``, ``REGAIN_LANG``, the locale). The
language is set for the request before any page is made (:func:`begin`), so
the knowledge base, the engine and the fixed labels all speak it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale
from flask import Flask, Response, current_app, g, request

from regain.knowledge import messages

COOKIE = "regain_lang"
#: A year: the choice outlives a browser session, as a person expects of a language switch.
COOKIE_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the switch: the language's name in itself ("Deutsch"), and whether it is this page's."""

    code: str
    name: str
    current: bool


def language() -> str:
    """This request's language (set by :func:`begin`)."""
    return str(g.get("language") or current_app.config["REGAIN_DEFAULT_LANGUAGE"])


def begin() -> None:
    """Choose the request's language and speak it (before any page is made)."""
    declared: tuple[str, ...] = current_app.config["REGAIN_LANGUAGES"]
    asked = request.args.get("lang", "")
    kept = request.cookies.get(COOKIE, "")
    if asked in declared:
        g.language, g.language_chosen = asked, True
    elif kept in declared:
        g.language = kept
    else:
        browser = request.accept_languages.best_match(declared)
        g.language = browser or current_app.config["REGAIN_DEFAULT_LANGUAGE"]
    messages.use(g.language)


def remember(response: Response) -> Response:
    """Keep a language chosen by the switch for the next pages."""
    if g.get("language_chosen"):
        response.set_cookie(
            COOKIE,
            g.language,
            max_age=COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        )
    return response


@functools.cache
def _own_name(code: str) -> str:
    """A language's name in itself ("Deutsch"), from Babel's CLDR data: asked once per language."""
    return (Locale.parse(code).get_display_name(code) or code).capitalize()


def switch() -> list[LanguageLink]:
    """The languages regain speaks, each named in itself, for the switch on every page."""
    here = language()
    return [
        LanguageLink(code, _own_name(code), code == here) for code in current_app.config["REGAIN_LANGUAGES"]
    ]


def install(app: Flask, languages: tuple[str, ...], default: str) -> None:
    """Speak each request's language; offer the switch to every template."""
    app.config["REGAIN_LANGUAGES"] = languages
    app.config["REGAIN_DEFAULT_LANGUAGE"] = default
    app.before_request(begin)
    app.after_request(remember)
    app.context_processor(lambda: {"lang": language(), "languages": switch()})
