"""Browser tests: real chromium (Debian's) through Playwright, against a real server on a file database.

The server is a gunicorn subprocess on a free 127.0.0.1 port, serving a temporary SQLite database that
was migrated and loaded with the small JWCU replica (`manage.py load_replica --scale small`), so the
browser logs in as the demo personas through the real login form.

These tests run only when asked for (`pytest -m browser`, as .ci/run does); a plain `make test` skips
them. Set TOMONI_BROWSER_REQUIRED=1 to turn a missing chromium into a failure rather than a skip.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("TOMONI_SCREENSHOTS", Path(tempfile.gettempdir()) / "tomoni-browser"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERVER_START_SECONDS = 60
# The environment of the running server (its database), for setup that has no page of its own.
_SERVER_ENV: dict[str, str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests unless the run selected them with `-m browser`."""
    markexpr = config.option.markexpr or ""
    if "browser" in markexpr and "not browser" not in markexpr:
        return
    skip = pytest.mark.skip(reason="browser tests run with `pytest -m browser` (see .ci/run)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass(frozen=True)
class Persona:
    """A demo login and where, in the replica, its scope starts."""

    key: str
    login: str
    password: str


@dataclass(frozen=True)
class Replica:
    """What the browser tests need to know of the loaded data: logins and the codes of the seed's places."""

    staff: Persona
    officer: Persona
    auditor: Persona
    manager: Persona
    member: Persona
    support: Persona
    coop_code: str
    centre_code: str
    other_centre_code: str


def _manage(env: dict[str, str], *args: str, log: Path) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=True
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_serving(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"the server did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()[-4000:]}")


def _replica() -> Replica:
    from tomoni.demo import data, personas  # the logins `make demo` prints, and the seed's places

    def persona(key: str) -> Persona:
        return Persona(key, personas.USERNAMES[key], personas.DEMO_PASSWORD)

    return Replica(
        staff=persona(personas.FEDERATION_STAFF),
        officer=persona(personas.CWC_OFFICER),
        auditor=persona(personas.CWC_AUDITOR),
        manager=persona(personas.AJISAI_MANAGER),
        member=persona(personas.AJISAI_MEMBER),
        support=persona(personas.AJISAI_SUPPORT),
        coop_code=data.AJISAI.coop,
        centre_code=data.AJISAI.code,
        other_centre_code=data.WEST_NARA.code,
    )


@pytest.fixture(scope="session")
def replica() -> Replica:
    return _replica()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a gunicorn server on a migrated database holding the small replica."""
    workdir = tmp_path_factory.mktemp("browser-server")
    log = workdir / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_BROKER_URL", None)  # jobs run in-process, as in the embedded default
    _manage(env, "migrate", "--noinput", "-v0", log=log)
    _manage(env, "load_replica", "--scale", "small", "--no-progress", log=log)
    _SERVER_ENV.update(env, TOMONI_SERVER_LOG=str(log))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def on_server(code: str) -> str:
    """Run Python in `manage.py shell` on the server's database and return what it prints.

    For setup the pages cannot do (a participant's support plan is drawn up for someone new only): the code
    writes through the services, as a test's setup does, so the records are audited as any other.
    """
    if not _SERVER_ENV:
        pytest.fail("on_server() needs the `server` fixture first")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_SERVER_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"manage.py shell failed:\n{done.stderr[-4000:]}")
    return done.stdout


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (never `playwright install`)"
        if os.environ.get("TOMONI_BROWSER_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def sessions() -> dict[str, Any]:
    """Storage states of personas logged in once through the login form, keyed by persona key."""
    return {}


class Site:
    """Opens pages as a persona, in a language, at a screen size."""

    def __init__(self, browser: Any, server: str, replica: Replica, sessions: dict[str, Any]) -> None:
        self.browser = browser
        self.url = server
        self.replica = replica
        self.sessions = sessions
        self._contexts: list[Any] = []

    def page(
        self,
        persona: Persona | None = None,
        *,
        language: str = "ja",
        width: int = 1280,
        height: int = 900,
    ) -> Any:
        """A new page in its own browser context; logged in as `persona` (once per run, by the form)."""
        options: dict[str, Any] = {
            "viewport": {"width": width, "height": height},
            "locale": "ja-JP" if language == "ja" else "en-GB",
        }
        if width < 600:
            options |= {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
        if persona is not None:
            if persona.key not in self.sessions:
                self.sessions[persona.key] = self._log_in(persona)
            options["storage_state"] = self.sessions[persona.key]
        context = self.browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "django_language", "value": language, "url": self.url}])
        self._contexts.append(context)
        return context.new_page()

    def _log_in(self, persona: Persona) -> Any:
        context = self.browser.new_context(locale="ja-JP")
        try:
            page = context.new_page()
            log_in(page, self.url, persona)
            return context.storage_state()
        finally:
            context.close()

    def close(self) -> None:
        for context in self._contexts:
            with contextlib.suppress(Exception):
                context.close()


def log_in(page: Any, base_url: str, persona: Persona) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login", persona.login)
    page.fill("#id_password", persona.password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{persona.login} could not log in: {page.inner_text('main')[:500]}"


@pytest.fixture
def site(browser: Any, server: str, replica: Replica, sessions: dict[str, Any]) -> Iterator[Site]:
    opened = Site(browser, server, replica, sessions)
    yield opened
    opened.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (from npm) in the page; return its WCAG 2.2 A/AA violations."""
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as lines a person can act on: rule, impact, and the first few elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
