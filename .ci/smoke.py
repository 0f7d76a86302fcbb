"""CI smoke step: a fresh clone of this commit starts with `make run`, and every demo user gets in.

Clones the commit into a temporary folder, runs `make run` there in the background (its own process group),
waits for /healthz, loads the front page, logs in as each demo user named in the README and gets their home page
with 200, then stops the server it started. Nothing here is made by hand first: no var/, no venv, no database.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 300  # seconds for venv, install, migrate and demo data on a busy two-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_logins() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"The demo logins.*?\(site administrator\)", text, re.S)
    assert sentence, "README: the sentence listing the demo logins is missing"
    return re.findall(r"`([a-z-]+)`", sentence.group(0))


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def get(open_, url):
    with open_.open(url, timeout=30) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def login(base: str, username: str, password: str) -> tuple[int, str, str]:
    open_, jar = opener()
    status, _, page = get(open_, f"{base}/accounts/login/")
    assert status == 200, f"login page answered {status}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password,
                                   "next": "/"}).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/"})
    with open_.open(request, timeout=30) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def main() -> int:
    started = time.monotonic()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="brobyg-smoke-") as tmp:
        clone = Path(tmp) / "brobyg"
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "BROBYG_DATA_DIR", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}}
        log_path = Path(tmp) / "make-run.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if server.poll() is not None:
                    raise AssertionError(f"`make run` stopped with exit code {server.returncode}")
                try:
                    status, _, _ = get(urllib.request.build_opener(), f"{base}/healthz")
                    if status == 200:
                        break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"/healthz did not answer within {START_TIMEOUT} s")
                time.sleep(1)
            print(f"smoke: make run serves {base} after {time.monotonic() - started:.0f} s")
            status, _, page = get(urllib.request.build_opener(), f"{base}/")
            assert status == 200 and "Brobyg" in page, f"front page answered {status}"

            output = log_path.read_text()
            password = re.search(r"Demo logins \(password for all: (\S+)\)", output)
            assert password, "make run did not print the demo logins"
            printed = set(re.findall(r"^  (\S+)\s", output[password.end():], re.M))
            wanted = readme_logins()
            assert set(wanted) <= printed, f"README logins not printed by make run: {set(wanted) - printed}"
            for username in wanted:
                status, url, page = login(base, username, password.group(1))
                path = urllib.parse.urlparse(url).path
                assert status == 200 and not path.startswith("/accounts/login"), \
                    f"{username}: login ended at {path} ({status})"
                assert 'action="/accounts/logout/"' in page or "logout" in page, f"{username}: not logged in"
                print(f"smoke: {username:<16} home page {status} at {path}")
        except BaseException:
            print("--- make run output (last lines) ---")
            print("\n".join(log_path.read_text().splitlines()[-40:]))
            raise
        finally:
            try:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    print(f"smoke: passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
