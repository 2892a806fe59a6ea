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


def test_production_profile_refuses_a_secret_key_shorter_than_50_characters():
    result = run_check(
        OCOP_PROFILE="production", DEBUG="0", SECRET_KEY="k" * 49, ALLOWED_HOSTS="ocop.example.vn"
    )
    assert result.returncode != 0
    assert "50+ characters" in result.stderr


@pytest.mark.parametrize("profile", ["development", "production"])
def test_both_profiles_send_a_content_security_policy(profile):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print([str(v) for v in settings.SECURE_CSP['script-src']], "
        "'django.middleware.csp.ContentSecurityPolicyMiddleware' in settings.MIDDLEWARE)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "OCOP_PROFILE"}}
    environment.update(
        OCOP_PROFILE=profile,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ocop.example.vn",
        DJANGO_SETTINGS_MODULE="ocop.settings",
    )
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
    assert result.stdout.strip() == "[\"'self'\"] True", result.stderr
