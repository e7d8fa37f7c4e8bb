"""The check for English left on a German page (tests/english_words.py): what it finds, and only that."""

from __future__ import annotations

from english_words import ENGLISH, english_words, page_text

GERMAN = (
    "Drücken Sie die empfindliche Stelle, bis Sie einen Druck spüren, bei dem Sie locker lassen "
    "können. Was tun, wenn es in den Arm ausstrahlt? Hören Sie auf und gehen Sie so bald wie "
    "möglich zu einer Ärztin oder einem Arzt; man will also nicht warten."
)


def test_german_prose_holds_no_english_function_word() -> None:
    assert english_words(GERMAN) == []


def test_one_english_word_left_is_found_with_its_neighbours() -> None:
    found = english_words(GERMAN.replace("bis Sie", "until Sie"))
    assert found == ["die empfindliche Stelle until Sie einen Druck"]  # the near miss of the test above


def test_a_page_is_read_without_styles_scripts_and_english_marked_parts() -> None:
    html = (
        '<html lang="de"><head><title>the plan</title><style>p { color: red }</style></head><body>'
        "<p>Dehnen Sie langsam.</p><script>if (x) { stop(); }</script>"
        '<p class="source">Quelle: <cite lang="en">The Trigger Point Manual and more</cite>.</p>'
        '<img alt="x"><br><p>Bleiben Sie <b>dort</b>.</p></body></html>'
    )
    assert page_text(html, "de") == "Dehnen Sie langsam. Quelle: . Bleiben Sie dort ."
    assert english_words(page_text(html.replace("dort", "there"), "de")) == ["Quelle Bleiben Sie there"]


def test_no_word_on_the_list_is_also_a_german_word() -> None:
    german_too = {
        "in",
        "an",
        "so",
        "was",
        "will",
        "die",
        "also",
        "man",
        "hat",
        "bald",
        "war",
        "rot",
        "wie",
    }
    assert not ENGLISH & german_too  # "After" is a noun: english_words() tells it by its capital


def test_a_german_noun_spelt_as_an_english_word_is_german_in_mid_sentence() -> None:
    assert english_words("Taubheit um den After, oder neue Probleme") == []
    assert english_words("Dehnen Sie after dem Aufwärmen") != []  # the near miss: small, so English


def test_an_identifier_that_spells_an_english_word_is_not_english() -> None:
    # a journal's random id ("Kx-on_Q7") once failed a German page; a word joined by - or _ or
    # digits is an identifier, a word between spaces or punctuation is prose
    assert english_words("Tagebuch Kx-on_Q7 seit 30.11.2026, Adresse /journal/a-by-b") == []
    assert english_words("Tagebuch (on) seit gestern") == ["Tagebuch on seit gestern"]
