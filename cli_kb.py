"""``regain kb``: check the knowledge base, list what it holds, write its atlas (Click wiring only)."""

from __future__ import annotations

import os
from typing import Any

import click

from .cli_common import PATH_ERRNOS, BadOutput, language_option
from .cli_common import knowledge as load_kb
from .cli_help import AS_WRITTEN, RegainGroup
from .knowledge.messages import N_, _

KB_HELP = N_("Inspect and check the knowledge base, and write its atlas.")


@click.group(cls=RegainGroup, help=KB_HELP)
def kb() -> None:
    pass


KB_CHECK_HELP = N_(
    "Validate the knowledge base and print what it holds.\n\n"
    "Exits with status 1, listing every problem with its file and key, if the knowledge base "
    "is inconsistent, or if a language meta.yaml declares lacks a text or has an overlay that "
    "does not fit the English files."
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
