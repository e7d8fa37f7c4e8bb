"""A live ``regain serve`` app for the browser tests: werkzeug's server in a thread, on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from regain.knowledge import KnowledgeBase
from regain.web import create_app


@contextmanager
def live_app(database: Path, kb: KnowledgeBase) -> Iterator[str]:
    """Serve the app on 127.0.0.1 (a free port) while the block runs; its base URL."""
    server = make_server("127.0.0.1", 0, create_app(database, kb=kb), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
