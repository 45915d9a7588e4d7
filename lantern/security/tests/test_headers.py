"""Cookies and headers on real responses, with the production settings' security values;
`check --deploy` clean for the production settings; no-store on every page."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import get_resolver

from lantern.access.tests.test_url_access import _url, _walk
from lantern.staff.factories import UserFactory

from .helpers import sign_in

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {"SECRET_KEY": "prod-like-" + "k7Qw9zR2xLp4vN8mT3bY6cJ1hF5dS0gA" * 2,
                  "DATABASE_URL": "postgres://lantern@127.0.0.1:5432/lantern",
                  "ALLOWED_HOSTS": "lantern.council.example"}
SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME",
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_EXPIRE_AT_BROWSER_CLOSE",
]


@pytest.fixture
def production(monkeypatch):
    """The production settings' security values, over the test settings."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    importlib.reload(importlib.import_module("lantern.settings.base"))
    module = importlib.reload(importlib.import_module("lantern.settings.production"))
    values = {name: getattr(module, name) for name in SECURITY_SETTINGS}
    with override_settings(**values):
        yield module


def test_production_turns_on_the_second_factor_and_a_year_of_hsts(production):
    assert production.LANTERN_REQUIRE_2FA is True
    assert production.SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS and production.SECURE_SSL_REDIRECT


def test_cookies_are_secure_httponly_and_samesite_in_production(client, production):
    UserFactory(username="worker")
    page = client.get("/sign-in/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Strict" and csrf["path"] == "/"

    signed_in = sign_in(client, "worker", secure=True)

    session = signed_in.cookies["__Host-sessionid"]
    assert signed_in.status_code == 302
    assert session["secure"] and session["httponly"] and session["samesite"] == "Strict"
    assert session["path"] == "/" and not session["domain"] and not session["expires"]


def test_plain_http_is_sent_to_https_with_hsts_on_https(client, production):
    plain = client.get("/sign-in/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/sign-in/"
    secure = client.get("/sign-in/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_every_page_sends_the_security_headers(client):
    response = client.get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_the_content_security_policy_has_a_fresh_nonce_that_the_scripts_carry(client):
    first, second = client.get("/sign-in/"), client.get("/sign-in/")
    policy = first["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]{22,})'", directives["script-src"]).group(1)
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script[^>]*>", first.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert nonce not in second["Content-Security-Policy"]


def test_check_deploy_is_clean_for_the_production_settings():
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "lantern.settings.production"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def _fill(route, world, contact, assessment, step_down, plans):
    """The URL with the access test's sample values; a parameter it has none for gets 0."""
    try:
        return _url(route, world, world.child, contact, assessment, step_down=step_down, plans=plans)
    except AssertionError:
        return re.sub(r"<[^>]+>", "0", "/" + route.replace("<int:child_id>", str(world.child.pk)))


@pytest.mark.parametrize("role", ["senior_leader", "social_worker", "team_manager"])
def test_every_page_is_no_store(client, world, contact, assessment, step_down, plans, role):
    client.force_login(world.users[role])
    client.raise_request_exception = False  # a page that fails must still say no-store
    pages = 0
    for name, route in _walk(get_resolver().url_patterns):
        response = client.get(_fill(route, world, contact, assessment, step_down, plans))
        assert response["Cache-Control"] == "no-store", f"{name} as {role}"
        pages += response.status_code == 200
    assert pages >= 20
