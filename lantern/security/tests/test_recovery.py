"""Recovery codes instead of the app's code, and an administrator resetting a second factor."""

import re

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.audit.models import AuditEvent, SecurityEvent, SecurityKind
from lantern.security.models import RecoveryCode, StaffSession
from lantern.staff.factories import UserFactory

from .helpers import sign_in
from .test_second_factor import code_for

pytestmark = pytest.mark.django_db
CODE = re.compile(r"<li><code>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})</code></li>")


@pytest.fixture
def worker():
    return UserFactory(username="worker", first_name="Wendy", last_name="Marsh")


@pytest.fixture
def device(worker):
    return TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)


@pytest.fixture
def admin():
    return UserFactory(username="sysadmin", role="admin")


def make_codes(client, device) -> list[str]:
    """Sign in with the app's code and make a set of recovery codes; sign out."""
    sign_in(client, "worker")
    client.post("/sign-in/code/", {"code": code_for(device)})
    page = client.post("/sign-in/recovery-codes/", {"next": "/work/"})
    assert page.status_code == 200
    codes = CODE.findall(page.content.decode())
    client.post("/sign-out/")
    return codes


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_ten_codes_are_shown_once_and_only_their_digests_are_kept(client, device, worker):
    codes = make_codes(client, device)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=worker).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in digest.upper() or code in digest for code in codes for digest in stored)
    assert SecurityEvent.objects.filter(kind=SecurityKind.RECOVERY_CODES_ISSUED, user=worker).count() == 1
    # Someone with only the password cannot make (and so read) a new set.
    sign_in(client, "worker")
    blocked = client.post("/sign-in/recovery-codes/", {"next": "/work/"})
    assert blocked.status_code == 302 and blocked["Location"].startswith("/sign-in/code/")
    assert RecoveryCode.objects.filter(user=worker).count() == 10


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_recovery_code_signs_in_once_however_it_is_typed(client, device, worker):
    codes = make_codes(client, device)
    sign_in(client, "worker")
    key_after_password = client.session.session_key
    typed = codes[3].lower().replace("-", " ")
    response = client.post("/sign-in/recovery-code/", {"code": typed, "next": "/children/"})
    assert response.status_code == 302 and response["Location"] == "/children/"
    assert client.session.session_key != key_after_password
    assert client.get("/children/").status_code == 200
    used = SecurityEvent.objects.get(kind=SecurityKind.RECOVERY_CODE_USED, user=worker)
    assert used.detail == "Recovery code used at sign-in; 9 left"
    assert "9 recovery codes left" in client.get("/sign-in/authenticator-app/").content.decode()
    client.post("/sign-out/")

    sign_in(client, "worker")
    again = client.post("/sign-in/recovery-code/", {"code": codes[3], "next": "/children/"})
    assert again.status_code == 200 and "has been used" in again.content.decode()
    assert client.get("/children/").status_code == 302  # still not past the second factor
    assert SecurityEvent.objects.filter(kind=SecurityKind.SECOND_FACTOR_FAILED, user=worker,
                                        detail="Wrong recovery code at sign-in").count() == 1


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_a_malformed_or_unknown_code_is_refused_on_the_form(client, device, worker):
    make_codes(client, device)
    sign_in(client, "worker")
    short = client.post("/sign-in/recovery-code/", {"code": "ABCD-1234"}).content.decode()
    assert "govuk-error-summary" in short and "24 letters and numbers" in short
    unknown = client.post("/sign-in/recovery-code/", {"code": "A" * 24}).content.decode()
    assert "govuk-error-summary" in unknown and "The recovery code is not right" in unknown
    assert RecoveryCode.objects.filter(user=worker, used_at__isnull=True).count() == 10


@override_settings(LANTERN_REQUIRE_2FA=True)
def test_making_new_codes_stops_the_old_ones(client, device, worker):
    old = make_codes(client, device)
    sign_in(client, "worker")
    assert client.post("/sign-in/recovery-code/", {"code": old[0]}).status_code == 302
    page = client.get("/sign-in/recovery-codes/").content.decode()
    assert "You have 9 recovery codes left" in page and "stops your old ones working" in page
    new = CODE.findall(client.post("/sign-in/recovery-codes/", {"next": "/work/"}).content.decode())
    assert len(new) == 10 and not set(old) & set(new)
    client.post("/sign-out/")
    sign_in(client, "worker")
    assert client.post("/sign-in/recovery-code/", {"code": old[1]}).status_code == 200
    assert client.post("/sign-in/recovery-code/", {"code": new[0]}).status_code == 302


def test_codes_need_an_app_first(client, worker):
    sign_in(client, "worker")
    response = client.post("/sign-in/recovery-codes/", {"next": "/work/"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/authenticator-app/")
    assert not RecoveryCode.objects.exists()


def test_an_administrator_resets_a_lost_phone_and_ends_every_session(client, device, worker, admin):
    make_codes(client, device)
    other = type(client)()
    sign_in(other, "worker")
    assert StaffSession.objects.filter(user_id=worker.pk).count() == 1
    client.force_login(admin)
    listing = client.get("/security/second-factors/?name=marsh").content.decode()
    row = re.search(r"<tr class=\"govuk-table__row\">\s*<td class=\"govuk-table__cell\">Wendy Marsh</td>.*?</tr>",
                    listing, re.S).group(0)
    assert "Set up" in row and ">10<" in row and f"/security/second-factors/{worker.pk}/reset/" in row

    refused = client.post(f"/security/second-factors/{worker.pk}/reset/", {"reason": "lost"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=worker).exists()

    done = client.post(f"/security/second-factors/{worker.pk}/reset/",
                       {"reason": "Phone lost; identity checked with their manager"})
    assert done.status_code == 302 and done["Location"] == "/security/second-factors/"
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not RecoveryCode.objects.filter(user=worker).exists()
    assert not StaffSession.objects.filter(user_id=worker.pk).exists()
    event = SecurityEvent.objects.get(kind=SecurityKind.SECOND_FACTOR_RESET, user=worker)
    assert event.detail.startswith("Reset by sysadmin (1 app, 10 recovery codes removed, 1 session ended)")
    assert AuditEvent.objects.filter(actor=admin, action__icontains="Second factor of worker reset").exists()


def test_only_administrators_reset_and_never_their_own(client, device, worker, admin):
    client.force_login(UserFactory(role="senior_leader"))
    assert client.get("/security/second-factors/").status_code == 404
    assert client.post(f"/security/second-factors/{worker.pk}/reset/",
                       {"reason": "Phone lost; identity checked"}).status_code == 404
    assert TOTPDevice.objects.filter(user=worker).exists()
    client.force_login(admin)
    TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    own = client.post(f"/security/second-factors/{admin.pk}/reset/", {"reason": "Phone lost; identity checked"})
    assert own.status_code == 200 and "cannot reset your own" in own.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert client.get("/security/second-factors/999999/reset/").status_code == 404
