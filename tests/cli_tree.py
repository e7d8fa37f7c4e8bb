"""Every command and group of ``regain``, found by walking Click's command tree (none listed by hand).

So a command added later (``regain fhir``) is in every test that walks it,
and its help is checked in German and English without anyone remembering to.
"""

from __future__ import annotations

import re

import click
from click.testing import CliRunner, Result

from regain.cli import main

#: What in a help is typed, not read: options, choices, and the example command lines.
_TYPED = re.compile(r"(?<![\w/])--?[A-Za-z][\w-]*(?:=\S+)?|[\[{][\w|.-]+[\]}]")
_EXAMPLE = re.compile(r"^\s+(?:regain|cat|find) ", re.MULTILINE)


def command_paths(group: click.Command = main) -> list[tuple[str, ...]]:
    """The path of every command and group under ``group`` (``()`` is ``group`` itself), in order."""
    paths: list[tuple[str, ...]] = []

    def visit(command: click.Command, path: tuple[str, ...]) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    visit(sub, (*path, name))

    visit(group, ())
    return paths


def run(args: list[str], env: dict[str, str | None] | None = None) -> Result:
    """``regain <args>`` (named ``regain`` in its usage line, as when it is installed)."""
    return CliRunner().invoke(main, args, env=env, prog_name="regain")


def help_of(path: tuple[str, ...], *options: str, env: dict[str, str | None] | None = None) -> str:
    """``regain <path> --help <options>``: its output (exit status 0, or the test fails)."""
    result = run([*path, "--help", *options], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def every_help(*options: str) -> str:
    """The help of every command, each under a line ``=== regain <path>``, as the golden file holds it."""
    return "".join(
        f"=== {' '.join(('regain', *path))}\n{help_of(path, *options)}" for path in command_paths()
    )


def read_prose(help_text: str) -> str:
    """A help's words a person reads: without the options, choices and example lines typed as written."""
    return _TYPED.sub(" ", "\n".join(line for line in help_text.splitlines() if not _EXAMPLE.match(line)))
