"""Serve the real app with gunicorn on a free localhost port, on a migrated demo database."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str, photo_dir: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "backend",
           "SECRET_KEY": "e2e-secret", "PHOTO_DIR": photo_dir}
    env.pop("REDIS_URL", None)
    return env


def flask(database_url: str, photo_dir: str, *command: str) -> str:
    """Run a `flask` command of the app on the served database; return what it printed."""
    return subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, check=True,
                          env=_env(database_url, photo_dir), capture_output=True, text=True).stdout


@contextmanager
def live_server(database_url: str, photo_dir: str, access_log: str | None = None):
    """Migrate, load the demo school, serve; yield the base URL."""
    env = _env(database_url, photo_dir)
    flask(database_url, photo_dir, "db", "upgrade")
    flask(database_url, photo_dir, "demo", "load")
    port = _free_port()
    logging = ["--access-logfile", access_log, "--access-logformat", "%(m)s %(U)s %(s)s %({content-length}o)s"] \
        if access_log else []
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         *logging, "backend:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(10)
