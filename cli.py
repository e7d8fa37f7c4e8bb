"""regain's command line: Click wiring only (`kb` and `batch` live in cli_kb, cli_batch).

Each command parses its options, calls the engine and a renderer, and turns
errors into messages and exit codes: 0 done, 1 a problem on our side (the
knowledge base) or of the system (a full disk), 2 bad input (an invalid case,
a wrong option, an output path that cannot be used), 130 interrupted (Ctrl-C).
Every message is one line per problem, never a traceback. Heavy modules
(experta, networkx, pydantic, Jinja2) are imported inside the commands so
that ``regain --help`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__

if TYPE_CHECKING:
    pass

from .cli_batch import batch
from .cli_common import (
    FORMATS,
    InvalidInput,
    check_output,
    fail_invalid,
    knowledge,
    language_option,
    render,
    speak_the_files_language,
    write_atomically,
)
from .cli_fhir import fhir
from .cli_help import AS_WRITTEN, RegainGroup
from .cli_kb import kb
from .cli_serve import serve
from .cli_track import track
from .knowledge.messages import N_, _

MAIN_HELP = N_(
    "regain: find out what limits a joint's movement, and get an ordered self-help plan.\n\n"
    "regain weighs two causes that often coexist, a pain-protective pattern kept going by "
    "active trigger points and shortened muscles or adhesions, screens for warning signs that "
    "need a doctor, suggests the muscles to look at, and writes a plan: trigger points first, "
    "then full range, long-hold stretching and strengthening.\n\n"
    "It gives self-help information, not a diagnosis."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, cls=RegainGroup, help=MAIN_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="regain")
def main() -> None:
    pass


ASSESS_HELP = (
    N_(
        "Assess one case file and print or write the result.\n\n"
        "CASE is a regain-case/2 (or /1) file (.yaml, .yml, .json, or a one-row .csv), or a FHIR "
        "QuestionnaireResponse (.json, alone or in a Bundle: docs/fhir.md); '-' reads YAML or JSON "
        "from standard input. See docs/case-format.md."
    )
    + AS_WRITTEN
    + N_(
        "Examples:\n"
        "  regain assess examples/shoulder.yaml\n"
        "  regain assess examples/shoulder.yaml --format json\n"
        "  regain assess examples/shoulder.yaml -o plan.html\n"
        "  regain assess examples/shoulder.yaml --format sheet -o sheet.html\n"
        "  cat case.json | regain assess - --format json"
    )
)


@main.command(help=ASSESS_HELP)
@click.argument("case", metavar="CASE", type=click.Path(allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help=N_(
        "Output format: text, json, html (the plan), sheet (a one-page exercise sheet "
        "to print), clinician (a one-page summary to show a physiotherapist or doctor) "
        "or fhir (a FHIR R4 Bundle: docs/fhir.md). "
        "Default: text on a terminal; with -o, from the file's suffix (.json, .html), else text."
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help=N_("Write to this file instead of standard output ('-' is standard output)."),
)
@click.option(
    "--date",
    metavar="TEXT",
    default=None,
    help=N_(
        "A date to print in the HTML plan's and the clinician summary's header "
        "(none by default, so the output is the same on every run)."
    ),
)
@language_option
def assess(case: str, fmt: str | None, output: str | None, date: str | None) -> None:
    from .engine.assess import Assessor
    from .engine.case import CaseError
    from .engine.case_reader import read_one_case
    from .engine.case_validation import validate_case
    from .engine.display_text import one_line
    from .fhir_io.reading import cases_in

    if output == "-":  # the usual spelling of standard output, never a file named '-'
        output = None
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "text")
    if output:
        check_output(output)
    kb = knowledge()
    try:
        (one,) = cases_in(read_one_case(case), kb, single=True)  # a FHIR response, or the case itself
        valid = validate_case(one.raw, kb)  # before the engine is built: bad input is quick
    except CaseError as exc:
        fail_invalid(exc)
    kb = speak_the_files_language(valid.language) or kb
    assessment = Assessor(kb).assess(valid)
    text = render(assessment, kb, fmt, date=date)
    if output:
        write_atomically(output, text)
        click.echo(_("wrote {path}").format(path=one_line(output)), err=True)
    else:
        click.echo(text, nl=False)


ASK_HELP = (
    N_(
        "Answer a short, adaptive questionnaire and get your plan.\n\n"
        "Warning signs are screened first; then only questions whose answer can still change a "
        "conclusion are asked, and last, optionally, a name to print on the plan. Answers may be "
        'typed as you would say them: "3 months", "about 5", "5/10", "nope", "none". At any '
        "question: '?' for help, 'why' for why it is asked, 'back' to see and change the previous "
        "answer (Enter keeps it). Ctrl-C saves the answers so far. Works line by line with piped "
        "input too."
    )
    + AS_WRITTEN
    + N_(
        "Examples:\n"
        "  regain ask --out plans\n"
        "  regain ask --answers examples/shoulder.yaml\n"
        "  regain ask --resume plans/case-20261125-101500.partial.yaml"
    )
)


@main.command(help=ASK_HELP)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help=N_("Folder for <id>.yaml (your answers) and <id>.html (your plan)."),
)
@click.option(
    "--id",
    "case_id",
    metavar="ID",
    help=N_(
        "Case id, used for the file names (letters, digits, '-', '_'). "
        "Default: case-YYYYMMDD-HHMMSS, or the id in --answers/--resume."
    ),
)
@click.option(
    "--answers",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help=N_("Prefill answers from a case file; only what is missing is asked."),
)
@click.option(
    "--resume",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help=N_("Continue a questionnaire saved by Ctrl-C (<id>.partial.yaml)."),
)
@click.option(
    "--db",
    metavar="PATH|URL",
    envvar="REGAIN_DB",
    help=N_(
        "Where a journal offered at the end is kept (as for 'regain track'). "
        "Default: REGAIN_DB, else regain's file in your user data folder."
    ),
)
@language_option
def ask(out_dir: str, case_id: str | None, answers: str | None, resume: str | None, db: str | None) -> None:
    from .engine.assess import Assessor
    from .engine.case import CaseError
    from .interactive import Session, Writers, default_case_id, is_safe_id, load_answers, safe_id
    from .interactive_checkin import journal_offer
    from .reports.html import render_html
    from .reports.summary import render_summary

    if answers and resume:
        raise click.UsageError(_("use either --answers or --resume, not both"))
    if case_id is not None and not is_safe_id(case_id):
        said = _("--id: {value} cannot be a file name (allowed: letters, digits, '-' and '_', at most 80)")
        raise InvalidInput([said.format(value=repr(case_id[:60]))])
    kb = knowledge()
    prefill: dict[str, Any] = {}
    unanswered: set[str] = set()
    meta: dict[str, Any] = {}
    file_id = None
    if answers or resume:
        try:
            file_id, prefill, unanswered, meta = load_answers(answers or resume or "", kb)
        except CaseError as exc:
            fail_invalid(exc)
    case_id = case_id or (safe_id(file_id) if file_id else default_case_id())
    session = Session(
        kb,
        Assessor(kb),
        Writers(render_summary, render_html, write_atomically, journal_offer(kb, db)),
        case_id,
        Path(out_dir),
        prefill,
        unanswered,
        meta,
    )
    status = session.run()
    if status:
        sys.exit(status)


main.add_command(kb)
main.add_command(batch)
main.add_command(track)
main.add_command(serve)
main.add_command(fhir)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
