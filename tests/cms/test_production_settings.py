"""Production settings pass Django's deployment checklist and refuse unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_prints_no_warning():
    result = manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="patients.example.org",
        WAGTAILADMIN_BASE_URL="https://patients.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_ALLOWED_HOSTS": "patients.example.org"},
        {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "patients.example.org"},
        {"DJANGO_SECRET_KEY": "s" * 60},
        {"DJANGO_SECRET_KEY": "s" * 60, "DJANGO_ALLOWED_HOSTS": "patients.example.org"},
        {
            "DJANGO_SECRET_KEY": "s" * 60,
            "DJANGO_ALLOWED_HOSTS": "patients.example.org",
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000",
        },
    ],
    ids=["no-secret", "weak-secret", "no-hosts", "no-public-address", "loopback-address"],
)
def test_production_refuses_to_start_without_secret_hosts_or_public_address(env):
    result = manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_a_server_error_leaves_its_traceback_on_stderr():
    """Django alone e-mails a 500's traceback to ADMINS (none here) and prints nothing."""
    code = (
        "import logging; "
        "logging.getLogger('django.request').error("
        "'Internal Server Error: /x/', exc_info=(ValueError, ValueError('boom-42'), None))"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="patients.example.org",
        WAGTAILADMIN_BASE_URL="https://patients.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "ERROR django.request Internal Server Error: /x/" in result.stderr
    assert "ValueError: boom-42" in result.stderr
