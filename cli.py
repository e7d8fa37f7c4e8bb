"""regain's command line: Click wiring only.

Each command parses its options, calls the engine and a renderer, and turns
errors into messages and exit codes: 0 done, 1 a problem on our side (the
knowledge base) or of the system (a full disk), 2 bad input (an invalid case,
a wrong option, an output path that cannot be used), 130 interrupted (Ctrl-C).
Every message is one line per problem, never a traceback. Heavy modules
(experta, networkx, pydantic, Jinja2) are imported inside the commands so
that ``regain --help`` starts fast.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .engine.assessment import Assessment
    from .knowledge import KnowledgeBase

FORMATS = ("text", "json", "html")


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


def _knowledge() -> KnowledgeBase:
    from .knowledge import KnowledgeError, load_knowledge

    try:
        return load_knowledge()
    except KnowledgeError as exc:
        lines = ["the knowledge base is invalid:"] + [f"  {p}" for p in exc.problems]
        raise click.ClickException("\n".join(lines)) from None


def fail_invalid(exc: Exception) -> NoReturn:
    """Turn a :class:`CaseError` into exit status 2 with one line per problem."""
    raise InvalidInput([str(p) for p in exc.problems]) from None  # type: ignore[attr-defined]


#: Errors that say the path given cannot be used (exit status 2), not that the system failed.
PATH_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS,
               errno.ENAMETOOLONG, errno.ELOOP}


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
        message = one_line(f"cannot write {path}: {exc.strerror or exc}")
        raise (BadOutput if exc.errno in PATH_ERRNOS else click.ClickException)(message) from None


def render(assessment: Assessment, kb: KnowledgeBase, fmt: str, *, date: str | None = None) -> str:
    if fmt == "json":
        from .engine.assessment import to_json

        return to_json(assessment)
    if fmt == "html":
        from .reports.html import render_html

        return render_html(assessment, kb, date=date)
    from .reports.text import render_text

    return render_text(assessment, kb)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="regain")
def main() -> None:
    """regain: find out what limits a joint's movement, and get an ordered self-help plan.

    regain weighs two causes that often coexist, a pain-protective pattern
    kept going by active trigger points and shortened muscles or adhesions,
    screens for warning signs that need a doctor, suggests the muscles to
    look at, and writes a plan: trigger points first, then full range,
    long-hold stretching and strengthening.

    It gives self-help information, not a diagnosis.
    """


@main.command()
@click.argument("case", metavar="CASE", type=click.Path(allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format. Default: text on a terminal; with -o, from the file's "
                   "suffix (.json, .html), else text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@click.option("--date", metavar="TEXT", default=None,
              help="A date to print in the HTML plan's header (none by default, so the "
                   "output is the same on every run).")
def assess(case: str, fmt: str | None, output: str | None, date: str | None) -> None:
    """Assess one case file and print or write the result.

    CASE is a regain-case/2 (or /1) file (.yaml, .yml, .json, or a one-row .csv);
    '-' reads YAML or JSON from standard input. See docs/case-format.md.

    \b
    Examples:
      regain assess examples/shoulder.yaml
      regain assess examples/shoulder.yaml --format json
      regain assess examples/shoulder.yaml -o plan.html
      cat case.json | regain assess - --format json
    """
    from .engine.assess import Assessor
    from .engine.case import CaseError
    from .engine.case_reader import read_one_case
    from .engine.case_validation import validate_case
    from .engine.display_text import one_line

    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "text")
    if output:
        check_output(output)
    kb = _knowledge()
    try:
        valid = validate_case(read_one_case(case), kb)  # before the engine is built: bad input is quick
    except CaseError as exc:
        fail_invalid(exc)
    assessment = Assessor(kb).assess(valid)
    text = render(assessment, kb, fmt, date=date)
    if output:
        write_atomically(output, text)
        click.echo(f"wrote {one_line(output)}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder for <id>.yaml (your answers) and <id>.html (your plan).")
@click.option("--id", "case_id", metavar="ID",
              help="Case id, used for the file names (letters, digits, '-', '_'). "
                   "Default: case-YYYYMMDD-HHMMSS, or the id in --answers/--resume.")
@click.option("--answers", metavar="FILE", type=click.Path(dir_okay=False),
              help="Prefill answers from a case file; only what is missing is asked.")
@click.option("--resume", metavar="FILE", type=click.Path(dir_okay=False),
              help="Continue a questionnaire saved by Ctrl-C (<id>.partial.yaml).")
def ask(out_dir: str, case_id: str | None, answers: str | None, resume: str | None) -> None:
    """Answer a short, adaptive questionnaire and get your plan.

    Warning signs are screened first; then only questions whose answer can
    still change a conclusion are asked. At any question: '?' for help,
    'why' for why it is asked, 'back' to change the previous answer. Ctrl-C
    saves the answers so far. Works line by line with piped input too.

    \b
    Examples:
      regain ask --out plans
      regain ask --answers examples/shoulder.yaml
      regain ask --resume plans/case-20261125-101500.partial.yaml
    """
    from .engine.assess import Assessor
    from .engine.case import CaseError
    from .interactive import Session, Writers, default_case_id, is_safe_id, load_answers, safe_id
    from .reports.html import render_html
    from .reports.summary import render_summary

    if answers and resume:
        raise click.UsageError("use either --answers or --resume, not both")
    if case_id is not None and not is_safe_id(case_id):
        raise InvalidInput([f"--id: {case_id[:60]!r} cannot be a file name "
                            "(allowed: letters, digits, '-' and '_', at most 80)"])
    kb = _knowledge()
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
    session = Session(kb, Assessor(kb), Writers(render_summary, render_html, write_atomically),
                      case_id, Path(out_dir), prefill, unanswered, meta)
    status = session.run()
    if status:
        sys.exit(status)


@main.group()
def kb() -> None:
    """Inspect and check the knowledge base."""


@kb.command("check")
def kb_check() -> None:
    """Validate the knowledge base and print what it holds.

    Exits with status 1, listing every problem with its file and key, if
    the knowledge base is inconsistent.
    """
    from .engine.inference import RegainEngine, rule_data_problems

    knowledge = _knowledge()
    rules = RegainEngine.rule_names()
    problems = rule_data_problems(knowledge)
    if problems:
        raise click.ClickException("the knowledge base is invalid:\n"
                                   + "\n".join(f"  {p}" for p in problems))
    click.echo(f"knowledge base {knowledge.version}: OK")
    counts = {**knowledge.counts(), "rules": len(rules)}
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value}")


LISTS = ("movements", "regions", "muscles", "exercises", "red_flags", "combinations",
         "other_causes", "questions", "steps")


@kb.command("list")
@click.argument("what", type=click.Choice(LISTS))
def kb_list(what: str) -> None:
    """List the ids and names of one part of the knowledge base.

    \b
    Example:
      regain kb list movements
    """
    knowledge = _knowledge()
    items: dict[str, Any] = getattr(knowledge, what)
    width = max(len(k) for k in items)
    for item_id, item in items.items():
        label = (getattr(item, "name", None) or getattr(item, "sign", None)
                 or getattr(item, "text", None) or getattr(item, "title", ""))
        if what in ("red_flags", "combinations"):
            label = f"[{item.tier}] {label}"
        click.echo(f"{item_id:<{width}}  {label}")


BATCH_FORMATS = {"json": ("json",), "html": ("html",), "both": ("json", "html")}
MAX_ERRORS_SHOWN = 10


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder (created if missing).")
@click.option("-f", "--format", "fmt", type=click.Choice(tuple(BATCH_FORMATS)), default="both",
              show_default=True, help="What to write per case.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True,
              help="Skip cases whose outputs are already complete (the summary and index "
                   "still cover every case).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first invalid case.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when standard error is a terminal).")
def batch(inputs: tuple[str, ...], out_dir: str, fmt: str, jobs: int | None, resume: bool,
          fail_fast: bool, progress: bool | None) -> None:
    """Assess many case files and write a plan per case, a summary and an overview.

    INPUTS are case files, folders (searched recursively for *.yaml, *.yml,
    *.json, *.csv), glob patterns (quoted globs are expanded too) or '-' for
    a list of paths on standard input. In --out, each case gets
    <case id>.json and <case id>.html; index.html is the overview (sortable
    by every column, no JavaScript), summary.csv has one row per input case,
    errors.txt one line per problem. A batch never writes over its inputs,
    nor over a file in --out that a regain batch did not write. Exit status:
    0 all valid, 1 some invalid (the valid ones are still written) or the
    batch stopped (a full disk), 2 a usage error, 130 Ctrl-C.

    \b
    Examples:
      regain batch cases/ --out plans
      regain batch 'clinic/**/*.yaml' export.csv --out plans --jobs 4
      find cases -name '*.json' | regain batch - --out plans --resume
    """
    from .batch.inputs import discover
    from .batch.outputs import BatchStopped, BatchUsageError
    from .batch.run import BatchInterrupted, BatchOptions, run_batch
    from .batch.worker import render_json
    from .engine.display_text import one_line
    from .reports.batch_index import page_paths, render_index
    from .reports.html import render_html

    try:
        _knowledge()  # a broken knowledge base is our problem (exit 1), found before any work
        entries = discover(inputs, out_dir=out_dir)
        if not entries:
            raise click.UsageError("no inputs: the list of paths on standard input was empty")
        options = BatchOptions(
            out_dir=out_dir, formats=BATCH_FORMATS[fmt], jobs=jobs or os.cpu_count() or 1,
            resume=resume, fail_fast=fail_fast,
            progress=sys.stderr.isatty() if progress is None else progress,
        )
        summary = run_batch(entries, options, {"json": render_json, "html": render_html},
                            render_index, index_pages=page_paths())
    except BatchUsageError as exc:
        raise BadOutput(one_line(str(exc))) from None
    except BatchStopped as exc:
        raise click.ClickException(str(exc)) from None
    except (BatchInterrupted, KeyboardInterrupt) as exc:
        done = f" after {exc.args[0]} case(s)" if isinstance(exc, BatchInterrupted) else ""
        raise Interrupted(f"interrupted{done}; the plans written so far are complete: run the same "
                          "command with --resume to finish") from None
    problems = [one_line(line) for row in summary.invalid for line in row.errors]
    for line in problems[:MAX_ERRORS_SHOWN]:
        click.echo(line, err=True)
    if len(problems) > MAX_ERRORS_SHOWN:
        click.echo(f"... and {len(problems) - MAX_ERRORS_SHOWN} more problem(s): see "
                   f"{Path(out_dir) / 'errors.txt'}", err=True)
    click.echo(summary.line(), err=True)
    if summary.invalid:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
