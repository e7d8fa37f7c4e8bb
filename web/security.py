"""Safe by default: the headers on every response, and a page (never a traceback) for every error.

- Content-Security-Policy: nothing but this site; scripts only as its static
  files (the body map's ``/static/bodymap.js``), never inline; the questionnaire's
  pages load one stylesheet (``/static/web.css``). The
  plan is the page ``regain assess`` writes, whose styles are inline, so the
  plan alone allows inline styles (``style-src 'unsafe-inline'``), never scripts.
- ``Referrer-Policy: same-origin``: a link holds a private token, so no
  address is ever sent to another site; this site's own forms still send it,
  which the CSRF check demands over HTTPS (``no-referrer`` would refuse every
  answer there).
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Cache-Control: no-store`` on pages (they hold health information), and
  ``Strict-Transport-Security`` when the app is reached through HTTPS.
- An unknown token, path or method, a refused CSRF token and a body over the
  limit each get a page of their own with the right status; an error in
  regain itself gets a 500 page that says the answers so far are kept.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .render import page

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'{inline}; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Browsers keep to HTTPS for a year once they have seen it (no subdomains: they may be others').
HSTS = "max-age=31536000"
#: Errors with a page of their own (their template in ``templates/web/``).
ERROR_PAGES = {400: "error.html", 404: "not_found.html", 405: "error.html", 413: "too_large.html"}


def allow_inline_styles() -> None:
    """Let this response's page use inline styles (the plan; never scripts)."""
    g.inline_styles = True


def _headers(response: Response) -> Response:
    inline = " 'unsafe-inline'" if g.get("inline_styles") else ""
    headers = response.headers
    headers["Content-Security-Policy"] = CSP.format(inline=inline)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["X-Robots-Tag"] = "noindex, nofollow"  # private links are no one's search result
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if request.is_secure or current_app.config["HTTPS"]:
        headers["Strict-Transport-Security"] = HSTS
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    return response


def _csrf_refused(error: CSRFError) -> tuple[str, int]:
    return page("csrf.html", reason=error.description), 400


def _http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    return page(ERROR_PAGES.get(status, "error.html"), status=status), status


def _internal_error(error: Exception) -> tuple[str, int]:
    current_app.logger.error("an error in regain itself", exc_info=error)
    return page("error.html", status=500), 500


def secure(app: Flask) -> None:
    """Add the headers and the error pages to ``app``."""
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal_error)
