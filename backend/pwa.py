"""Serve the phone app (plain files, no build step) and the security headers."""
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

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
    if current_app.config["SESSION_COOKIE_SECURE"]:
        # Served over HTTPS: browsers must never fall back to plain HTTP, which would expose
        # the session cookie on the school's Wi-Fi.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
