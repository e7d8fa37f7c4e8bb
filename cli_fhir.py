"""``regain fhir``: the questionnaire as a FHIR Questionnaire, a case as a QuestionnaireResponse.

Click wiring only; the mapping is :mod:`regain.fhir_io` (docs/fhir.md). Both
write JSON to standard output or, with ``-o``, to a file (atomically).
"""

from __future__ import annotations

import json
from typing import Any

import click

from .cli_common import check_output, fail_invalid, knowledge, language_option, write_atomically
from .cli_help import AS_WRITTEN, RegainGroup
from .knowledge.messages import N_, _


def _json(resource: dict[str, Any]) -> str:
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


def _emit(text: str, output: str | None) -> None:
    from .engine.display_text import one_line

    if output and output != "-":
        write_atomically(output, text)
        click.echo(_("wrote {path}").format(path=one_line(output)), err=True)
    else:
        click.echo(text, nl=False)


OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help=N_("Write to this file instead of standard output ('-' is standard output)."),
)


FHIR_HELP = N_(
    "HL7 FHIR R4: the questionnaire as a Questionnaire, a case as a QuestionnaireResponse.\n\n"
    "'regain assess' and 'regain batch' read a QuestionnaireResponse (a .json file, alone or in "
    "a Bundle) as a case. See docs/fhir.md."
)


@click.group(cls=RegainGroup, help=FHIR_HELP)
def fhir() -> None:
    pass


QUESTIONNAIRE_HELP = (
    N_(
        "Write regain's questions as one FHIR R4 Questionnaire (JSON).\n\n"
        "Its texts are in the language chosen (--lang); its version is the knowledge base's, "
        "which a response must name."
    )
    + AS_WRITTEN
    + N_(
        "Examples:\n  regain fhir questionnaire -o questionnaire.json\n  regain fhir questionnaire --lang de"
    )
)


@fhir.command("questionnaire", help=QUESTIONNAIRE_HELP)
@OUTPUT
@language_option
def fhir_questionnaire(output: str | None) -> None:
    from .fhir_io.questionnaire import questionnaire

    if output and output != "-":
        check_output(output)
    _emit(_json(questionnaire(knowledge())), output)


RESPONSE_HELP = (
    N_(
        "Write a case file's answers as a FHIR QuestionnaireResponse (JSON).\n\n"
        "CASE is a case file as for 'regain assess' ('-' reads standard input). 'regain assess' "
        "on the response gives the same assessment as on the case."
    )
    + AS_WRITTEN
    + N_(
        "Examples:\n  regain fhir response examples/shoulder.yaml -o shoulder-response.json\n"
        "  regain assess shoulder-response.json"
    )
)


@fhir.command("response", help=RESPONSE_HELP)
@click.argument("case", metavar="CASE", type=click.Path(allow_dash=True))
@OUTPUT
@language_option
def fhir_response(case: str, output: str | None) -> None:
    from .engine.case import CaseError
    from .engine.case_reader import read_one_case
    from .engine.case_validation import validate_case
    from .fhir_io.reading import cases_in
    from .fhir_io.response import response_from_case

    if output and output != "-":
        check_output(output)
    kb = knowledge()
    try:
        (one,) = cases_in(read_one_case(case), kb, single=True)
        valid = validate_case(one.raw, kb)
    except CaseError as exc:
        fail_invalid(exc)
    _emit(_json(response_from_case(valid, kb)), output)
