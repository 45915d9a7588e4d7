"""The access pages over HTTP: emergency access (identical refusals, tampered fields, the
session key rotated, the flag and its review), search never revealing a restricted child, the
child's restriction page and the reports listing only what the reader may see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.access.models import BreakGlass, Grant, Restriction
from lantern.audit.models import AccessEvent, AuditEvent
from lantern.people.factories import ChildFactory

from .helpers import restrict
from .helpers import same_page as _same

pytestmark = pytest.mark.django_db
REASON = "Police have called about the child tonight and I need the address."


def test_a_restricted_a_missing_and_a_malformed_id_get_the_same_page_and_nothing_is_granted(client, world):
    restrict(world, world.other_child)
    client.force_login(world.users["personal_adviser"])
    answers = [client.post("/emergency-access/", {"identifier": ident, "reason": REASON})
               for ident in (world.other_child.council_id, "LAN9999999", "'; drop table--", "9434765919")]
    assert {a.status_code for a in answers} == {200}
    assert len({_same(a.content) for a in answers}) == 1
    assert "No record could be opened with that ID" in answers[0].content.decode()
    assert "<title>Error: " in answers[0].content.decode()
    assert not Grant.objects.filter(user=world.users["personal_adviser"]).exists()
    assert not BreakGlass.objects.exists()


def test_fields_naming_another_child_are_ignored_and_refused_the_same_way(client, world):
    client.force_login(world.users["personal_adviser"])
    plain = client.post("/emergency-access/", {"identifier": "LAN9999999", "reason": REASON})
    tampered = client.post("/emergency-access/", {"identifier": "LAN9999999", "reason": REASON,
                                                  "child": world.child.pk, "child_id": world.child.pk})
    assert _same(plain.content) == _same(tampered.content)
    assert not Grant.objects.exists()


def test_emergency_access_opens_the_record_rotates_the_session_and_flags_the_manager(client, world):
    pa = world.users["personal_adviser"]
    client.force_login(pa)
    before = client.session.session_key
    response = client.post("/emergency-access/", {"identifier": world.child.council_id.lower(), "reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/children/{world.child.pk}/"
    assert client.session.session_key != before
    flag = BreakGlass.objects.get()
    assert (flag.user, flag.child, flag.manager, flag.reviewed_at) == (pa, world.child, world.users["team_manager"],
                                                                        None)
    assert flag.grant.expires - flag.grant.starts == timedelta(hours=4)
    assert AccessEvent.objects.filter(user=pa, child=world.child, kind="break_glass").exists()
    assert AuditEvent.objects.filter(child=world.child, action__contains="Emergency access").exists()
    assert client.get(f"/children/{world.child.pk}/").status_code == 200
    # the manager sees it on their report, unreviewed, and reviews it
    client.force_login(world.users["team_manager"])
    report = client.get("/access/emergency/").content.decode()
    assert world.child.full_name in report and "Unreviewed" in report and REASON in report
    refused = client.post(f"/access/emergency/{flag.pk}/", {"note": ""})
    assert "<title>Error: " in refused.content.decode()
    client.post(f"/access/emergency/{flag.pk}/", {"note": "Justified: police welfare check."})
    flag.refresh_from_db()
    assert flag.reviewed_by == world.users["team_manager"]
    assert "Nothing to review" in client.get("/access/emergency/").content.decode()
    # the other team's manager is not told, and cannot review it
    client.force_login(world.users["other_team_manager"])
    assert world.child.full_name not in client.get("/access/emergency/?show=all").content.decode()
    assert client.get(f"/access/emergency/{flag.pk}/").status_code == 404
    # data protection: every use, with the reason
    client.force_login(world.users["senior_leader"])
    assert REASON in client.get("/access/emergency/all/").content.decode()


def test_the_emergency_grant_length_comes_from_the_setting(client, world, settings):
    settings.LANTERN_BREAK_GLASS_HOURS = 1
    client.force_login(world.users["personal_adviser"])
    client.post("/emergency-access/", {"identifier": world.child.council_id, "reason": REASON})
    grant = Grant.objects.get()
    assert grant.expires - grant.starts == timedelta(hours=1)


def test_a_reason_of_less_than_a_sentence_is_refused(client, world):
    client.force_login(world.users["personal_adviser"])
    response = client.post("/emergency-access/", {"identifier": world.child.council_id, "reason": "urgent"})
    assert "Explain in at least a sentence" in response.content.decode()
    assert not Grant.objects.exists()


def test_someone_who_can_already_see_the_child_just_goes_to_the_record(client, world):
    client.force_login(world.users["social_worker"])
    response = client.post("/emergency-access/", {"identifier": world.child.council_id, "reason": REASON})
    assert response["Location"] == f"/children/{world.child.pk}/"
    assert not BreakGlass.objects.exists()


def test_search_results_and_counts_are_identical_with_and_without_a_restricted_child(client, world):
    from conftest import allocate

    queries = ["Hartley", "amelia hart", world.child.date_of_birth.strftime("%d/%m/%Y"), "LAN0000777"]
    roles = ("front_door", "iro", "stranger", "other_team_manager", "social_worker")

    def pages():
        out = {}
        for role in roles:
            client.force_login(world.users[role])
            out[role] = [_same(client.get("/children/", {"q": q}).content) for q in queries]
        return out

    without = pages()
    twin = ChildFactory(first_name="Amelia", last_name="Hartley", council_id="LAN0000777",
                        date_of_birth=world.child.date_of_birth)
    allocate(twin, world.users["stranger"], start=timezone.localdate() - timedelta(days=3))
    open_twin = pages()
    assert open_twin["front_door"] != without["front_door"]  # unrestricted, the twin is found
    restrict(world, twin)
    # the twin's worker and their manager keep it as involved workers; without that, nobody outside sees it
    assert "LAN0000777" in "".join(pages()["stranger"])
    Grant.objects.filter(child=twin).update(revoked_at=timezone.now())
    assert pages() == without
    client.force_login(world.users["senior_leader"])
    assert "LAN0000777" in client.get("/children/", {"q": "Hartley"}).content.decode()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_a_service_manager_restricts_reviews_and_lifts_from_the_child_s_page(client, world,
                                                                            django_assert_max_num_queries):
    client.force_login(world.users["service_manager"])
    url = f"/children/{world.child.pk}/access/"
    today = timezone.localdate()
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    refused = client.post(url, {"action": "restrict", "restrict-kind": "high_risk", "restrict-reason": "Risk",
                                **_date("restrict-review_by", today + timedelta(days=120))})
    assert "within 90 days" in refused.content.decode() and "<title>Error: " in refused.content.decode()
    assert not Restriction.objects.exists()
    client.post(url, {"action": "restrict", "restrict-kind": "high_risk", "restrict-reason": "Threats to staff",
                      **_date("restrict-review_by", today + timedelta(days=60))})
    restriction = Restriction.objects.get()
    assert restriction.owner == world.users["service_manager"]
    assert set(Grant.objects.values_list("user__username", flat=True)) == {"sw", "tm"}
    with django_assert_max_num_queries(22):
        page = client.get(url).content.decode()
    assert "Threats to staff" in page and "Involved worker" in page
    client.post(url, {"action": "review", "restriction": restriction.pk, "review-note": "Still needed",
                      **_date("review-review_by", today + timedelta(days=90))})
    restriction.refresh_from_db()
    assert restriction.review_by == today + timedelta(days=90)
    client.post(url, {"action": "grant", "grant-username": "pa", "grant-kind": "task", "grant-reason": "Visit"})
    assert Grant.objects.filter(user=world.users["personal_adviser"], kind="task").exists()
    client.post(url, {"action": "end", "restriction": restriction.pk, "end-end_reason": "Risk has passed"})
    restriction.refresh_from_db()
    assert restriction.ended_at is not None


def test_the_reports_list_only_what_the_reader_may_see(client, world, django_assert_max_num_queries):
    now = timezone.now()
    restriction = restrict(world, owner=world.users["senior_leader"], now=now - timedelta(days=100))
    Restriction.objects.filter(pk=restriction.pk).update(review_by=timezone.localdate() - timedelta(days=5))
    client.force_login(world.users["senior_leader"])
    with django_assert_max_num_queries(8):
        page = client.get("/access/restrictions/").content.decode()
    assert world.child.full_name in page
    with django_assert_max_num_queries(8):
        assert world.child.full_name not in client.get("/access/grants/").content.decode()  # 6 months away
    client.force_login(world.users["service_manager"])  # outside the restricted record's circle
    assert world.child.full_name not in client.get("/access/restrictions/").content.decode()
    from lantern.access.services import grant_give

    grant_give(actor=world.users["service_manager"], child=world.other_child, user=world.users["personal_adviser"],
               reason="Cover", kind="task", now=now)
    with django_assert_max_num_queries(8):
        assert world.other_child.full_name in client.get("/access/grants/").content.decode()


def test_a_service_manager_links_a_worker_to_a_child_s_mother_from_the_child_s_page(client, world):
    from lantern.access.models import StaffLink
    from lantern.people.models import Adult, Relationship

    mother = Adult.objects.create(first_name="Joanne", last_name="Hartley")
    Relationship.objects.create(child=world.child, adult=mother, kind="mother")
    client.force_login(world.users["service_manager"])
    url = f"/children/{world.child.pk}/access/"
    page = client.get(url).content.decode()
    assert "Joanne Hartley, mother" in page and f"{world.child.full_name}, the child" in page
    events = AuditEvent.objects.count()
    # Refused, nothing saved: no such user; a person who is not in this child's network; no reason.
    for data, message in (
        ({"link-username": "nobody", "link-person": f"adult-{mother.pk}", "link-link_reason": "Told HR"},
         "No member of staff has that username"),
        ({"link-username": "sw", "link-person": "adult-999999", "link-link_reason": "Told HR"},
         "Choose who the member of staff is"),
        ({"link-username": "sw", "link-person": f"adult-{mother.pk}", "link-link_reason": ""},
         "Enter how the link became known"),
        ({"link-username": "sm", "link-person": "child", "link-link_reason": "Self"},
         "Someone else must record a link to your own account"),
    ):
        refused = client.post(url, {"action": "link", **data})
        assert refused.status_code == 200 and message in refused.content.decode()
        assert "govuk-error-summary" in refused.content.decode()
    assert not StaffLink.objects.exists() and not Restriction.objects.exists()
    assert AuditEvent.objects.count() == events

    done = client.post(url, {"action": "link", "link-username": "sw", "link-person": f"adult-{mother.pk}",
                             "link-link_reason": "Declared to HR on joining"}, follow=True)
    assert done.status_code == 200
    link = StaffLink.objects.get()
    assert (link.user, link.adult, link.child) == (world.users["social_worker"], mother, None)
    restriction = Restriction.objects.get(child=world.child)
    assert restriction.staff_link == link and restriction.kind == "relative_of_staff"
    assert AuditEvent.objects.filter(action__startswith="Staff account").count() == 1
    page = client.get(url).content.decode()
    assert "Linked account" in page and world.users["social_worker"].username in page
    # The linked worker, who held the child, no longer sees them.
    client.force_login(world.users["social_worker"])
    assert client.get(f"/children/{world.child.pk}/").status_code == 404


def test_the_staff_links_report_shows_each_link_with_the_records_the_reader_may_see(client, world):
    from lantern.access.models import StaffLink
    from lantern.access.services import staff_link_record

    now = timezone.now()
    staff_link_record(actor=world.users["senior_leader"], user=world.users["colleague"], child=world.child,
                      reason="Recognised at a visit", today=timezone.localdate(now), now=now)
    client.force_login(world.users["senior_leader"])
    page = client.get("/access/staff-links/").content.decode()
    assert "Recognised at a visit" in page and world.child.full_name in page and "A child" in page
    # A service manager outside the restricted record's circle sees the link, not the child.
    client.force_login(world.users["service_manager"])
    page = client.get("/access/staff-links/").content.decode()
    assert "Recognised at a visit" in page and world.child.full_name not in page and "None you can see" in page
    client.force_login(world.users["team_manager"])
    assert client.get("/access/staff-links/").status_code == 404
    # The owner of a restriction who is not a service manager reviews it but links nobody.
    restrict(world, world.other_child, owner=world.users["team_manager"])
    owned = client.get(f"/children/{world.other_child.pk}/access/")
    assert owned.status_code == 200 and "Review the restriction" in owned.content.decode()
    assert "Link a member of staff" not in owned.content.decode()
    assert client.post(f"/children/{world.other_child.pk}/access/", {
        "action": "link", "link-username": "sw", "link-person": "child", "link-link_reason": "Try"}).status_code == 200
    assert StaffLink.objects.count() == 1
