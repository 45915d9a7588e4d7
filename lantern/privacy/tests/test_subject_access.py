"""The subject access export: the child's whole record in one document, other people marked."""

import re
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lantern.audit.models import AccessEvent, AuditEvent, SecurityEvent, SecurityKind
from lantern.care.services import PlacementDetails, care_start
from lantern.core.calendar import LONDON
from lantern.frontdoor.services import contact_record
from lantern.people.factories import AdultFactory, ChildFactory
from lantern.people.models import Relationship

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)


@pytest.fixture
def record(world):
    """Amelia's record: her mother and brother, a contact from a named referrer about her
    mother, and a period of care with a foster carer."""
    child = world.child
    mother = AdultFactory(first_name="Sarah", last_name="Kettlewell")
    brother = ChildFactory(first_name="Noah", last_name="Hartley", council_id="LAN0000009")
    Relationship.objects.create(child=child, adult=mother, kind="mother", parental_responsibility=True)
    Relationship.objects.create(child=child, other_child=brother, kind="sibling")
    contact_record(actor=world.users["front_door"], now=NOW, submission_key="sar-1", received_at=NOW,
                   method="phone", source="1B", concerns="Sarah Kettlewell was heard shouting; Noah was crying",
                   categories=["neglect"], consent="consent_given", children=[child],
                   adults=[(mother, "parent")], referrer_name="Dana Whitcombe", referrer_role="Teacher")
    care_start(actor=world.users["social_worker"], now=NOW, child=child, start=date(2026, 10, 1),
               legal_status="V2", category_of_need="N1", home_postcode="HU1 2AA",
               reason="Mother unable to care for Amelia",
               placement=PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                                          carer_name="Synthetic Fosterfamily", postcode="HU5 3JA"))
    return world


def marked(html: str) -> list[str]:
    return [re.sub(r"<sup>R\d+</sup>", "", text)
            for text in re.findall(r'<mark class="redact"[^>]*>(.*?)</mark>', html)]


def outside_marks(html: str) -> str:
    return re.sub(r'<mark class="redact".*?</mark>', "", html)


def export(client, user, council_id="LAN0000001"):
    client.force_login(user)
    return client.post(reverse("privacy:subject-access"), {"council_id": council_id})


def test_the_export_holds_the_childs_structured_records(client, record):
    response = export(client, record.users["senior_leader"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-LAN0000001-')
    html = response.content.decode()
    assert "Amelia Hartley" in html and "LAN0000001" in html
    assert "Contacts (1)" in html and "was heard shouting" in html
    assert "Periods of care (1)" in html and "Became looked after" in html and "1 October 2026" in html
    assert "Placements (1)" in html and "Family and network (2)" in html
    assert "Chronology" in html and "Who viewed the record" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html  # self-contained


def test_other_peoples_names_are_inside_redaction_marks(client, record):
    html = export(client, record.users["senior_leader"]).content.decode()
    marks = marked(html)
    for name in ("Sarah Kettlewell", "Noah Hartley", "Dana Whitcombe", "Synthetic Fosterfamily"):
        assert name in marks, name
        assert name not in outside_marks(html).split('id="redactions"')[0], name
    assert "Noah" in marks  # the brother's first name in the contact's free text
    assert 'data-reason="third party: mother"' in html
    assert 'data-reason="third party: referrer"' in html
    # the child's own name is never marked, though her brother shares her surname
    assert "Amelia Hartley" not in marks and "Hartley" not in marks and "Amelia" not in marks
    # every mark is listed for the data protection officer
    listed = re.findall(r'<a href="#r\d+">(R\d+)</a>', html)
    assert len(listed) == len(marks) > 0


def test_a_siblings_own_records_stay_out(client, record):
    from lantern.missing.models import MissingEpisode

    brother = record.child.relationships.get(kind="sibling").other_child
    contact_record(actor=record.users["front_door"], now=NOW, submission_key="sar-2", received_at=NOW,
                   method="phone", source="1B", concerns="Only about the brother: bruising on his arm",
                   categories=["neglect"], consent="consent_given", children=[brother])
    html = export(client, record.users["senior_leader"]).content.decode()
    assert "bruising on his arm" not in html
    assert not MissingEpisode.objects.exists()


def test_an_export_is_a_security_event_an_audit_event_and_an_access_event(client, record):
    before = AuditEvent.objects.count()
    export(client, record.users["senior_leader"])
    event = SecurityEvent.objects.get(kind=SecurityKind.EXPORT)
    assert event.user == record.users["senior_leader"] and "Subject access export of LAN0000001" in event.detail
    audit = AuditEvent.objects.filter(child=record.child).latest("seq")
    assert AuditEvent.objects.count() == before + 1 and "Subject access export" in audit.action
    assert AccessEvent.objects.filter(child=record.child, user=record.users["senior_leader"],
                                      kind="export").exists()


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "service_manager", "performance", "iro",
                                  "admin"])
def test_other_roles_do_not_find_the_page(client, record, role):
    assert export(client, record.users[role]).status_code == 404
    assert client.get(reverse("privacy:subject-access")).status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityKind.EXPORT).exists()


