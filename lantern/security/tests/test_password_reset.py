"""Password reset links: sent without saying whether an account exists, working once and
for an hour, ending every session of the user."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.audit.models import AuditEvent, SecurityEvent, SecurityKind
from lantern.security.models import StaffSession
from lantern.staff.factories import UserFactory

from .helpers import PASSWORD, sign_in, without_tokens

pytestmark = pytest.mark.django_db
NEW = "a brand new long passphrase"


@pytest.fixture
def worker():
    return UserFactory(username="worker", email="worker@council.example")


def ask_for_link(client, email="worker@council.example") -> str | None:
    client.post("/password-reset/", {"email": email})
    if not mail.outbox:
        return None
    return re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[-1].body).group(1)


def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(client, worker):
    known = client.post("/password-reset/", {"email": "worker@council.example"}, follow=True)
    unknown = client.post("/password-reset/", {"email": "nobody@council.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/password-reset/sent/", 302)]
    assert without_tokens(known.content.decode()) == without_tokens(unknown.content.decode())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["worker@council.example"]
    assert list(SecurityEvent.objects.filter(kind=SecurityKind.PASSWORD_RESET_REQUESTED)
                .order_by("id").values_list("user", "detail")) == [
        (worker.pk, "Reset link sent"), (None, "No account uses this email address")]


def test_a_link_sets_a_new_password_once_and_ends_every_other_session(client, worker):
    elsewhere = Client()
    sign_in(elsewhere, "worker")
    assert elsewhere.get("/work/").status_code == 200
    link = ask_for_link(client)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert done.status_code == 302 and done["Location"] == "/password-reset/done/"
    worker.refresh_from_db()
    assert worker.check_password(NEW)
    assert not StaffSession.objects.filter(user_id=worker.pk).exists()
    assert elsewhere.get("/work/").status_code == 302  # signed out there
    event = SecurityEvent.objects.get(kind=SecurityKind.PASSWORD_RESET)
    assert event.user == worker and event.detail.endswith("1 other session ended")
    assert AuditEvent.objects.filter(action="Password reset with an emailed link", actor=worker).exists()

    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_a_link_stops_working_after_an_hour(client, worker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        link = ask_for_link(client)
        clock.shift(timedelta(minutes=59))
        assert "Choose a new password" in Client().get(link, follow=True).content.decode()
        clock.shift(timedelta(minutes=2))
        assert "This link does not work" in Client().get(link, follow=True).content.decode()


def test_a_forged_link_does_not_work(client, worker):
    link = ask_for_link(client)
    forged = re.sub(r"/([^/]+)/$", "/1a2b3c-0123456789abcdef0123456789abcdef/", link)
    assert "This link does not work" in client.get(forged, follow=True).content.decode()
    assert worker.check_password(PASSWORD)


def test_a_weak_new_password_is_refused(client, worker):
    link = ask_for_link(client)
    form = client.get(link, follow=True)
    refused = client.post(form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "<title>Error: Choose a new password" in html
    assert "at least 12 characters" in html
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)
