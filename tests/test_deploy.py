"""`manage.py check --deploy` is clean under production settings, and refuses the development defaults."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment the README's Deploy section asks for."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "tomoni.example.jp",
        "CSRF_TRUSTED_ORIGINS": "https://tomoni.example.jp",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_COOKIES": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": "sqlite:///:memory:",
        "CACHE_URL": "redis://127.0.0.1:6379/1",  # named, not reached: the check does not connect
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value != ""}


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_check_is_clean_under_production_settings() -> None:
    result = deploy_check(production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_refuses_the_development_secret_key() -> None:
    env = production_env()
    del env["SECRET_KEY"]

    result = deploy_check(env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_the_deploy_check_asks_for_a_key_of_its_own_for_special_care_data() -> None:
    env = production_env()
    del env["FIELD_ENCRYPTION_KEY"]

    result = deploy_check(env)

    assert result.returncode != 0
    assert "tomoni.W001" in result.stderr + result.stdout


def test_the_deploy_check_refuses_plain_http_cookies() -> None:
    result = deploy_check(production_env(SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0"))

    assert result.returncode != 0
    assert "security.W012" in result.stderr + result.stdout  # SESSION_COOKIE_SECURE
    assert "security.W008" in result.stderr + result.stdout  # SECURE_SSL_REDIRECT


def test_the_deploy_check_asks_for_a_shared_cache_for_the_login_lockout() -> None:
    env = production_env()
    del env["CACHE_URL"]

    result = deploy_check(env)

    assert result.returncode != 0
    assert "tomoni.W002" in result.stderr + result.stdout
