"""English left on a page in another language: the check of issue 23, used on every German rendering.

A page's text is read with the standard library's HTML parser, without its
styles and scripts and without any element marked as being in another
language (``lang="en"``: a source cited by its English title is English on
purpose). What is left must hold none of the English words below: function
words that every English sentence has and no German one does. Words that are
German too ("in", "an", "so", "was", "will", "die", "also", "man", "hat",
"bald", "war", "rot", "after") are not on the list, so a German page never trips it by
accident; a person's own words (a name, notes) are the test's to choose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_LIST = """
the and of to with your you is are for not this that these those when if or at on it its be been
from by as should stop until each after before which what where there their they them have has
had do does did can could would into than then only about above below because while who whom
whose my our we he she his her him any some more most very just isn't don't doesn't
"""
#: English function words that are not German words as well.
ENGLISH = frozenset(_LIST.split())
#: German nouns spelt as an English function word: capitalised in mid-sentence, they are German
#: ("um den After"); small, or first in a sentence, they are taken for English.
_GERMAN_NOUNS = re.compile(r"(?<=[a-zäöüß,] )After\b")
#: A word as prose writes it: letters, perhaps with an apostrophe ("isn't").
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: What may stand around a word in a sentence; anything else joined to it ("x7-on_Q", a path,
#: an address) makes the whole an identifier, which no reader takes for English.
_PUNCTUATION = ".,;:!?()[]{}\"'„“”‚‘’«»…–—*"
#: Elements whose text a person does not read as the page's prose.
_SKIPPED = {"style", "script", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # for each open element: is its text skipped?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        lang = dict(attrs).get("lang")
        skipped = (self.stack[-1] if self.stack else False) or tag in _SKIPPED
        skipped = skipped or (lang is not None and not lang.startswith(self.language))
        self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def page_text(html: str, language: str) -> str:
    """The text of ``html`` that is in ``language`` (no styles, scripts or ``lang``-marked parts)."""
    parser = _Text(language)
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def english_words(text: str) -> list[str]:
    """The English function words in ``text``, in order, each with a few words around it."""
    chunks = (chunk.strip(_PUNCTUATION) for chunk in _GERMAN_NOUNS.sub("", text).split())
    words = [chunk for chunk in chunks if _WORD.fullmatch(chunk)]
    found = []
    for i, word in enumerate(words):
        if word.lower() in ENGLISH:
            found.append(" ".join(words[max(0, i - 3) : i + 4]))
    return found
