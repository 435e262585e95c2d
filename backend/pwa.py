"""Serve the phone app (plain files, no build step) and the security headers."""
from pathlib import Path

from flask import Blueprint, send_from_directory

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"

bp = Blueprint("pwa", __name__, static_folder=str(PWA_DIR / "static"), static_url_path="/static")

CSP = ("default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


@bp.get("/")
def index():
    """Serve the app shell."""
    return send_from_directory(PWA_DIR, "index.html", max_age=0)


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
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
