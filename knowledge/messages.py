"""The interface strings in other languages: gettext catalogs, ``locale/<lang>/LC_MESSAGES/regain.mo``.

The words around the clinical content are data (``wording.yaml`` and its
overlays); the few strings that live in the code and the templates instead
(the command line's messages, a page's fixed labels) are marked ``_("...")``
or ``{% trans %}``, extracted with Babel (``babel.cfg``) into
``locale/<lang>/LC_MESSAGES/regain.po`` and compiled to ``.mo`` when regain
is built (``buildtools/catalogs.py``). Here they are read with the standard
library's :mod:`gettext`; English is the text in the code itself.

A command speaks one language: :func:`use` sets it (the command line does,
from ``--lang``; the web app for each request, from the person's choice) and
:func:`_` translates into it. The language is a context variable, so each
thread of a web server speaks the language of the request it serves. Code
that knows its language (a page of a knowledge base in German) asks
:func:`translations` for it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import os
from collections.abc import Iterator
from pathlib import Path

from .language import ENGLISH

DOMAIN = "regain"
#: The compiled catalogs: ``locale/`` at the package's top (the repository's, when editable).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("regain_language", default=ENGLISH)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``; English (and a language without a catalog) is the code's own text."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def N_(message: str) -> str:
    """``message`` unchanged, marked for the catalogs: translated later, where its language is known."""
    return message


def use(language: str) -> None:
    """Speak ``language`` from now on in this context: the process, or a web request's thread (:func:`_`)."""
    _current.set(language)


def current() -> str:
    return _current.get()


def _(message: str) -> str:
    """``message`` in the language this process speaks."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (chosen by ``n``, as the language counts) in the language spoken."""
    return translations(_current.get()).ngettext(singular, plural, n)


@contextlib.contextmanager
def stdlib_speaks(language: str) -> Iterator[None]:
    """Within this block the standard library's own ``gettext.gettext`` speaks ``language`` too.

    Libraries that mark their words with the module-level functions of
    :mod:`gettext` (Click: "Usage:", "Error: ...") read the catalog of the
    global text domain, in the language the environment names. For another
    language than English this block makes regain's domain the global one (bound to its folder)
    and names the language in ``LANGUAGE`` (GNU gettext's variable, read first and
    for messages only), so those words come from regain's catalog, which
    carries them. Both are put back afterwards; English changes nothing.
    """
    if language == ENGLISH:
        yield
        return
    domain = gettext.textdomain()
    before = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before
        gettext.textdomain(domain)
