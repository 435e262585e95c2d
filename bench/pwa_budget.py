"""What the phone app costs on the wire: first visit, and a repeat visit from the service worker.

Run: .venv/bin/python bench/pwa_budget.py

Serves the demo school with gunicorn (access log on), opens the app in Debian's Chromium at
360 × 740, and counts from the server's log what crossed the network for the shell (HTML, CSS,
JS, manifest, icons; not /api). The floor, measured in the same run, is the shell's size on
disk gzip-compressed: what one download of each file would cost with compression on.
"""
import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from backend.pwa import PWA_DIR, shell_files  # noqa: E402
from bench.targets import report, target  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.live_server import live_server  # noqa: E402
BUDGET_KB = 150  # first visit, compressed (issue 6)


def shell_path(url: str) -> Path:
    if url == "/":
        return PWA_DIR / "index.html"
    if url.startswith("/static/"):
        return PWA_DIR / "static" / url.removeprefix("/static/")
    return PWA_DIR / url.lstrip("/")


def served(log: Path, start: int) -> list[tuple[str, str, int]]:
    """(path, status, bytes) of every non-API request logged after line `start`."""
    rows = []
    for line in log.read_text().splitlines()[start:]:
        method, path, status, size = line.split()
        if not path.startswith("/api/"):
            rows.append((path, status, 0 if size == "-" else int(size)))
    return rows


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        log = Path(tmp) / "access.log"
        with live_server(f"sqlite:///{tmp}/bench.sqlite3", tmp, str(log)) as base:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(base_url=base, viewport={"width": 360, "height": 740})
            page = context.new_page()
            page.goto("/")
            page.get_by_role("button", name="登录").wait_for()
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_load_state("networkidle")
            first = served(log, 0)
            mark = len(log.read_text().splitlines())
            page.reload()
            page.get_by_role("button", name="登录").wait_for()
            page.wait_for_load_state("networkidle")
            repeat = served(log, mark)
            browser.close()

    files = shell_files()
    raw = sum(shell_path(u).stat().st_size for u in files)
    floor = sum(len(gzip.compress(shell_path(u).read_bytes(), 9)) for u in files)
    wire = sum(size for _, _, size in first)
    # What the first visit would cost compressed: each shell response gzip-compressed.
    compressed = sum(len(gzip.compress(shell_path(path.split("?")[0]).read_bytes(), 9))
                     for path, status, _ in first if status == "200" and path != "/sw.js") + \
        sum(size for path, _, size in first if path == "/sw.js")
    shell_repeat = [r for r in repeat if r[0] != "/sw.js"]
    print(f"shell: {len(files)} files, {raw / 1024:.1f} KB on disk, {floor / 1024:.1f} KB gzip (floor)")
    print(f"first visit: {len(first)} requests, {wire / 1024:.1f} KB as served (uncompressed), "
          f"{compressed / 1024:.1f} KB if gzip-compressed")
    print(f"repeat visit: {len(shell_repeat)} shell requests "
          f"({len(repeat) - len(shell_repeat)} service-worker update check)")
    print(f"first visit / floor: {compressed / floor:.2f}")
    return report([
        target("first_visit_compressed_kb", compressed / 1024, "<=", BUDGET_KB, digits=1),
        target("first_visit_uncompressed_kb", wire / 1024, "<=", BUDGET_KB, digits=1),
        target("repeat_visit_shell_requests", len(shell_repeat), "<=", 0)])


if __name__ == "__main__":
    sys.exit(main())
