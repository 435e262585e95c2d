"""Servers for the load and fault benchmarks: gunicorn on a demo database, throwaway PostgreSQL.

The PostgreSQL here is a private instance (initdb in a temporary folder, its own port), so that
restarting it never disturbs anyone else using the machine's PostgreSQL.
"""
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess  # nosec B404  # starts our own servers with fixed argument lists
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env=None, user=None) -> str:
    """Run a command (as `user` when we are root), failing loudly with its output."""
    if user and os.geteuid() == 0:
        args = ["runuser", "-u", user, "--", *map(str, args)]
    command = list(map(str, args))  # our own fixed commands, never a shell
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # nosec B603
    if done.returncode:
        raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Postgres:
    """A throwaway PostgreSQL 15 cluster on a spare port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="xunke-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")  # postgres refuses to run as root
        run([PG_BIN / "initdb", "-D", self.dir / "data", "-U", "postgres", "-A", "trust",
             "--no-sync"], user="postgres")
        self.start()
        run([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "xunke"])
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/xunke"

    def _ctl(self, *args):
        run([PG_BIN / "pg_ctl", "-D", self.dir / "data", "-w", "-l", self.dir / "log", *args,
             "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on"],
            user="postgres")

    def start(self):
        self._ctl("start")

    def restart(self):
        """Restart the server: every open connection is cut, as in a crash or failover."""
        self._ctl("restart", "-m", "immediate")

    def stop(self):
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def prepare_database(url: str, instance: Path) -> dict:
    """Migrate an empty database and load the demo school; return the environment to serve it."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32), "FLASK_APP": "backend",
           "PHOTO_DIR": str(instance / "photos")}
    run([BIN / "flask", "db", "upgrade"], env=env)
    run([BIN / "flask", "demo", "load"], env=env)
    return env


class Gunicorn:
    """gunicorn serving the app (or another WSGI app) with several workers, in its own process group."""

    def __init__(self, env: dict, workers: int = 4, app: str = "backend:create_app()"):
        self.env, self.workers, self.app, self.port = env, workers, app, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = Path(env["PHOTO_DIR"]).parent / "gunicorn.log"

    def start(self) -> float:
        """Start and wait until /health answers; return the seconds that took."""
        started = time.monotonic()
        self.process = subprocess.Popen(  # nosec B603
            [str(BIN / "gunicorn"), "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", self.app],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=self.log.open("a"))
        while time.monotonic() - started < 60:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:  # not listening yet, or still starting
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become healthy in 60 s")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no graceful shutdown, no cleanup."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def server_errors(self) -> list[str]:
        """What the app logged about failed requests: 503 warnings and tracebacks' last lines."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return re.findall(r"^(?:[\w.]+(?:Error|Exception)\b.*|.*\bin errors: .*)$", text, re.MULTILINE)

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == str(self.process.pid):  # fields[1] is the parent's pid
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> float:
        """Resident memory of the workers (children of the master), in MB."""
        total = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid) and "VmRSS" in fields:
                total += int(fields["VmRSS"].split()[0])
        return total / 1024
