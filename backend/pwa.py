"""Serve the phone app (plain files, no build step), its service worker and the security headers."""
import hashlib
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"

bp = Blueprint("pwa", __name__, static_folder=str(PWA_DIR / "static"), static_url_path="/static")

CSP = ("default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


# Screens only the office uses, imported on demand: a teacher's phone never downloads them.
ON_DEMAND = "js/office-only/"


def shell_files() -> list[str]:
    """Return the URLs of the app shell: what the service worker pre-caches."""
    static = sorted(p for p in (PWA_DIR / "static").rglob("*")
                    if p.is_file() and not p.relative_to(PWA_DIR / "static").as_posix().startswith(ON_DEMAND))
    return ["/", "/manifest.webmanifest"] + [
        "/static/" + p.relative_to(PWA_DIR / "static").as_posix() for p in static]


@cache
def service_worker() -> str:
    """Return sw.js with the shell list and a cache version that changes with any shell file."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PWA_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(PWA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    source = (PWA_DIR / "sw.js").read_text(encoding="utf-8")
    return (source.replace("__SHELL_VERSION__", digest.hexdigest()[:12])
                  .replace('"__SHELL_FILES__"', repr(shell_files()).replace("'", '"')))


@bp.get("/")
def index():
    """Serve the app shell."""
    return send_from_directory(PWA_DIR, "index.html", max_age=0)


@bp.get("/sw.js")
def sw():
    """Serve the service worker from the site root so it controls every page."""
    response = Response(service_worker(), mimetype="text/javascript")
    # Browsers check for a new worker on every visit; never let a cache hide one.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest."""
    return send_from_directory(PWA_DIR, "manifest.webmanifest", max_age=0,
                               mimetype="application/manifest+json")


@bp.after_app_request
def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        # Served over HTTPS: browsers must never fall back to plain HTTP, which would expose
        # the session cookie on the school's Wi-Fi.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
