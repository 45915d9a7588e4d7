"""The retention schedule, the review list worked out from the live record, and legal holds."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.care.models import PeriodOfCare
from lantern.core.calendar import LONDON
from lantern.legal.models import AdoptionJourney
from lantern.people.factories import ChildFactory
from lantern.privacy.models import LegalHold
from lantern.privacy.retention import add_years, rules
from lantern.privacy.selectors import retention_review
from lantern.privacy.services import legal_hold_lift, legal_hold_place

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
TODAY = date(2026, 11, 30)


def looked_after(child, recorder, *, start):
    return PeriodOfCare.objects.create(child=child, start=start, end=add_years(start, 2), end_reason="E4A",
                                       category_of_need="N1", recorded_by=recorder, recorded_at=NOW)


@pytest.fixture
def old_records(world):
    """Two people looked after as children long ago: one whose 75th birthday has passed, one
    adopted (the adoption order keeps the record 100 years), and one still young."""
    sw = world.users["social_worker"]
    past = ChildFactory(first_name="Edith", last_name="Crossley", council_id="LAN0000100",
                        date_of_birth=date(1950, 6, 1))
    looked_after(past, sw, start=date(1958, 1, 6))
    adopted = ChildFactory(first_name="Walter", last_name="Pickering", council_id="LAN0000101",
                           date_of_birth=date(1949, 2, 3))
    period = looked_after(adopted, sw, start=date(1950, 1, 9))
    AdoptionJourney.objects.create(child=adopted, period=period, decision_on=date(1950, 6, 1),
                                   order_on=date(1951, 1, 15), recorded_by=sw, recorded_at=NOW)
    return past, adopted


def council_ids(review):
    return [row.council_id for row in review.rows]


def test_the_schedule_reads_from_the_toml_and_settings_override_it(settings):
    by_key = {rule.key: rule for rule in rules()}
    assert (by_key["looked_after"].years, by_key["adoption"].years, by_key["child_protection"].years) == (75, 100, 25)
    assert "Local policy" in by_key["child_protection"].source and "Local policy" in by_key["child_in_need"].source
    settings.LANTERN_RETENTION_YEARS = {"child_protection": 40}
    assert {rule.key: rule.years for rule in rules()}["child_protection"] == 40


def test_a_looked_after_childs_record_is_past_retention_after_their_75th_birthday(world, old_records):
    past, adopted = old_records
    review = retention_review(world.users["senior_leader"], today=TODAY)
    assert council_ids(review) == ["LAN0000100"]  # not the adopted one, nor the world's children
    row = review.rows[0]
    assert (row.kept.rule.key, row.kept.ends_on, row.due_for_destruction) == ("looked_after", date(2025, 6, 1), True)
    # the day before the 75th birthday the record is still kept
    assert council_ids(retention_review(world.users["senior_leader"], today=date(2025, 5, 31))) == []


def test_an_adoption_within_100_years_of_the_order_is_kept(world, old_records):
    review = retention_review(world.users["senior_leader"], today=TODAY)
    assert "LAN0000101" not in council_ids(review)
    later = retention_review(world.users["senior_leader"], today=date(2051, 1, 15))
    assert [(r.council_id, r.kept.rule.key) for r in later.rows if r.council_id == "LAN0000101"] == [
        ("LAN0000101", "adoption")]


def test_a_record_under_legal_hold_is_marked_and_not_due_for_destruction(client, world, old_records):
    past, _ = old_records
    legal_hold_place(actor=world.users["senior_leader"], now=NOW, child=past, reason="Civil claim in progress")
    review = retention_review(world.users["senior_leader"], today=TODAY)
    assert council_ids(review) == ["LAN0000100"] and review.due == [] and len(review.held) == 1
    client.force_login(world.users["senior_leader"])
    html = client.get(reverse("privacy:retention")).content.decode()
    assert "Legal hold" in html and "Civil claim in progress" in html
    assert "Nothing is ever deleted automatically" in html
    assert "0</strong> due for destruction" in html


def test_placing_and_lifting_a_hold_through_the_page_needs_a_reason_and_is_audited(client, world, old_records):
    past, _ = old_records
    client.force_login(world.users["senior_leader"])
    url = reverse("privacy:hold", args=[past.pk])
    refused = client.post(url, {"reason": "  "})
    assert "govuk-error-summary" in refused.content.decode() and "Enter why the record must be kept" in (
        refused.content.decode())
    assert not LegalHold.objects.exists()
    assert client.post(url, {"reason": "Subject access complaint open"}).status_code == 302
    hold = LegalHold.objects.get(child=past, lifted_at__isnull=True)
    assert AuditEvent.objects.filter(child=past, action__icontains="legal hold placed").exists()
    assert "Enter why the hold is lifted" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Complaint closed"}).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == world.users["senior_leader"] and hold.lift_reason == "Complaint closed"
    assert AuditEvent.objects.filter(child=past, action__icontains="legal hold lifted").exists()
    assert retention_review(world.users["senior_leader"], today=TODAY).due[0].council_id == "LAN0000100"


def test_a_second_hold_is_refused_and_nothing_saved(world, old_records):
    from django.core.exceptions import ValidationError

    past, _ = old_records
    legal_hold_place(actor=world.users["senior_leader"], now=NOW, child=past, reason="Inquiry")
    with pytest.raises(ValidationError):
        legal_hold_place(actor=world.users["senior_leader"], now=NOW, child=past, reason="Again")
    with pytest.raises(ValidationError):
        legal_hold_lift(actor=world.users["senior_leader"], now=NOW, child=world.child, reason="None to lift")
    assert LegalHold.objects.count() == 1


@pytest.mark.parametrize("role", ["team_manager", "service_manager", "social_worker", "performance"])
def test_the_review_is_for_the_data_protection_roles_only(client, world, old_records, role):
    client.force_login(world.users[role])
    assert client.get(reverse("privacy:retention")).status_code == 404
    past, _ = old_records
    assert client.post(reverse("privacy:hold", args=[past.pk]), {"reason": "x"}).status_code == 404
    assert not LegalHold.objects.exists()


def test_the_command_prints_the_review(world, old_records, capsys):
    call_command("retention", "review", "--as-of", "2026-11-30")
    out = capsys.readouterr().out
    assert "LAN0000100\tEdith Crossley\tLooked-after child's record\tended 2025-06-01\tdue for destruction" in out
    assert "LAN0000101" not in out and "Nothing is deleted automatically" in out
