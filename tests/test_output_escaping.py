"""regain's printing of autoescaped values gives the same bytes as Jinja2's own.

:mod:`regain.reports.output_escaping` replaces ``markupsafe.escape`` where a
template prints a value; these tests hold it to MarkupSafe's text on any
input, and every plan of the test library and an overview full of markup to
what a stock Jinja2 environment renders from the same templates.
"""

from __future__ import annotations

from typing import Any

import jinja2
import markupsafe
import pytest
from case_library import library_raw_cases
from hypothesis import given
from hypothesis import strategies as st

from regain.batch.summary import BatchSummary, CaseRow
from regain.engine.assess import Assessor
from regain.reports import batch_index, output_escaping
from regain.reports.environment import OPTIONS, environment
from regain.reports.plan_view import build_plan_view

#: Text with every character HTML escaping touches, among others.
HTML_TEXT = st.text(alphabet=st.sampled_from("&<>'\"ab ;#\u00e9\u2013\U0001f600"), max_size=30) | st.text()


def stock_environment() -> jinja2.Environment:
    """regain's templates and options in Jinja2's own environment (no bytecode cache)."""
    return jinja2.Environment(loader=jinja2.PackageLoader("regain.reports", "templates"), **OPTIONS)


class Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text


@given(HTML_TEXT)
def test_a_string_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    escaped = output_escaping.escape_output(text)
    assert type(escaped) is str
    assert escaped == str(markupsafe.escape(text))


@given(HTML_TEXT)
def test_the_fallback_escapes_as_markupsafe_does(text: str) -> None:
    assert output_escaping.escape_replacing(text) == str(markupsafe.escape(text))


@pytest.mark.parametrize("value", [0, 3, 2.5, 12.0, True, None, ("<a>", 1), markupsafe.Markup("<b>x</b>"),
                                   Html("<i>kept</i>")])
def test_other_values_print_as_markupsafe_prints_them(value: Any) -> None:
    assert output_escaping.escape_output(value) == str(markupsafe.escape(value))


def test_the_plan_templates_are_compiled_to_use_it() -> None:
    # If a Jinja2 release stops calling the hook, this says so (the plan would
    # still be right, only slower).
    env = environment()
    source = env.loader.get_source(env, "plan.html")[0]  # type: ignore[union-attr]
    assert "environment.escape_output(" in env.compile(source, raw=True)


@pytest.mark.parametrize("source, expected", [
    ("{{ x }}", "&lt;i&gt; &amp; &#39;&#34;"),
    ("{% macro m(v) %}<b>{{ v }}</b>{% endmacro %}{{ m(x) }}", "<b>&lt;i&gt; &amp; &#39;&#34;</b>"),
    ("{% set s %}<p>{{ x }}</p>{% endset %}{{ s }}", "<p>&lt;i&gt; &amp; &#39;&#34;</p>"),
    ("{% filter upper %}{{ x }}{% endfilter %}", "&LT;I&GT; &AMP; &#39;&#34;"),
    ("{{ [x, x] | join('<br>') }}", "&lt;i&gt; &amp; &#39;&#34;&lt;br&gt;&lt;i&gt; &amp; &#39;&#34;"),
    ("{{ x ~ '<' }}", "&lt;i&gt; &amp; &#39;&#34;&lt;"),
    ("{% autoescape false %}{{ x }}{% endautoescape %}", "<i> & '\""),
])
def test_macros_blocks_and_filters_escape_once(source: str, expected: str) -> None:
    values = {"x": "<i> & '\""}
    ours = environment().from_string(source).render(values)
    assert ours == stock_environment().from_string(source).render(values) == expected


def test_an_undefined_value_is_still_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ missing }}").render()


def test_every_library_plan_renders_as_with_jinja2s_own_escaping(assessor: Assessor) -> None:
    ours = environment().get_template("plan.html")
    stock = stock_environment().get_template("plan.html")
    raws = library_raw_cases()
    assert len(raws) > 30
    for raw in raws:
        view = build_plan_view(assessor.assess_raw(raw), assessor.kb, date="2026-11-26")
        assert ours.render(v=view) == stock.render(v=view), raw.source


def test_an_overview_full_of_markup_renders_as_with_jinja2s_own_escaping(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    rows = [
        CaseRow(source=f"cases/{hostile}.yaml", status="ok", case_id=f"a{hostile}", stem="a",
                triage="self_care", pain_protective="likely", shortening_adhesion="possible",
                first_step="trigger_point_self_treatment", first_step_title=f"Press {hostile}"),
        CaseRow(source="b.csv:2", status="invalid", case_id=hostile, errors=[f"b.csv:2: id: {hostile}"]),
    ]
    summary = BatchSummary(rows, ("json", "html"))

    def pages() -> dict[str, str]:
        return {path: "".join(chunks) for path, chunks in batch_index.render_index(summary)}

    ours = pages()
    monkeypatch.setattr(batch_index, "load_template", stock_environment().get_template)
    assert ours == pages()
    assert "<script>" not in "".join(ours.values())
