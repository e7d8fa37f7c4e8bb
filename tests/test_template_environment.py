"""The templates render with Jinja2's own environment: autoescaped once, strict about names."""

from __future__ import annotations

import jinja2
import pytest

from regain.reports.environment import environment


def test_it_is_jinja2s_own_environment() -> None:
    env = environment()
    assert type(env) is jinja2.Environment
    assert env.code_generator_class is jinja2.Environment.code_generator_class
    assert env.autoescape is True
    assert env.undefined is jinja2.StrictUndefined


@pytest.mark.parametrize(
    "source, expected",
    [
        ("{{ x }}", "&lt;i&gt; &amp; &#39;&#34;"),
        ("{% macro m(v) %}<b>{{ v }}</b>{% endmacro %}{{ m(x) }}", "<b>&lt;i&gt; &amp; &#39;&#34;</b>"),
        ("{% set s %}<p>{{ x }}</p>{% endset %}{{ s }}", "<p>&lt;i&gt; &amp; &#39;&#34;</p>"),
        ("{% filter upper %}{{ x }}{% endfilter %}", "&LT;I&GT; &AMP; &#39;&#34;"),
        ("{{ [x, x] | join('<br>') }}", "&lt;i&gt; &amp; &#39;&#34;&lt;br&gt;&lt;i&gt; &amp; &#39;&#34;"),
        ("{{ x ~ '<' }}", "&lt;i&gt; &amp; &#39;&#34;&lt;"),
        ("{% autoescape false %}{{ x }}{% endautoescape %}", "<i> & '\""),
    ],
)
def test_macros_blocks_and_filters_escape_once(source: str, expected: str) -> None:
    assert environment().from_string(source).render(x="<i> & '\"") == expected


def test_an_undefined_value_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ missing }}").render()
