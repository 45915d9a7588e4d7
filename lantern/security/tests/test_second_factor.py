"""The code from an authenticator app after the password."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.audit.models import AuditEvent, SecurityEvent, SecurityKind
from lantern.staff.factories import UserFactory

from .helpers import sign_in

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    """The device's current code, worked out from its key as the app would."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def worker():
    return UserFactory(username="worker")


@pytest.fixture
def device(worker):
    return TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_when_required_every_page_sends_a_signed_in_user_to_the_code_page(client, device):
    response = sign_in(client, "worker")
    assert response.status_code == 302
    page = client.get("/work/")
    assert page.status_code == 302 and page["Location"].startswith("/sign-in/code/?next=")
    assert client.get("/children/").status_code == 302
    code_page = client.get(page["Location"])
    assert code_page.status_code == 200 and "Enter your security code" in code_page.content.decode()


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_valid_code_lets_the_user_in_and_changes_the_session_key(client, device):
    sign_in(client, "worker")
    key_after_password = client.session.session_key

    response = client.post("/sign-in/code/", {"code": code_for(device), "next": "/work/"})

    assert response.status_code == 302 and response["Location"] == "/work/"
    assert client.session.session_key != key_after_password
    assert client.get("/work/").status_code == 200


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_code_works_only_once(client, device):
    sign_in(client, "worker")
    code = code_for(device)
    assert client.post("/sign-in/code/", {"code": code})["Location"] == "/work/"
    client.post("/sign-out/")

    sign_in(client, "worker")
    again = client.post("/sign-in/code/", {"code": code})

    assert again.status_code == 200 and "The security code is not right" in again.content.decode()


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_wrong_code_is_refused_and_recorded(client, device, worker):
    sign_in(client, "worker")
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post("/sign-in/code/", {"code": wrong})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Enter your security code" in html
    assert "The security code is not right" in html
    event = SecurityEvent.objects.get(kind=SecurityKind.SECOND_FACTOR_FAILED)
    assert event.user == worker and event.detail == "Wrong security code at sign-in"
    assert client.get("/work/").status_code == 302


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_user_without_an_app_is_sent_to_set_one_up_and_can(client, worker):
    sign_in(client, "worker")
    assert client.get("/work/")["Location"].startswith("/sign-in/code/")
    to_enrol = client.get("/sign-in/code/?next=/children/")
    assert to_enrol.status_code == 302 and to_enrol["Location"].startswith("/sign-in/authenticator-app/")

    page = client.get(to_enrol["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Set up an authenticator app" in html
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code', html)
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    secret = re.search(r'<code class="lantern-secret" id="secret">([A-Z2-7 ]+)</code>', html).group(1)
    import base64
    assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key

    done = client.post("/sign-in/authenticator-app/", {"code": code_for(device), "next": "/children/"})

    # Next, the offer of recovery codes, then on to where the user was going.
    assert done.status_code == 302 and done["Location"] == "/sign-in/recovery-codes/?next=%2Fchildren%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/children/").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityKind.SECOND_FACTOR_ENROLLED, user=worker).exists()
    assert AuditEvent.objects.filter(object_type="otp_totp.totpdevice", actor=worker).exists()


@override_settings(LANTERN_REQUIRE_2FA=False)
def test_off_by_default_but_asked_of_anyone_who_set_up_an_app(client, device):
    UserFactory(username="noapp")
    sign_in(client, "noapp")
    assert client.get("/work/").status_code == 200
    client.post("/sign-out/")

    sign_in(client, "worker")
    assert client.get("/work/")["Location"].startswith("/sign-in/code/")
    client.post("/sign-in/code/", {"code": code_for(device)})
    assert client.get("/work/").status_code == 200


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_someone_who_has_an_app_cannot_set_up_another_before_giving_a_code(client, device):
    sign_in(client, "worker")
    response = client.get("/sign-in/authenticator-app/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/code/")
    assert TOTPDevice.objects.filter(user=device.user).count() == 1


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_the_code_page_sends_nowhere_outside_the_site(client, device):
    sign_in(client, "worker")
    response = client.post("/sign-in/code/", {"code": code_for(device), "next": "https://example.org/"})
    assert response["Location"] == "/work/"


def test_the_enrol_command_prints_a_key_that_gives_valid_codes(worker):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("otp", "enrol", "worker", "--no-qr", stdout=out)

    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed
    text = out.getvalue()
    assert "otpauth://totp/Lantern%3Aworker?secret=" in text
    assert re.search(r"Key \(time based, 6 digits, every 30 seconds\): [A-Z2-7 ]+", text)
    assert SecurityEvent.objects.filter(kind=SecurityKind.SECOND_FACTOR_ENROLLED, user=worker).exists()
