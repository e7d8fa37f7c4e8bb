"""``regain serve``: the questionnaire, the plan and the journal in a browser, on this computer.

Starts the web app (:func:`regain.web.create_app`) with waitress, a kept
pure-Python WSGI server, on 127.0.0.1:8000 by default, and prints the address.
The database is the journal's (``--db``, else ``REGAIN_DATABASE_URL``, else
``REGAIN_DB``, else the default file). For many people at once, run the same
app under any WSGI server with several workers (see docs/).
"""

from __future__ import annotations

import click

from .cli_common import InvalidInput, knowledge, language_option
from .cli_help import AS_WRITTEN, RegainCommand
from .knowledge.messages import N_, _

SERVE_HELP = (
    N_(
        "Serve the questionnaire, the plan and the journal in a browser.\n\n"
        "Open the address it prints. Everything stays in the database on this computer; nothing "
        "is sent anywhere else. Ctrl-C stops it."
    )
    + AS_WRITTEN
    + N_("Examples:\n  regain serve\n  regain serve --port 8080 --db answers.db")
)


@click.command(cls=RegainCommand, help=SERVE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("The address to listen on."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=N_("The port."))
@click.option(
    "--db",
    "database",
    metavar="PATH_OR_URL",
    default=None,
    help=N_(
        "The database (a SQLite file or postgresql://...); default: REGAIN_DATABASE_URL, "
        "REGAIN_DB, or the journal's file."
    ),
)
@click.option(
    "--https",
    is_flag=True,
    help=N_("The app is reached through HTTPS (a reverse proxy): mark its cookie Secure."),
)
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 64), help=N_("Worker threads.")
)
@language_option
def serve(host: str, port: int, database: str | None, https: bool, threads: int) -> None:
    from waitress.server import create_server

    from .engine.display_text import one_line
    from .journal import JournalError
    from .web import create_app

    try:
        app = create_app(database, config={"HTTPS": https}, kb=knowledge())
    except JournalError as error:
        raise InvalidInput([error.said(_)]) from None
    try:
        server = create_server(app, host=host, port=port, threads=threads)
    except OSError as error:
        raise InvalidInput([one_line(f"--host {host} --port {port}: {error.strerror or error}")]) from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    click.echo(_("regain is serving on {url} (Ctrl-C stops it)").format(url=url))
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo(_("stopped"))
    finally:
        server.close()
