"""``regain kb``: check the knowledge base, list what it holds, write its atlas (Click wiring only)."""

from __future__ import annotations

import os
from typing import Any

import click

from .cli_common import PATH_ERRNOS, BadOutput, InvalidInput, language_option
from .cli_common import knowledge as load_kb
from .cli_common import language as chosen_language
from .cli_help import AS_WRITTEN, RegainGroup
from .knowledge.messages import N_, _

KB_HELP = N_("Inspect and check the knowledge base, and write its atlas.")


@click.group(cls=RegainGroup, help=KB_HELP)
def kb() -> None:
    pass


KB_CHECK_HELP = N_(
    "Validate the knowledge base and print what it holds.\n\n"
    "Exits with status 1, listing every problem with its file and key, if the knowledge base "
    "is inconsistent, or if a language meta.yaml declares lacks a text, has an overlay that "
    "does not fit the English files, or has a translation whose English changed since (see "
    "'regain kb translations')."
)


@kb.command("check", help=KB_CHECK_HELP)
@language_option
def kb_check() -> None:
    from .engine.followup import rule_data_problems as followup_problems
    from .engine.inference import RegainEngine, rule_data_problems
    from .knowledge import loader
    from .knowledge.language import ENGLISH

    knowledge = load_kb()
    rules = RegainEngine.rule_names()
    problems = rule_data_problems(knowledge) + followup_problems(knowledge)
    for language in knowledge.languages:
        if language != ENGLISH:
            problems += loader.translation_problems(loader.DATA_DIR, language)
    if problems:
        lines = [_("the knowledge base is invalid:")] + [f"  {p}" for p in problems]
        raise click.ClickException("\n".join(lines))
    click.echo(_("knowledge base {version}: OK").format(version=knowledge.version))
    from .engine.followup import FollowUpEngine

    counts: dict[str, object] = {
        **knowledge.counts(),
        "rules": len(rules),
        "follow-up rules": len(FollowUpEngine.rule_names()),
        "languages": ", ".join(knowledge.languages),
    }
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value}")


KB_TRANSLATIONS_HELP = (
    N_(
        "List what the language of --lang lacks: missing texts, and texts whose English changed "
        "since.\n\n"
        "A PLACE is a text, an entry or a file as 'regain kb check' names them "
        "(de/muscles.yaml:muscles.masseter.name, de/muscles.yaml:muscles.masseter, "
        "de/muscles.yaml); given PLACEs, only those are listed. After checking a translation "
        "against its English now, --accept PLACE... records that English (in "
        "knowledge/data/LANG/translated-from.lock), and 'regain kb check' stops naming it; "
        "--accept-all records every translated text."
    )
    + AS_WRITTEN
    + N_(
        "Example:\n"
        "  regain kb translations --lang de\n"
        "  regain kb translations --lang de --accept de/muscles.yaml:muscles.masseter.name"
    )
)


