"""Run `pip-audit --strict` on the project's environment and say plainly what it found.

pip-audit without --strict skips a dependency it cannot look up and still exits 0, so an
unreachable vulnerability database reads as "clean". Here:
  exit 0  every dependency was checked and none has a known vulnerability;
  exit 1  known vulnerabilities (listed);
  exit 2  NOT CHECKED: the vulnerability database could not be reached (never reported as clean).
"""
import json
import subprocess  # nosec B404  # runs pip-audit, a fixed command without a shell
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        run = subprocess.run(  # nosec B603  # fixed argument list, no shell
            [sys.executable, "-m", "pip_audit", "--strict", "--progress-spinner", "off",
             "--format", "json", "--output", str(report), *sys.argv[1:]],
            capture_output=True, text=True, timeout=900)
        found = json.loads(report.read_text()) if report.exists() else None
    if run.returncode == 0 and found is not None:
        print(f"pip-audit: clean ({len(found['dependencies'])} dependencies checked)")
        return 0
    vulnerable = [d for d in (found or {}).get("dependencies", []) if d.get("vulns")]
    if vulnerable:
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
        print(f"pip-audit: VULNERABLE ({len(vulnerable)} dependencies)")
        return 1
    reason = next((line for line in (run.stderr + run.stdout).splitlines() if line.strip()),
                  "no answer")
    print(f"pip-audit: NOT CHECKED (vulnerability database unreachable)\n  {reason}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
