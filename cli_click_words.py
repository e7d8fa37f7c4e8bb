"""Click's own words that a person using regain can meet, marked so that regain's catalog carries them.

Click marks them with the standard library's :mod:`gettext`, under these very
message ids; ``python -m buildtools.catalogs extract`` finds them here, a
translator words them in ``locale/<lang>/LC_MESSAGES/regain.po``, and while a
command runs in another language Click reads them from that catalog
(:func:`regain.knowledge.messages.stdlib_speaks`, :mod:`regain.cli_help`).
``tests/test_cli_help_german.py`` checks that the installed Click still says
each of them, so a new Click release that rewords one is noticed.
"""

from __future__ import annotations

from collections.abc import Callable

from .knowledge.messages import N_, ngettext

#: Click's words with one form: headings, the usage line's placeholders, errors, option extras.
MESSAGES = (
    N_("Usage:"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("INTEGER RANGE"),
    N_("FLOAT"),
    N_("BOOLEAN"),
    N_("FILE"),
    N_("DIRECTORY"),
    N_("PATH"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Choose from:\n\t{choices}"),
    N_("Aborted!"),
)

#: Click's words with a singular and a plural, each as it reads for a count ``n``.
PLURALS: tuple[Callable[[int], str], ...] = (
    lambda n: ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
    lambda n: ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
    lambda n: ngettext(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", n
    ),
    lambda n: ngettext(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n
    ),
)
