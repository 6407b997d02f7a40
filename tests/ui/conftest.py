"""Browser tests of Capstan's web UI: a real `capstan serve`, a real Docker engine, Debian's Chromium.

The caller provides the engine and the binary (scripts/lib/ui-tests.sh does, from scripts/test):
  CAPSTAN_BIN               the capstan executable
  CAPSTAN_TEST_DOCKER_HOST  the engine (unix://…/docker.sock)
  CAPSTAN_TEST_IMAGE        an image holding busybox (default capstan-test/busybox:latest)
  CAPSTAN_CHROMIUM          the browser (default /usr/bin/chromium)
Screenshots go to .test-artifacts/ui/.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

REPO = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".test-artifacts" / "ui"
IMAGE = os.environ.get("CAPSTAN_TEST_IMAGE", "capstan-test/busybox:latest")
RUN_ID = secrets.token_hex(3)
# One user per role, created with `capstan user add` in each server's own database before it starts.
USERS = {"admin": "ui-admin", "operator": "ui-operator", "viewer": "ui-viewer"}
PASSWORD = "correct horse battery"


def _require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run the UI tests through scripts/lib/ui-tests.sh (capstan_ui_tests)", returncode=2)
    return value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `capstan serve` process on a loopback port; can be stopped and started again on that port."""

    def __init__(self, name: str, vendor_dir: str | None = None, users: bool = True, node_modules_dir: str | None = None):
        self.binary = _require("CAPSTAN_BIN")
        self.data_dir = tempfile.mkdtemp(prefix=f"capstan-ui-{name}-")
        self.tokens: dict[str, dict] = {}
        self.docker_host = _require("CAPSTAN_TEST_DOCKER_HOST")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.vendor_dir = vendor_dir
        self.node_modules_dir = node_modules_dir
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"server-{name}.log"
        self.log_path.write_text("")
        self.process: subprocess.Popen | None = None
        if users:
            for role, user in USERS.items():
                subprocess.run([self.binary, "user", "add", "--role", role, "--password-stdin", "--data-dir", self.data_dir, user],
                               input=PASSWORD + "\n", text=True, check=True, capture_output=True)

    def start(self) -> None:
        args = [self.binary, "serve", "--port", str(self.port), "--docker-host", f"local={self.docker_host}",
                "--ui-dir", str(REPO / "ui"), "--data-dir", self.data_dir, "--log-level", "notice"]
        if self.vendor_dir:
            args += ["--vendor-dir", self.vendor_dir]
        if self.node_modules_dir:
            args += ["--node-modules-dir", self.node_modules_dir]
        log = open(self.log_path, "a")
        log.write(f"--- start {time.strftime('%H:%M:%S')}: {' '.join(args)}\n")
        log.flush()
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"capstan serve exited with {self.process.returncode}; see {self.log_path}")
            try:
                if self.request("GET", "/readyz", auth=False)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"capstan serve did not become ready on {self.url}; see {self.log_path}")

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def setup_token(self) -> str | None:
        """The one-time token a server without users prints at start (None until it did)."""
        tokens = re.findall(r"token: (\S+)", self.log_path.read_text())
        return tokens[-1] if tokens else None

    # Auth ---------------------------------------------------------------------------------------

    def login(self, role: str = "admin") -> dict:
        """A fresh token pair for the user of `role` (each browser tab needs its own: refresh tokens rotate)."""
        status, _, body = self.request("POST", "/api/v1/auth/login", {"name": USERS[role], "password": PASSWORD}, auth=False)
        assert status == 200, f"login as {role} answered {status}: {body[:200]!r}"
        return json.loads(body)

    def bearer(self, role: str = "admin") -> str:
        if role not in self.tokens or self.tokens[role]["at"] < time.monotonic() - 600:
            self.tokens[role] = {"pair": self.login(role), "at": time.monotonic()}
        return self.tokens[role]["pair"]["accessToken"]

    # REST ---------------------------------------------------------------------------------------

    def request(self, method: str, path: str, body=None, headers=None, timeout=30, auth="admin"):
        """(status, headers, body bytes) — no exception for HTTP error statuses. Signed in as `auth` (a role) unless False."""
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(headers or {})
        if auth and path.startswith("/api/") and not path.startswith("/api/v1/auth/"):
            headers.setdefault("Authorization", f"Bearer {self.bearer(auth)}")
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def api(self, method: str, path: str, body=None, **query):
        query = {k: v for k, v in query.items() if v is not None}
        full = f"/api/v1/engines/local{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        status, _, payload = self.request(method, full, body)
        if status >= 300:
            raise AssertionError(f"{method} {full} answered {status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None

    def api_root(self, method: str, path: str, body=None, **query):
        """Like ``api`` for any path under the server (`/api/v1/audit`, …)."""
        query = {k: v for k, v in query.items() if v is not None}
        full = path + (f"?{urllib.parse.urlencode(query)}" if query else "")
        status, _, payload = self.request(method, full, body)
        if status >= 300:
            raise AssertionError(f"{method} {full} answered {status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None

    def run_container(self, name: str, script: str, labels: dict | None = None, start: bool = True) -> str:
        """Creates (and starts) a busybox container running `sh -c script` through Capstan's API."""
        body = {"Image": IMAGE, "Cmd": ["sh", "-c", script], "Labels": labels or {}}
        created = self.api("POST", "/containers", body, name=name)
        if start:
            self.api("POST", f"/containers/{created['id']}/start")
        return created["id"]

    def remove_ours(self) -> None:
        for c in self.api("GET", "/containers"):
            if c["name"].startswith(f"uit-{RUN_ID}-"):
                self.request("DELETE", f"/api/v1/engines/local/containers/{c['id']}?force=true")


def container_name(suffix: str) -> str:
    return f"uit-{RUN_ID}-{suffix}"


@pytest.fixture(scope="session")
def server():
    s = Server("main")
    s.start()
    yield s
    try:
        s.remove_ours()
    finally:
        s.close()


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CAPSTAN_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


def sign_in(tab, server: Server, role: str = "admin") -> None:
    """Gives the tab the tokens of `role` on `server` before any page script runs (as a sign-in would)."""
    pair = server.login(role)
    tab.context.add_init_script(
        f"sessionStorage.setItem('capstan.accessToken', {json.dumps(pair['accessToken'])});"
        f"localStorage.setItem('capstan.refreshToken', {json.dumps(pair['refreshToken'])});"
    )


@pytest.fixture
def anonymous_page(browser, request):
    """A fresh browser tab (1440×900, light by default) with no tokens; fails the test on any uncaught error."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(anonymous_page, server):
    """A tab signed in as the admin of the session's server (tests with a server of their own sign in again)."""
    sign_in(anonymous_page, server, "admin")
    return anonymous_page


def screenshot(page, name: str) -> pathlib.Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_live(page, timeout=20_000):
    page.wait_for_selector('#conn[data-state="live"]', timeout=timeout)


def eventually(condition, timeout=10.0, interval=0.05, message="condition", describe=None):
    """Waits for `condition()` to be truthy; on timeout, fails with the last value (and `describe()`, what to look at)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    detail = f"; {describe()!r}" if describe else ""
    raise AssertionError(f"{message} not met within {timeout} s (last value: {last!r}){detail}")
