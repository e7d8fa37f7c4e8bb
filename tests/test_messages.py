"""The interface strings marked in the code and templates, and their German catalog.

Every string marked ``_()`` or ``{% trans %}`` must be in ``locale/de/LC_MESSAGES/regain.po``
with a German translation keeping its placeholders, and the compiled ``.mo`` must be the
``.po`` (``make test`` compiles it; ``python -m buildtools.catalogs extract`` adds new strings).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import ROOT, declare

from buildtools.catalogs import extract
from regain.cli import main
from regain.engine.assess import Assessor
from regain.engine.case_reader import read_case_path
from regain.engine.case_validation import validate_case
from regain.knowledge import load_knowledge
from regain.knowledge.messages import translations
from regain.reports.environment import environment
from regain.reports.html import render_html

PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "regain.po"
EXAMPLE = ROOT / "examples" / "shoulder.yaml"
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)s")


def forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's forms: its one text, or its singular and plural (``ngettext``)."""
    return text if isinstance(text, tuple) else (text,)


def german_catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="de")


def untranslated(marked: Catalog, catalog: Catalog) -> list[str]:
    """Each marked string the catalog lacks, leaves empty or marks fuzzy (one line each)."""
    lines = []
    for message in marked:
        if not message.id:
            continue
        found = catalog.get(message.id)
        if found is None:
            lines.append(f"not in {PO.name}: {message.id!r}")
        elif not all(forms(found.string)) or found.fuzzy:
            lines.append(f"no German for: {message.id!r}")
    return lines


def test_every_marked_string_has_a_german_translation() -> None:
    marked = extract()
    assert len(marked) > 20  # the extraction found the CLI's and the templates' strings
    assert untranslated(marked, german_catalog()) == []


def test_a_string_missing_from_the_catalog_is_named() -> None:
    marked = extract()
    catalog = german_catalog()
    del catalog["For:"]
    catalog["Case:"].string = ""
    assert sorted(untranslated(marked, catalog)) == ["no German for: 'Case:'", "not in regain.po: 'For:'"]


def test_translations_keep_every_placeholder() -> None:
    for message in german_catalog():
        if message.id and message.string:
            wanted = sorted(PLACEHOLDER.findall(forms(message.id)[-1]))
            for text in forms(message.string):
                assert sorted(PLACEHOLDER.findall(text)) == wanted, message.id


def test_the_compiled_catalog_is_the_po() -> None:
    german = translations("de")
    for message in german_catalog():
        if isinstance(message.id, tuple):  # singular and plural: German's one and other
            one, other = message.string
            assert german.ngettext(*message.id, 1) == one and german.ngettext(*message.id, 2) == other
        elif message.id and message.string:
            assert german.gettext(message.id) == message.string, "run `make catalogs`"
    assert translations("en").gettext("For:") == "For:"  # English is the code's own text


def test_templates_translate_with_the_language_of_their_environment() -> None:
    source = (
        '{{ _("For:") }} {% trans version="2026.11" %}'
        "Made with regain, knowledge base {{ version }}.{% endtrans %}"
    )
    assert environment("de").from_string(source).render() == (
        "Für: Erstellt mit regain, Wissensbasis 2026.11."
    )
    assert environment("en").from_string(source).render() == "For: Made with regain, knowledge base 2026.11."


def test_a_german_plan_has_german_labels(bundled: Path) -> None:
    declare(bundled, "[en, de]")
    [raw] = list(read_case_path(str(EXAMPLE)))
    pages = {}
    for language in ("de", "en"):
        kb = load_knowledge(language)
        pages[language] = render_html(Assessor(kb).assess(validate_case(raw, kb)), kb)
    assert '<html lang="de">' in pages["de"] and "<dt>Für:</dt>" in pages["de"]
    assert "Was wahrscheinlich dahintersteckt" in pages["de"]
    assert "<dt>For:</dt>" in pages["en"] and "Für:" not in pages["en"]


@pytest.mark.parametrize(("language", "said"), [("de", "geschrieben"), ("en", "wrote ")])
def test_the_command_line_speaks_the_language(
    bundled: Path, tmp_path: Path, language: str, said: str
) -> None:
    declare(bundled, "[en, de]")
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["assess", str(EXAMPLE), "-o", str(out), "--lang", language])
    assert result.exit_code == 0, result.output
    assert said in result.stderr
