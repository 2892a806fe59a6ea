"""The production profile refuses unsafe settings; the default profile needs no setup."""

import os
import secrets
import subprocess
import sys

import pytest


def run_check(**env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process; a deployment has none.
    unset = {"DEBUG", "SECRET_KEY", "OCOP_PROFILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ocop.manage", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1", "SECRET_KEY": secrets.token_urlsafe(50)}, "refuses DEBUG"),
        ({"DEBUG": "0"}, "needs a real SECRET_KEY"),
    ],
)
def test_production_profile_refuses_debug_and_the_development_key(env, message):
    result = run_check(OCOP_PROFILE="production", ALLOWED_HOSTS="ocop.example.vn", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_profile_passes_the_deployment_checks_when_configured():
    result = run_check(
        OCOP_PROFILE="production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ocop.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