def test_an_unknown_council_id_shows_the_error_summary_and_records_nothing(client, record):
    before = AuditEvent.objects.count()
    response = export(client, record.users["senior_leader"], "LAN9999999")
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "No child has the council ID LAN9999999" in html and "<title>Error: " in html
    assert AuditEvent.objects.count() == before and not SecurityEvent.objects.filter(kind="export").exists()


def test_the_command_writes_the_document(record, tmp_path):
    out = tmp_path / "sar.html"
    call_command("subject-access", "LAN0000001", "--as", "head", "--out", str(out))
    html = out.read_text()
    assert "Sarah Kettlewell" in marked(html) and "Periods of care (1)" in html
    event = SecurityEvent.objects.get(kind=SecurityKind.EXPORT)
    assert str(out) in event.detail and "command line" in event.detail


@pytest.mark.parametrize(("args", "message"), [
    (["LAN0000001", "--as", "sw"], "sw may not make subject access exports"),
    (["LAN0000001", "--as", "nobody"], "no active account has the username nobody"),
    (["LAN0000001", "--as", "admin"], "admin may not make subject access exports"),
    (["LAN9999999", "--as", "head"], "No child has the council ID LAN9999999"),
])
def test_the_command_refuses_in_one_line_and_writes_nothing(record, tmp_path, args, message):
    out = tmp_path / "sar.html"
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("subject-access", *args, "--out", str(out))
    assert "\n" not in str(refused.value)
    assert not out.exists() and AuditEvent.objects.count() == before
    assert not SecurityEvent.objects.filter(kind="export").exists()


def test_the_command_refuses_an_unwritable_path(record, tmp_path):
    out = tmp_path / "no-such-folder" / "sar.html"
    with pytest.raises(CommandError, match="cannot write"):
        call_command("subject-access", "LAN0000001", "--as", "head", "--out", str(out))
    assert not out.exists() and not SecurityEvent.objects.filter(kind="export").exists()


@pytest.fixture
def protection(record):
    """A referral from the contact, its assessment, a strategy discussion with an enquiry, a
    child protection plan and a child in need plan."""
    from lantern.assessment.models import Assessment
    from lantern.childinneed.models import Plan as CinPlan
    from lantern.frontdoor.models import Contact, Referral
    from lantern.protection.models import Enquiry, Plan, StrategyDiscussion

    sw, day = record.users["social_worker"], date(2026, 11, 30)
    referral = Referral.objects.create(contact=Contact.objects.get(), child=record.child, source="1B",
                                       primary_need="N1", referral_date=day, created_by=record.users["front_door"],
                                       created_at=NOW)
    Assessment.objects.create(child=record.child, referral=referral, start=day, worker=sw, recorded_by=sw,
                              recorded_at=NOW)
    mine = {"child": record.child, "referral": referral, "recorded_by": sw, "recorded_at": NOW}
    strategy = StrategyDiscussion.objects.create(**mine, held_at=NOW, decision="s47_joint",
                                                 chair=record.users["team_manager"])
    Enquiry.objects.create(**mine, strategy=strategy, start=day, joint=True, worker=sw)
    Plan.objects.create(**mine, start=day, initial_category="NEG", latest_category="NEG")
    CinPlan.objects.create(**mine, start=day)
    return record


def test_legal_work_and_child_protection_come_along_and_connected_people_are_marked(client, record, protection):
    from lantern.legal.factories import connected_person, legal_case

    brother = record.child.relationships.get(kind="sibling").other_child
    case = legal_case([record.child, brother], record.users["social_worker"], opened_on=date(2026, 11, 2), at=NOW,
                      family_name="The Hartley-Kettlewell family")
    connected_person(case, identified_on=date(2026, 11, 3), at=NOW, name="Margaret Oddie", viability="positive",
                     completed_on=date(2026, 11, 20))
    html = export(client, record.users["senior_leader"]).content.decode()
    for section in ("Legal cases (1)", "Connected people (1)", "Viability assessments (1)",
                    "Child protection plans (1)", "Strategy discussions (1)", "Section 47 enquiries (1)",
                    "Child in need plans (1)", "Assessments (1)", "Referrals (1)"):
        assert section in html, section
    marks = marked(html)
    assert "Margaret Oddie" in marks and "Grandparent" in marks  # a row about another person
    assert "The Hartley-Kettlewell family" in marks
    assert "Margaret Oddie" not in outside_marks(html).split('id="redactions"')[0]


def test_free_text_marks_names_not_ordinary_words():
    from lantern.privacy.subject_access import Redactor

    redactor = Redactor()
    own = {"amelia", "hartley"}
    redactor.know("Terence Hill", "third party: professional", own=own)
    redactor.know("Lee Watson (Riverside Foster Care)", "third party: carer", own=own, parts=False)
    redactor.know("Sarah Hartley", "third party: mother", own=own)
    text = str(redactor.scan("Walked up the hill with Hill; placed with Lee Watson (Riverside Foster Care); "
                             "Sarah Hartley and Amelia Hartley", section="s", where="w"))
    assert [item.text for item in redactor.items] == [
        "Hill", "Lee Watson (Riverside Foster Care)", "Sarah Hartley"]
    assert "up the hill" in text and "and Amelia Hartley" in text
