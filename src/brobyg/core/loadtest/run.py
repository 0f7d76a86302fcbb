"""`brobyg bench load`: a bounded load run against a production server process on 127.0.0.1.

Starts gunicorn with production settings (DEBUG off) on the current database, runs the Locust scenario headless,
and prints throughput, p50/p95/p99 and errors per request kind and in total.
"""
from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer at {url}")


def run_load(out, options) -> None:
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        out.write("Locust is not installed: .venv/bin/pip install 'locust>=2.30,<3'\n")
        return
    users = int(options.get("users", 100))
    duration = options.get("duration", "5m")
    workers = int(options.get("workers", 3))
    threads = int(options.get("threads", 4))
    port = int(options.get("port", 8765))
    bindir = Path(sys.executable).parent
    data_dir = Path(tempfile.mkdtemp(prefix="brobyg-load-"))
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1",
           "INSECURE_COOKIES": "1", "BROBYG_DATA_DIR": str(data_dir), "BROBYG_TESTING": "0",
           "DJANGO_SETTINGS_MODULE": "brobyg.settings", "LOG_LEVEL": "ERROR",
           # The simulated users log in with the demo password only; the second factor is not what is measured.
           "BROBYG_2FA_ROLES": "none"}
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and "DATABASE_URL" not in env:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    subprocess.run([str(bindir / "brobyg"), "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [str(bindir / "gunicorn"), "brobyg.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "-k", "gthread",
         "--threads", str(threads), "--keep-alive", "10", "--log-level", "warning"], env=env, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        out.write(f"Load: {users} users for {duration} against gunicorn ({workers} workers × {threads} threads), "
                  f"database {db['ENGINE'].rsplit('.', 1)[-1]}\n")
        prefix = data_dir / "locust"
        subprocess.run(
            [str(bindir / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "-u", str(users), "-r", str(max(1, users // 50)), "-t", duration, "--host", f"http://127.0.0.1:{port}",
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _report(out, Path(f"{prefix}_stats.csv"), Path(f"{prefix}_failures.csv"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def _report(out, stats_path: Path, failures_path: Path) -> None:
    rows = list(csv.DictReader(stats_path.open()))
    out.write(f"{'request':<52}{'count':>8}{'fail':>6}{'rps':>8}{'p50':>7}{'p95':>7}{'p99':>7}  (ms)\n")
    for row in rows:
        out.write(f"{row['Name'][:51]:<52}{row['Request Count']:>8}{row['Failure Count']:>6}"
                  f"{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}\n")
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    if total:
        p95 = float(total["95%"])
        out.write(f"\nThroughput {float(total['Requests/s']):.1f} req/s, errors {total['Failure Count']}, "
                  f"p95 {p95:.0f} ms — target 0 errors and p95 ≤ 300 ms: "
                  f"{'OK' if int(total['Failure Count']) == 0 and p95 <= 300 else 'MISSED'}\n")
    if failures_path.exists():
        for row in list(csv.DictReader(failures_path.open()))[:10]:
            out.write(f"  failure: {row['Method']} {row['Name']}: {row['Error'][:120]} × {row['Occurrences']}\n")
