"""A live ``regain serve`` app for the browser tests: werkzeug's server in a thread, on a free port."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from regain.knowledge import KnowledgeBase
from regain.web import create_app


@contextmanager
def live_app(
    database: Path,
    kb: KnowledgeBase,
    *,
    tls: ssl.SSLContext | None = None,
    config: Mapping[str, Any] | None = None,
) -> Iterator[str]:
    """Serve the app on 127.0.0.1 (a free port) while the block runs; its base URL.

    ``tls``: serve HTTPS with this context, as a server that terminates TLS
    itself, or a reverse proxy whose scheme the WSGI server trusts, hands it on.
    """
    app = create_app(database, kb=kb, config=config)
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=tls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
