"""What the command-line modules share: exit-status exceptions, the knowledge base, outputs.

Exit statuses: 0 done, 1 a problem on our side (the knowledge base) or of the
system (a full disk), 2 bad input (an invalid case, a wrong option, an output
path that cannot be used), 130 interrupted (Ctrl-C). Every message is one
line per problem, never a traceback.
"""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .knowledge import messages
from .knowledge.language import ENV_VAR
from .knowledge.messages import N_, _

if TYPE_CHECKING:
    from .engine.assessment import Assessment
    from .knowledge import KnowledgeBase


FORMATS = ("text", "json", "html", "sheet", "clinician", "fhir")


class InvalidInput(click.ClickException):
    """Bad input: one line per problem on stderr, exit status 2."""

    exit_code = 2

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

    def show(self, file: Any = None) -> None:
        from .engine.display_text import one_line

        for line in self.lines:
            click.echo(one_line(line), err=True)


class BadOutput(click.ClickException):
    """An output path that cannot be used as given (exit status 2)."""

    exit_code = 2


class Interrupted(click.ClickException):
    """Ctrl-C (exit status 130, as a shell reports a command stopped by SIGINT)."""

    exit_code = 130


#: Where a command's ``--lang`` callback keeps the language it resolved (``ctx.meta``).
LANGUAGE = "regain.language"
#: Whether the person named it (``--lang`` or ``REGAIN_LANG``), not the locale.
LANGUAGE_NAMED = "regain.language_named"
#: Whether a ``--lang`` named it: a group's (``regain --lang de assess``) stands for its commands.
LANGUAGE_OPTION = "regain.language_option"
LANG_HELP = N_(
    "The language to answer in (en, or another that regain speaks). "
    "Default: REGAIN_LANG, else your locale's language if regain speaks it, else en."
)


def _choose_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """Resolve the language once, before the command runs; refuse an unknown one (exit status 2)."""
    from .knowledge import loader
    from .knowledge.language import LanguageError, declared_languages, resolve_language

    if not (value or "").strip() and ctx.meta.get(LANGUAGE_OPTION):
        return  # a group's --lang before the command (ctx.meta is shared by a command and its groups)
    try:
        ctx.meta[LANGUAGE] = resolve_language(value, declared_languages(loader.DATA_DIR))
    except LanguageError as exc:
        raise InvalidInput([str(exc)]) from None
    ctx.meta[LANGUAGE_NAMED] = bool((value or "").strip() or os.environ.get(ENV_VAR, "").strip())
    ctx.meta[LANGUAGE_OPTION] = bool((value or "").strip())
    before = messages.current()
    messages.use(ctx.meta[LANGUAGE])  # the command's own messages (_) too, and the engine's problem lines
    ctx.call_on_close(lambda: messages.use(before))  # for this command only (one process may run several)


def speak_the_files_language(recorded: str | None) -> KnowledgeBase | None:
    """The knowledge base in the language a case file was answered in, when the person named none.

    ``--lang`` and ``REGAIN_LANG`` decide; else a file's own ``language`` comes
    before the locale (a case answered in German is assessed in German). ``None``
    when the command's language stands.
    """
    ctx = click.get_current_context(silent=True)
    if recorded is None or ctx is None or ctx.meta.get(LANGUAGE_NAMED, True) or recorded == language():
        return None
    ctx.meta[LANGUAGE] = recorded
    messages.use(recorded)
    return knowledge()


def language_option(f: Any) -> Any:
    """``--lang`` on a command: ``--lang de``, else ``REGAIN_LANG``, else the locale, else English."""
    return click.option(
        "--lang",
        metavar="LANG",
        expose_value=False,
        is_eager=True,
        callback=_choose_language,
        help=LANG_HELP,
    )(f)


def group_language_option() -> click.Option:
    """``--lang`` on a group, for the commands after it (``regain --lang de --help``); not in its help."""
    return click.Option(
        ["--lang"],
        metavar="LANG",
        expose_value=False,
        is_eager=True,
        callback=_choose_named_language,
        hidden=True,
    )


def _choose_named_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """A group's ``--lang``: only when given; its commands resolve the language themselves otherwise."""
    if (value or "").strip():
        _choose_language(ctx, param, value)


def language() -> str:
    """The language this command speaks (resolved by its ``--lang`` option)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and LANGUAGE in ctx.meta:
        return str(ctx.meta[LANGUAGE])
    from .knowledge.language import ENGLISH

    return ENGLISH


def knowledge() -> KnowledgeBase:
    """The bundled knowledge base in this command's language (exit status 1 if it is broken)."""
    from .knowledge import KnowledgeError, load_knowledge

    try:
        return load_knowledge(language())
    except KnowledgeError as exc:
        lines = [_("the knowledge base is invalid:")] + [f"  {p}" for p in exc.problems]
        raise click.ClickException("\n".join(lines)) from None


def fail_invalid(exc: Exception) -> NoReturn:
    """Turn a :class:`CaseError` into exit status 2 with one line per problem."""
    raise InvalidInput([str(p) for p in exc.problems]) from None  # type: ignore[attr-defined]


#: Errors that say the path given cannot be used (exit status 2), not that the system failed.
PATH_ERRNOS = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.ELOOP,
}


def check_output(path: str) -> None:
    """Refuse, before any work, an output path that cannot be written (exit status 2)."""
    from .engine.display_text import one_line
    from .output_files import OutputRefused, output_target

    try:
        output_target(path)
    except OutputRefused as exc:
        raise BadOutput(one_line(str(exc))) from None


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` (atomically for a file); a failure is one line, not a traceback."""
    from .engine.display_text import one_line
    from .output_files import OutputRefused, write_output

    try:
        write_output(path, text)
    except OutputRefused as exc:
        raise BadOutput(one_line(str(exc))) from None
    except OSError as exc:
        message = one_line(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc))
        raise (BadOutput if exc.errno in PATH_ERRNOS else click.ClickException)(message) from None


def render(assessment: Assessment, kb: KnowledgeBase, fmt: str, *, date: str | None = None) -> str:
    if fmt == "json":
        from .engine.assessment import to_json

        return to_json(assessment)
    if fmt == "html":
        from .reports.html import render_html

        return render_html(assessment, kb, date=date)
    if fmt == "sheet":
        from .reports.handouts import render_sheet

        return render_sheet(assessment, kb)
    if fmt == "fhir":
        from .fhir_io.bundle import render_bundle, response_of_case

        return render_bundle(assessment, kb, response_of=response_of_case)
    if fmt == "clinician":
        from .reports.handouts import render_clinician

        return render_clinician(assessment, kb, date=date)
    from .reports.text import render_text

    return render_text(assessment, kb)
