"""Production settings, checked in a subprocess with a controlled environment (no DEBUG, no pytest)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROD_HOST = "portal.example.gov.cn"


@pytest.fixture
def run_manage(tmp_path):
    """Run manage.py with only the given variables (plus PATH/HOME), as a production host would:
    no PYTEST_VERSION (settings read it as "testing"), no DEBUG, its own var/ directory."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
        base["LIAISON_VAR_DIR"] = str(tmp_path / "var")
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=Path(settings.BASE_DIR),
            env=base | env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def production_env(**overrides) -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": PROD_HOST} | overrides


def test_production_refuses_to_start_without_a_secret_key(run_manage, tmp_path):
    result = run_manage("check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off (production)." in result.stderr
    assert not (tmp_path / "var" / "dev-secret-key").exists()  # no key made up behind the operator's back


def test_production_settings_pass_the_deploy_check_with_no_warnings(run_manage):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "check_id"),
    [
        (production_env(SECRET_KEY="too-short"), "security.W009"),
        (production_env(DEBUG="1"), "security.W018"),
        (production_env(SESSION_COOKIE_SECURE="0"), "security.W012"),
        ({"SECRET_KEY": secrets.token_urlsafe(50)}, "security.W020"),  # ALLOWED_HOSTS missing
    ],
    ids=["weak-key", "debug-on", "insecure-cookie", "no-allowed-hosts"],
)
def test_the_deploy_check_catches_a_weakened_setting(run_manage, env, check_id):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert check_id in result.stderr


def test_development_starts_without_a_secret_key_and_keeps_one_under_var(run_manage, tmp_path):
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "var" / "dev-secret-key").read_text().strip()) >= 50
