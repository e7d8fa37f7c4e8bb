"""The knowledge atlas of ``regain kb site``, served under ``/knowledge/``.

Each request renders the one file asked for (:func:`regain.reports.atlas_site.site_files`),
from the app's knowledge base, so the served atlas is always the one the app
reasons with and nothing is written to disk. The links are relative, as in
the folder, so the same pages work here; the index's search is the static
``search.js`` (no inline script, as the Content-Security-Policy requires).
Any name that is not a file of the atlas answers 404.
"""

from __future__ import annotations

from flask import Blueprint, abort
from werkzeug.wrappers import Response

from regain.reports import atlas_links as links
from regain.reports.atlas_site import site_files

from .resources import knowledge

atlas = Blueprint("atlas", __name__, url_prefix="/knowledge")

#: The atlas's kinds of file (by suffix) and how they are served.
MIMETYPES = {"html": "text/html", "css": "text/css", "js": "text/javascript"}


@atlas.get("/")
def index() -> Response:
    return atlas_file(links.INDEX)


@atlas.get("/<name>")
def atlas_file(name: str) -> Response:
    render = site_files(knowledge()).get(name)
    if render is None:
        abort(404)
    return Response(render(), mimetype=MIMETYPES[name.rsplit(".", 1)[-1]])
