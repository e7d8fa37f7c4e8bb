"""How a language writes the knowledge base's names inside a sentence (``wording.yaml``'s ``grammar``).

English writes a name's first letter small mid-sentence ("Sends pain to:
outer upper arm"); German nouns keep their capitals, but a German name that
starts with an article, an adjective or a verb does not ("Ihre Antwort
könnte … machen: eine schmerzbedingte Schonhaltung"). So an overlay may give
a name its form inside a sentence, beside the name (:mod:`.overlays`), and
the loader hands every such form to :class:`Grammar`; a name that starts
with one of the language's ``articles`` and has no form is listed by
``regain kb check`` (:func:`article_problems`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Annotated, Literal

from .entries import PER_LANGUAGE, entry


@entry
class Grammar:
    """How the language writes the knowledge base's names inside a sentence.

    ``lower_first``: "Sends pain to: outer upper arm" (English writes a name's
    first letter small mid-sentence, an initialism as it is); ``as_written``:
    the name as the data writes it (German nouns keep their capitals), unless
    the overlay gives the name its form inside a sentence.
    """

    names_in_sentence: Annotated[Literal["lower_first", "as_written"], PER_LANGUAGE]
    #: The language's articles ("der", "eine"...): a name starting with one needs its form (checked).
    articles: Annotated[tuple[str, ...], PER_LANGUAGE] = ()
    #: name -> its form inside a sentence, as the overlays give it. Set by the loader
    #: (:meth:`with_forms`), never written in ``wording.yaml``: the form stands beside its name.
    forms: dict[str, str] = dataclasses.field(default_factory=dict, init=False)

    def in_sentence(self, name: str) -> str:
        """``name`` as it is written inside a sentence."""
        form = self.forms.get(name)
        if form is not None:
            return form
        first = name.split(" ", 1)[0]
        if self.names_in_sentence == "as_written" or (len(first) > 1 and first.isupper()):
            return name  # as written, or an initialism ("TFL ...")
        return name[:1].lower() + name[1:]

    def with_forms(self, forms: Mapping[str, str]) -> Grammar:
        """This grammar with the names' forms inside a sentence (``forms`` is not a field of the file)."""
        grammar = dataclasses.replace(self)
        object.__setattr__(grammar, "forms", dict(forms))  # frozen, as every entry
        return grammar


def sentence_start(text: str) -> str:
    """``text`` with its first letter capital, the rest as written (Jinja's ``capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


def form_problem(text: str, form: str) -> str | None:
    """What is wrong with ``form`` as ``text`` written inside a sentence, if anything.

    Only the capitals may differ: a form in other words would go on saying the
    old words after the name is edited (a warning sign, too).
    """
    if form.casefold() != text.casefold():
        return f"'{form}' is not '{text}' with other capitals: the same words, as written inside a sentence"
    return None


def article_problems(names: Iterable[tuple[str, str]], grammar: Grammar) -> list[str]:
    """One line per name (``where: path``, text) that starts with an article and has no form."""
    articles = {a.casefold() for a in grammar.articles}
    out = []
    for where, name in names:
        first = name.split(" ", 1)[0]
        if first.casefold() in articles and name not in grammar.forms:
            suggested = name[:1].lower() + name[1:]
            out.append(
                f"{where}: '{name}' starts with an article ('{first}'): give its form inside a "
                f"sentence, as {{text: '{name}', in_sentence: '{suggested}'}}"
            )
    return out
