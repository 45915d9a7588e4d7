"""Helpers for the sign-in tests."""

import re

PASSWORD = "a-long-test-password"
ARGON2_FIRST = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2PasswordHasher",
                "django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/sign-in/", {"username": username, "password": password, "next": ""}, **extra)


def without_tokens(html: str) -> str:
    """A page with its per-request values (CSRF token, CSP nonce) blanked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)
