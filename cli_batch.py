"""``regain batch``: many case files into plans, a summary and an overview (Click wiring only).

The work is :func:`regain.batch.run.run_batch`; this module parses the
options, hands it the renderers and turns its errors into exit statuses.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from .cli_common import BadOutput, Interrupted, knowledge, language, language_option
from .cli_help import AS_WRITTEN, RegainCommand
from .knowledge.messages import N_, _

BATCH_FORMATS = {"json": ("json",), "html": ("html",), "both": ("json", "html"), "fhir": ("fhir",)}
MAX_ERRORS_SHOWN = 10


BATCH_HELP = (
    N_(
        "Assess many case files and write a plan per case, a summary and an overview.\n\n"
        "INPUTS are case files (a .json may be a FHIR QuestionnaireResponse or a Bundle of them), "
        "folders (searched recursively for *.yaml, *.yml, *.json, *.csv), "
        "glob patterns (quoted globs are expanded too) or '-' for a list of paths on standard "
        "input. In --out, each case gets <case id>.json and <case id>.html (with --format fhir, "
        "<case id>.fhir.json: a FHIR R4 Bundle); index.html is the "
        "overview (sortable by every column, no JavaScript), summary.csv has one row per input "
        "case, errors.txt one line per problem. A batch never writes over its inputs, nor over a "
        "file in --out that a regain batch did not write. Exit status: 0 all valid, 1 some "
        "invalid (the valid ones are still written) or the batch stopped (a full disk), 2 a usage "
        "error, 130 Ctrl-C."
    )
    + AS_WRITTEN
    + N_(
        "Examples:\n"
        "  regain batch cases/ --out plans\n"
        "  regain batch 'clinic/**/*.yaml' export.csv --out plans --jobs 4\n"
        "  find cases -name '*.json' | regain batch - --out plans --resume"
    )
)


@click.command(cls=RegainCommand, help=BATCH_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help=N_("Output folder (created if missing)."),
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(tuple(BATCH_FORMATS)),
    default="both",
    show_default=True,
    help=N_("What to write per case."),
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help=N_("Worker processes (default: the number of cores)."),
)
@click.option(
    "--resume",
    is_flag=True,
    help=N_("Skip cases whose outputs are already complete (the summary and index still cover every case)."),
)
@click.option("--fail-fast", is_flag=True, help=N_("Stop at the first invalid case."))
@click.option(
    "--progress/--no-progress",
    default=None,
    help=N_("Show a progress bar (default: when standard error is a terminal)."),
)
@language_option
def batch(
    inputs: tuple[str, ...],
    out_dir: str,
    fmt: str,
    jobs: int | None,
    resume: bool,
    fail_fast: bool,
    progress: bool | None,
) -> None:
    from .batch.inputs import discover
    from .batch.outputs import BatchStopped, BatchUsageError
    from .batch.run import BatchInterrupted, BatchOptions, run_batch
    from .batch.worker import render_json
    from .engine.display_text import one_line
    from .fhir_io.bundle import render_bundle, response_of_case
    from .reports.batch_index import page_paths, render_index
    from .reports.html import render_html

    try:
        knowledge()  # a broken knowledge base is our problem (exit 1), found before any work
        entries = discover(inputs, out_dir=out_dir)
        if not entries:
            raise click.UsageError(_("no inputs: the list of paths on standard input was empty"))
        options = BatchOptions(
            out_dir=out_dir,
            formats=BATCH_FORMATS[fmt],
            jobs=jobs or os.cpu_count() or 1,
            resume=resume,
            fail_fast=fail_fast,
            progress=sys.stderr.isatty() if progress is None else progress,
            language=language(),
        )
        summary = run_batch(
            entries,
            options,
            {
                "json": render_json,
                "html": render_html,
                "fhir": functools.partial(render_bundle, response_of=response_of_case),
            },
            functools.partial(render_index, language=language()),
            index_pages=page_paths(),
        )
    except BatchUsageError as exc:
        raise BadOutput(one_line(str(exc))) from None
    except BatchStopped as exc:
        raise click.ClickException(str(exc)) from None
    except (BatchInterrupted, KeyboardInterrupt) as exc:
        if isinstance(exc, BatchInterrupted):
            message = _(
                "interrupted after {count} case(s); the plans written so far are complete: "
                "run the same command with --resume to finish"
            ).format(count=exc.args[0])
        else:
            message = _(
                "interrupted; the plans written so far are complete: "
                "run the same command with --resume to finish"
            )
        raise Interrupted(message) from None
    problems = [one_line(line) for row in summary.invalid for line in row.errors]
    for line in problems[:MAX_ERRORS_SHOWN]:
        click.echo(line, err=True)
    if len(problems) > MAX_ERRORS_SHOWN:
        click.echo(
            _("... and {count} more problem(s): see {path}").format(
                count=len(problems) - MAX_ERRORS_SHOWN, path=Path(out_dir) / "errors.txt"
            ),
            err=True,
        )
    click.echo(summary.line(), err=True)
    if summary.invalid:
        sys.exit(1)