@kb.command(
    "translations",
    short_help=N_("List the texts a language lacks or translated from an older English."),
    help=KB_TRANSLATIONS_HELP,
)
@click.argument("places", nargs=-1, metavar="[PLACE]...")
@click.option(
    "--accept", is_flag=True, help=N_("Record the PLACEs' English now as what they are translated from.")
)
@click.option("--accept-all", is_flag=True, help=N_("Record every translated text's English now."))
@language_option
def kb_translations(places: tuple[str, ...], accept: bool, accept_all: bool) -> None:
    from .knowledge import loader
    from .knowledge.language import ENGLISH
    from .knowledge.translation_lock import matches, write_lock

    lang = chosen_language()
    if lang == ENGLISH:
        raise InvalidInput([_("regain kb translations: English is the base; choose a language with --lang")])
    status = loader.translation_status(loader.DATA_DIR, lang)
    unknown = [p for p in places if not any(matches(t, p) for t in status.translated)]
    if unknown and (accept or accept_all):
        raise InvalidInput(
            [_("regain kb translations: no translated text at '{place}'").format(place=p) for p in unknown]
        )
    chosen = [t for t in status.translated if accept_all or any(matches(t, p) for p in places)]
    if accept or accept_all:
        if not chosen:
            raise InvalidInput([_("regain kb translations: say which places to accept, or --accept-all")])
        write_lock(loader.DATA_DIR, lang, status.translated, status.recorded, chosen)
        click.echo(_("recorded the English of {count} translated texts").format(count=len(chosen)))
        return
    behind = [b for b in status.behind() if not places or b.place in chosen]
    missing = [m for m in status.missing if not places or any(_under(m, p) for p in places)]
    for line in status.problems + missing + [b.line(lang) for b in behind]:
        click.echo(line)
    click.echo(
        _("{language}: {missing} missing, {stale} changed in English, {new} not recorded").format(
            language=lang,
            missing=len(missing),
            stale=sum(b.recorded for b in behind),
            new=sum(not b.recorded for b in behind),
        )
    )


def _under(line: str, place: str) -> bool:
    """Whether a missing text's line (``de/x.yaml: path: ...``) is at ``place`` or under it."""
    from .knowledge.translation_lock import matches

    where, _colon, rest = line.partition(": ")
    return matches(f"{where}:{rest.split(': ', 1)[0]}", place)


LISTS = (
    "movements",
    "regions",
    "muscles",
    "exercises",
    "red_flags",
    "combinations",
    "other_causes",
    "questions",
    "steps",
)


KB_LIST_HELP = (
    N_("List the ids and names of one part of the knowledge base.")
    + AS_WRITTEN
    + N_("Example:\n  regain kb list movements")
)


@kb.command("list", help=KB_LIST_HELP)
@click.argument("what", type=click.Choice(LISTS))
@language_option
def kb_list(what: str) -> None:
    knowledge = load_kb()
    items: dict[str, Any] = getattr(knowledge, what)
    width = max(len(k) for k in items)
    for item_id, item in items.items():
        label = (
            getattr(item, "name", None)
            or getattr(item, "sign", None)
            or getattr(item, "text", None)
            or getattr(item, "title", "")
        )
        if what in ("red_flags", "combinations"):
            label = f"[{item.tier}] {label}"
        click.echo(f"{item_id:<{width}}  {label}")


KB_SITE_HELP = (
    N_(
        "Write the knowledge atlas into DIR: a static, searchable site of the knowledge base.\n\n"
        "One page per muscle, movement, pain region, red flag, combination and exercise, linked "
        "both ways, with the rules, the plan steps, a graph and every source. It needs no "
        "network: open DIR/index.html in a browser. DIR is created; an existing DIR must be empty "
        "or written by an earlier 'regain kb site' (exit status 2 otherwise, and nothing is "
        "written)."
    )
    + AS_WRITTEN
    + N_("Example:\n  regain kb site atlas/")
)


@kb.command(
    "site", short_help=N_("Write the knowledge atlas, a searchable site, into DIR."), help=KB_SITE_HELP
)
@click.argument("folder", metavar="DIR")
@language_option
def kb_site(folder: str) -> None:
    from .engine.display_text import one_line
    from .reports.atlas_folder import FolderRefused
    from .reports.atlas_site import write_site

    knowledge = load_kb()
    try:
        count = write_site(knowledge, folder)
    except FolderRefused as exc:
        raise BadOutput(one_line(str(exc))) from None
    except OSError as exc:
        message = one_line(
            _("cannot write in {folder}: {error}").format(folder=folder, error=exc.strerror or exc)
        )
        raise (BadOutput if exc.errno in PATH_ERRNOS else click.ClickException)(message) from None
    index = os.path.join(folder, "index.html")
    click.echo(
        _("wrote {count} files to {folder} (open {index})").format(count=count, folder=folder, index=index)
    )
