"""Argon2id hashing with upgrade at sign-in; the password rules; identical failures."""

import pytest
from django.contrib.auth import hashers
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from lantern.settings import base
from lantern.staff.factories import UserFactory

from .helpers import ARGON2_FIRST, PASSWORD, sign_in, without_tokens

pytestmark = pytest.mark.django_db


def test_the_settings_hash_new_passwords_with_argon2id():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = hashers.make_password("correct horse battery staple")
        assert encoded.startswith("argon2$argon2id$")
        assert hashers.check_password("correct horse battery staple", encoded)


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_an_older_hash_is_upgraded_to_argon2id_at_the_next_sign_in(client):
    user = UserFactory(username="oldhash")
    user.password = hashers.make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = sign_in(client, "oldhash")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_a_wrong_password_leaves_the_older_hash_alone(client):
    user = UserFactory(username="oldhash")
    user.password = old = hashers.make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    assert sign_in(client, "oldhash", "not-the-password-at-all").status_code == 200

    user.refresh_from_db()
    assert user.password == old


@pytest.mark.parametrize("weak, why", [
    ("short-pass1", "at least 12 characters"),
    ("password1234", "too common"),
    ("qwerty123456", "too common"),
    ("1qaz2wsx3edc", "too common"),
])
def test_weak_passwords_are_refused(weak, why):
    with pytest.raises(ValidationError) as refused:
        validate_password(weak)
    assert why in " ".join(refused.value.messages)


@pytest.mark.parametrize("fine", ["lantern-demo-2026", "correct horse battery", "alllowercaseletters"])
def test_long_uncommon_passwords_need_no_mix_of_characters(fine):
    validate_password(fine)  # no composition rules: no digits, capitals or symbols required


def test_the_demo_password_meets_the_rules():
    from lantern.seed.staffing import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD)


def test_an_unknown_user_and_a_wrong_password_get_the_same_page(client):
    UserFactory(username="known")

    unknown = sign_in(client, "nobody-has-this-name")
    wrong = sign_in(client, "known", "not-the-password-at-all")

    assert unknown.status_code == wrong.status_code == 200
    html_unknown, html_wrong = without_tokens(unknown.content.decode()), without_tokens(wrong.content.decode())
    assert "Enter a correct username and password" in html_wrong
    assert html_unknown.replace('value="nobody-has-this-name"', 'value=""') == \
        html_wrong.replace('value="known"', 'value=""')


def test_an_inactive_account_gets_the_same_page_as_a_wrong_password(client):
    UserFactory(username="left", is_active=False)
    UserFactory(username="here")

    closed = sign_in(client, "left")
    wrong = sign_in(client, "here", "not-the-password-at-all")

    assert without_tokens(closed.content.decode()).replace('value="left"', 'value=""') == \
        without_tokens(wrong.content.decode()).replace('value="here"', 'value=""')


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_an_unknown_user_costs_one_argon2_hash_like_a_wrong_password(client, monkeypatch):
    """The two failures take alike time because each runs Argon2 once (ModelBackend hashes
    the password typed for a username no account has)."""
    import argon2

    UserFactory(username="known")
    runs = []
    real_hash, real_verify = argon2.low_level.hash_secret, argon2.PasswordHasher.verify
    monkeypatch.setattr(argon2.low_level, "hash_secret",
                        lambda *a, **k: runs.append("hash") or real_hash(*a, **k))
    monkeypatch.setattr(argon2.PasswordHasher, "verify",
                        lambda self, *a, **k: runs.append("verify") or real_verify(self, *a, **k))

    sign_in(client, "nobody-has-this-name")
    unknown, runs[:] = list(runs), []
    sign_in(client, "known", "not-the-password-at-all")

    assert unknown == ["hash"]
    assert runs == ["verify"]
