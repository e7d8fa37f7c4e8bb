"""regain's Click commands: their help, and Click's own words, in the language the command speaks.

Every command and group of ``regain`` is a :class:`RegainCommand` or a
:class:`RegainGroup` (``cls=``; a group's ``command`` and ``group`` make them
too). Their help texts are marked ``help=N_("...")`` so Babel extracts them,
and translated here when the help is shown (English is the text as written).
A paragraph Click prints as written (``\\b``, the examples) is its own message,
joined to the prose by :data:`AS_WRITTEN`, so no control character reaches a
translator.

Click's own words ("Usage:", "Options:", "Error: ...", "Missing argument")
are marked with the standard library's :mod:`gettext`; regain's catalog
carries them (``cli_click_words.py``) and :meth:`RegainGroup.main` has the
standard library speak the command's language while Click runs
(:func:`regain.knowledge.messages.stdlib_speaks`). That language is known
before Click parses anything: ``--lang`` wherever it stands on the command
line (after ``--help`` too), else ``REGAIN_LANG``, else the locale; so a
usage error found before ``--lang`` is read still speaks it. A group takes
``--lang`` too, not shown in its help (``regain --lang de --help``). An
option's placeholder (``FILE``) is translated; an argument's (``CASE``) is
not, as Click's errors name it the way the usage line does.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Sequence
from typing import Any

import click

from .knowledge import messages
from .knowledge.language import ENGLISH, LanguageError, declared_languages, resolve_language
from .knowledge.messages import N_, _

#: The placeholders regain's options show for their values (Click's own, FILE, TEXT...: cli_click_words).
METAVARS = (N_("LANG"), N_("ID"), N_("PATH|URL"), N_("PATH_OR_URL"), N_("YYYY-MM-DD"), N_("FILE.ics"))

#: The help option's own help, as Click says it (translated when shown, as every help text is).
HELP_OPTION_HELP = N_("Show this message and exit.")
#: Between a help text's prose and a paragraph Click prints as written (``\b``): each is a message.
AS_WRITTEN = "\n\n\b\n"


def translated(text: str) -> str:
    """A help text in the language spoken: its prose and each paragraph kept as written, apart."""
    return AS_WRITTEN.join(_(part) for part in text.split(AS_WRITTEN))


def short_help(text: str, limit: int) -> str:
    """The first sentence of ``text``'s first paragraph, shortened to ``limit`` ("...") as Click does."""
    words = text.partition("\n\n")[0].split()
    for i, word in enumerate(words):
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    line = " ".join(words)
    if len(line) <= limit:
        return line
    return textwrap.shorten(line, max(limit, 3), placeholder="...", break_on_hyphens=False)


def command_line_language(args: Sequence[str]) -> str:
    """The language a command line speaks: its ``--lang`` (the last), else ``REGAIN_LANG``, else the locale.

    A language regain does not speak is the command's to refuse (with its
    own line); here it means the environment's choice, and English when that
    is not one either.
    """
    from .knowledge import loader

    named = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            named = args[i + 1]
        elif arg.startswith("--lang="):
            named = arg.partition("=")[2]
    declared = declared_languages(loader.DATA_DIR)
    for choice in (named, None):
        try:
            return resolve_language(choice, declared)
        except LanguageError:
            continue
    return ENGLISH


class RegainCommand(click.Command):
    """A command whose help (text, options, usage) is shown in the language spoken."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:  # Click words it once, in the language of the first run; shown translated
            option.help = HELP_OPTION_HELP
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces and pieces[0] == self.options_metavar:
            pieces[0] = _(self.options_metavar)
        return pieces

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help is None or self.deprecated:
            super().format_help_text(ctx, formatter)
            return
        text = inspect.cleandoc(translated(self.help)).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.deprecated or messages.current() == ENGLISH:
            return super().get_short_help_str(limit)
        if self.short_help:
            return inspect.cleandoc(_(self.short_help)).strip()
        return short_help(translated(self.help), limit).strip() if self.help else ""

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(p.help is not None for p in arguments):
            with formatter.section(_("Positional arguments")):
                formatter.write_dl([_help_row(p, ctx) for p in arguments])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            _help_row(p, ctx)
            for p in self.get_params(ctx)
            if not isinstance(p, click.Argument) and p.get_help_record(ctx) is not None
        ]
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)


def _help_row(param: click.Parameter, ctx: click.Context) -> tuple[str, str]:
    """``param``'s row of the help: Click's, with its help text and an option's placeholder translated.

    Click writes the extras after the text ("[default: both]"), in the
    language the standard library speaks (:meth:`RegainGroup.main`).
    """
    record = param.get_help_record(ctx)
    assert record is not None
    names, said = record
    if isinstance(param, click.Option) and not (param.is_flag or param.count):
        placeholder = param.make_metavar(ctx)  # an argument's stays: Click's errors name it so
        names = names.replace(f" {placeholder}", f" {_(placeholder)}")
    english = getattr(param, "help", None) or ""
    if english and said.startswith(english):
        said = _(english) + said[len(english) :]
    return names, said


class RegainGroup(click.Group, RegainCommand):
    """A group of :class:`RegainCommand`; ``main`` speaks the command line's language, Click's words too."""

    command_class = RegainCommand
    group_class = type  # a group's groups are RegainGroups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .cli_common import group_language_option

        super().__init__(*args, **kwargs)
        if not any("--lang" in p.opts for p in self.params):
            self.params.append(group_language_option())

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.subcommand_metavar and pieces and pieces[-1] == self.subcommand_metavar:
            pieces[-1] = _(self.subcommand_metavar)
        return pieces

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        import sys

        language = command_line_language(sys.argv[1:] if args is None else list(args))
        before = messages.current()
        messages.use(language)
        try:
            with messages.stdlib_speaks(language):
                return super().main(args, *rest, **options)
        finally:
            messages.use(before)
