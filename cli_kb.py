"""``regain kb``: check the knowledge base and list what it holds (Click wiring only)."""

from __future__ import annotations

from typing import Any

import click

from .cli_common import knowledge as load_kb


@click.group()
def kb() -> None:
    """Inspect and check the knowledge base."""


@kb.command("check")
def kb_check() -> None:
    """Validate the knowledge base and print what it holds.

    Exits with status 1, listing every problem with its file and key, if
    the knowledge base is inconsistent.
    """
    from .engine.inference import RegainEngine, rule_data_problems

    knowledge = load_kb()
    rules = RegainEngine.rule_names()
    problems = rule_data_problems(knowledge)
    if problems:
        raise click.ClickException("the knowledge base is invalid:\n" + "\n".join(f"  {p}" for p in problems))
    click.echo(f"knowledge base {knowledge.version}: OK")
    counts = {**knowledge.counts(), "rules": len(rules)}
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


@kb.command("list")
@click.argument("what", type=click.Choice(LISTS))
def kb_list(what: str) -> None:
    """List the ids and names of one part of the knowledge base.

    \b
    Example:
      regain kb list movements
    """
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
