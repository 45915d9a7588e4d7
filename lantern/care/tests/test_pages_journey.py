"""The care journey through its pages: the child's care (period, legal status, placement with
its tags, history, SSDA903 episodes, visits and reviews with their clocks from the ledger,
changes of social worker, open care obligations), each recording page's success and refusal
(nothing saved, the message shown), access, the query budget for a child with 8 years in
care, and the "placed out of area" filter of My work and Team."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import allocate
from lantern.audit.models import AccessEvent, AuditEvent
from lantern.care.models import CareVisit, LegalStatus, PeriodOfCare, Placement, Review
from lantern.care.services import PlacementDetails, care_start, placement_change, visit_record
from lantern.core.calendar import LONDON
from lantern.obligations.services import obligations_refresh
from lantern.people.factories import ChildFactory
from lantern.staff.factories import UserFactory
from lantern.staff.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = datetime.combine(TODAY, datetime.min.time(), LONDON).replace(hour=12)
HOME = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                        carer_name="Synthetic foster family", postcode="HU5 3JA")
LEEDS = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                         carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999")


def day(name, on):
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(page, element_id, end="</table>"):
    part = page[page.index(f'id="{element_id}"'):]
    return part[:part.index(end)]


def long(on):
    return f"{on.day} {on:%B %Y}"


def url(world, tail=""):
    return f"/children/{world.child.pk}/care/{tail}"


def into_care(world, on, placement=HOME, child=None, status="C2"):
    return care_start(actor=world.users["social_worker"], now=NOW, child=child or world.child,
                      start=on, legal_status=status, category_of_need="N1", placement=placement,
                      home_postcode="HU1 2AA", reason="Neglect at home")


PLACEMENT_POST = {"placement_type": "U6", "provider": "PR1", "carer_kind": "in_house_foster",
                  "carer_name": "Synthetic carers", "postcode": "HU5 3JA", "planned": "yes",
                  "regulated": "yes"}


# The child's care page -----------------------------------------------------------------


def test_a_child_not_looked_after_offers_practitioners_the_start(client, world):
    client.force_login(world.users["social_worker"])
    page = client.get(url(world)).content.decode()
    assert "Amelia has not been looked after." in page
    assert "Record that Amelia became looked after" in page
    assert f'aria-current="page" href="/children/{world.child.pk}/care/"' in page
    client.force_login(world.users["performance"])
    page = client.get(url(world)).content.decode()
    assert "has not been looked after" in page and "became looked after</a>" not in page


def test_the_page_shows_the_period_placement_history_and_clocks(client, world):
    worker = world.users["social_worker"]
    start = TODAY - timedelta(days=200)
    into_care(world, start, status="C1")
    placement_change(actor=worker, now=NOW, child=world.child, on=TODAY - timedelta(days=100),
                     reason="CREQB", details=LEEDS, legal_status="C2")
    visit_record(actor=worker, now=NOW, child=world.child, visited_on=TODAY - timedelta(days=99),
                 seen=True, seen_alone=False, not_alone_reason="Carer stayed", where="placement")
    client.force_login(world.users["team_manager"])
    page = client.get(url(world)).content.decode()
    summary = text(section(page, "period-summary", "</dl>"))
    assert f"Became looked after {long(start)}" in summary
    assert "Legal status now C2: Full care order" in summary
    assert "Category of need N1: Abuse or neglect" in summary
    assert "Placements in the last 12 months 2" in summary
    placement = text(section(page, "placement-summary", "</dl>"))
    assert "Synthetic House" in placement and "K2: Children's home" in placement
    assert "PR4: Private provision" in placement and "Ofsted URN SC999999" in placement
    assert re.search(r"Out of area 5\d\.\d miles from home", placement)
    assert "(planned)" in placement
    history = text(section(page, "placements-table"))
    assert "2 placements in this period of care; 2 in the last 12 months" in history
    assert "CREQB (Carer(s) requests placement end due to child's behaviour)" in history
    statuses = text(section(page, "legal-status-table"))
    assert "C1: Interim care order" in statuses and "C2: Full care order" in statuses
    episodes = text(section(page, "episodes-table"))
    assert "S (Started to be looked after)" in episodes
    assert "B (Change of legal status and placement and carer(s) at the same time)" in episodes
    assert 'title="Reason for new episode"' in page
    visits = text(section(page, "visits-table"))
    assert "No: Carer stayed" in visits and "At the placement" in visits
    # LA5: 6 weeks from the last visit, overdue; the review clock LA12 is overdue too.
    due = TODAY - timedelta(days=99) + timedelta(weeks=6)
    assert text(section(page, "clock-visit", "</dd>")).endswith(f"{long(due)} Overdue LA5")
    assert "Overdue LA12" in text(section(page, "clock-review", "</dd>"))
    obligations = text(section(page, "obligations-table"))
    assert "LA12" in obligations and "LA5" in obligations
    assert AccessEvent.objects.filter(page="care:index", child=world.child).exists()


def test_changes_of_social_worker_in_the_last_year_are_counted(client, world):
    into_care(world, TODAY - timedelta(days=50))
    colleague = world.users["colleague"]
    first = world.child.allocations.get()
    first.end = TODAY - timedelta(days=10)
    first.save()
    allocate(world.child, colleague, start=TODAY - timedelta(days=10))
    client.force_login(world.users["social_worker"])
    page = client.get(url(world)).content.decode()
    assert text(section(page, "sw-changes", "</dd>")).endswith("1")


def test_a_stranger_finds_no_care_pages(client, world):
    period = into_care(world, TODAY - timedelta(days=30))
    placement = period.placements.get()
    client.force_login(world.users["stranger"])
    for tail in ("", "become-looked-after/", "legal-status/", "change-placement/", "cease/",
                 "record-visit/", "record-review/", f"placements/{placement.pk}/resolve/",
                 f"placements/{placement.pk}/plan-and-notifications/"):
        assert client.get(url(world, tail)).status_code == 404, tail
    client.force_login(world.users["social_worker"])
    other = f"/children/{world.other_child.pk}/care/placements/{placement.pk}/approve-carer/"
    assert client.get(other).status_code == 404  # another child's placement


def test_earlier_periods_are_listed(client, world):
    worker = world.users["social_worker"]
    into_care(world, TODAY - timedelta(days=400))
    from lantern.care.services import care_cease

    care_cease(actor=worker, now=NOW, child=world.child, on=TODAY - timedelta(days=300),
               reason="E4A")
    into_care(world, TODAY - timedelta(days=20))
    client.force_login(worker)
    page = client.get(url(world)).content.decode()
    earlier = text(section(page, "earlier-table"))
    assert "E4A (Returned home" in earlier
    assert "Current period of care" in page and "became looked after</a>" not in page


# Becoming looked after ------------------------------------------------------------------


def test_becoming_looked_after_through_the_form(client, world):
    client.force_login(world.users["social_worker"])
    target = url(world, "become-looked-after/")
    assert "<title>Record that the child became looked after" in client.get(target).content.decode()
    events = AuditEvent.objects.count()
    body = client.post(target, {"legal_status": "C2"}).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    assert "Choose the category of need (N1 to N8)" in body
    assert "Enter the name of the carer or provider" in body
    assert not PeriodOfCare.objects.exists() and AuditEvent.objects.count() == events
    on = TODAY - timedelta(days=3)
    good = {**day("start", on), "legal_status": "C2", "category_of_need": "N1",
            "home_postcode": "HU1 2AA", "reason": "Neglect", **PLACEMENT_POST}
    body = client.post(target, {**good, "postcode": "ZZ9 9ZZ"}).content.decode()
    assert "Enter a real postcode, like HU1 2AA" in body and not PeriodOfCare.objects.exists()
    response = client.post(target, good)
    assert response.status_code == 302 and response["Location"] == url(world)
    period = PeriodOfCare.objects.get()
    assert (period.start, period.category_of_need, period.home_postcode) == (on, "N1", "HU1 2AA")
    assert period.placements.get().carer_name == "Synthetic carers"
    page = client.get(url(world)).content.decode()
    assert "Became looked after: recorded" in page
    assert "is already looked after" in client.get(target).content.decode()


def test_a_new_period_cannot_overlap_the_last(client, world):
    worker = world.users["social_worker"]
    into_care(world, TODAY - timedelta(days=100))
    from lantern.care.services import care_cease

    ended = TODAY - timedelta(days=50)
    care_cease(actor=worker, now=NOW, child=world.child, on=ended, reason="E4A")
    client.force_login(worker)
    body = client.post(url(world, "become-looked-after/"), {
        **day("start", ended - timedelta(days=5)), "legal_status": "V2", "category_of_need": "N1",
        **PLACEMENT_POST}).content.decode()
    assert "<title>Error: " in body
    assert f"The new period of care must start after the last one ended ({long(ended)})" in body
    assert PeriodOfCare.objects.count() == 1


# Legal status, moves and ceasing -----------------------------------------------------------


def test_changing_the_legal_status(client, world):
    start = TODAY - timedelta(days=60)
    into_care(world, start, status="V2")
    client.force_login(world.users["social_worker"])
    target = url(world, "legal-status/")
    body = client.post(target, {**day("on", start - timedelta(days=1)),
                                "status": "C1"}).content.decode()
    assert "<title>Error: " in body
    assert f"The change must be after the last change to this period of care ({long(start)})" in body
    body = client.post(target, {**day("on", start + timedelta(days=5)),
                                "status": "V2"}).content.decode()
    assert "The legal status is already single period of accommodation under section 20" in body
    assert LegalStatus.objects.count() == 1
    assert client.post(target, {**day("on", start + timedelta(days=5)), "status": "C1"}).status_code == 302
    assert list(LegalStatus.objects.values_list("status", flat=True)) == ["V2", "C1"]


def test_changing_placement_out_of_area(client, world):
    start = TODAY - timedelta(days=60)
    into_care(world, start)
    client.force_login(world.users["social_worker"])
    target = url(world, "change-placement/")
    leeds = {"placement_type": "K2", "provider": "PR4", "carer_kind": "childrens_home",
             "carer_name": "Synthetic House", "postcode": "LS1 4AP", "urn": "SC999999",
             "planned": "no", "regulated": "yes", "reason": "CREQB"}
    body = client.post(target, {**leeds, **day("on", start)}).content.decode()
    assert "<title>Error: " in body and "The move must be after the last change" in body
    body = client.post(target, {**leeds, **day("on", start + timedelta(days=10)),
                                "urn": ""}).content.decode()
    assert "Enter the children&#x27;s home&#x27;s Ofsted URN" in body
    assert Placement.objects.count() == 1
    response = client.post(target, {**leeds, **day("on", start + timedelta(days=10)),
                                    "legal_status": "C1"})
    assert response.status_code == 302
    moved = Placement.objects.get(end__isnull=True)
    assert (moved.in_area, moved.planned) == (False, False)
    assert Placement.objects.get(end__isnull=False).end_reason == "CREQB"
    assert LegalStatus.objects.filter(status="C1", start=moved.start).exists()
    page = client.get(url(world)).content.decode()
    assert "(emergency)" in text(section(page, "placement-summary", "</dl>"))


def test_ceasing_to_be_looked_after(client, world):
    start = TODAY - timedelta(days=60)
    into_care(world, start)
    client.force_login(world.users["social_worker"])
    target = url(world, "cease/")
    form = client.get(target).content.decode()
    assert 'value="E4A"' in form and 'value="X1"' not in form
    body = client.post(target, {**day("on", start - timedelta(days=3)), "reason": "E4A"}).content.decode()
    assert "The period of care cannot end on or before its last change" in body
    body = client.post(target, {**day("on", start + timedelta(days=3)), "reason": "X1"}).content.decode()
    assert "Choose why the child ceased to be looked after" in body
    assert PeriodOfCare.objects.get().end is None
    assert client.post(target, {**day("on", start + timedelta(days=3)),
                                "reason": "E4A"}).status_code == 302
    assert PeriodOfCare.objects.get().end == start + timedelta(days=3)
    page = client.get(url(world)).content.decode()
    assert "Amelia is not looked after" in page and "Record that Amelia became looked after" in page
    assert "is not looked after." in client.get(url(world, "legal-status/")).content.decode()


# Visits and reviews --------------------------------------------------------------------


def test_recording_a_statutory_visit(client, world):
    start = TODAY - timedelta(days=20)
    into_care(world, start)
    worker = world.users["social_worker"]
    client.force_login(worker)
    target = url(world, "record-visit/")
    base = {"worker": worker.pk, "where": "placement", "seen": "no"}
    body = client.post(target, {**base, **day("visited_on", start + timedelta(days=2))}).content.decode()
    assert "<title>Error: " in body and "Say why the child was not seen" in body
    body = client.post(target, {**base, "not_seen_reason": "Out",
                                **day("visited_on", start - timedelta(days=2))}).content.decode()
    assert f"Amelia Hartley was not in a placement on {long(start - timedelta(days=2))}" in body
    assert not CareVisit.objects.exists()
    assert client.post(target, {**base, "seen": "yes", "seen_alone": "yes",
                                **day("visited_on", start + timedelta(days=2))}).status_code == 302
    page = client.get(url(world)).content.decode()
    assert "1 visit in this period of care" in page
    due = start + timedelta(days=2) + timedelta(weeks=6)
    assert f"Next visit due: {long(due)}" in text(section(page, "visit-clock", "</p>"))


def test_recording_a_review(client, world):
    start = TODAY - timedelta(days=20)
    into_care(world, start)
    iro = world.users["iro"]
    client.force_login(iro)
    target = url(world, "record-review/")
    form = client.get(target).content.decode()
    assert f'<option value="{iro.pk}" selected>' in form
    assert f'value="{world.users["social_worker"].pk}"' not in section(form, "id_iro", "</select>")
    body = client.post(target, {**day("held_on", start + timedelta(days=10)), "iro": iro.pk,
                                "participation": "PN0"}).content.decode()
    assert "<title>Error: " in body and "PN0 is for a child under 4; Amelia was not" in body
    assert not Review.objects.exists()
    assert client.post(target, {**day("held_on", start + timedelta(days=10)), "iro": iro.pk,
                                "participation": "PN1", "permanence_plan": "Long-term fostering",
                                "decisions": "Stay with carers"}).status_code == 302
    page = client.get(url(world)).content.decode()
    reviews = text(section(page, "reviews-table"))
    assert "PN1 Child attends and speaks for themselves" in reviews
    assert "Long-term fostering" in reviews
    # LA13: the second review 3 months after the first.
    assert "LA13" in text(section(page, "review-clock", "</p>"))


# What is recorded about a placement --------------------------------------------------------


def _connected(world, start):
    kin = PlacementDetails(placement_type="U3", provider="PR1", carer_kind="connected_person",
                           carer_name="Synthetic aunt", postcode="HU5 3JA",
                           temporary_approval=True)
    return into_care(world, start, placement=kin).placements.get()


def test_temporary_approval_shows_weeks_left_and_managers_extend_it(client, world):
    start = TODAY - timedelta(weeks=14)
    placement = _connected(world, start)
    client.force_login(world.users["social_worker"])
    page = client.get(url(world)).content.decode()
    assert "Temporary approval: 2 weeks left" in section(page, "placement-summary", "</dl>")
    assert "Extend temporary approval" not in page
    target = url(world, f"placements/{placement.pk}/extend-approval/")
    assert client.get(target).status_code == 404  # managers only
    client.force_login(world.users["team_manager"])
    body = client.post(target, {**day("decided_on", TODAY), "reason": ""}).content.decode()
    assert "<title>Error: " in body and "Say why the assessment is not finished" in body
    assert client.post(target, {**day("decided_on", TODAY),
                                "reason": "Assessment needs a second visit"}).status_code == 302
    placement.refresh_from_db()
    assert placement.extension_from == start + timedelta(weeks=16)
    page = client.get(url(world)).content.decode()
    assert "Temporary approval: 10 weeks left" in page  # to the end of the 8-week extension
    assert "can be extended once only" in client.get(target).content.decode()


def test_approving_the_carer_ends_the_temporary_approval(client, world):
    start = TODAY - timedelta(weeks=3)
    placement = _connected(world, start)
    client.force_login(world.users["social_worker"])
    target = url(world, f"placements/{placement.pk}/approve-carer/")
    body = client.post(target, day("on", start - timedelta(days=1))).content.decode()
    assert "Approval is recorded on or after the placement started" in body
    assert client.post(target, day("on", TODAY)).status_code == 302
    page = client.get(url(world)).content.decode()
    assert "Temporary approval:" not in page
    assert f"Approved as a foster carer on {long(TODAY)}" in text(page)


def test_resolving_an_unregulated_placement(client, world):
    start = TODAY - timedelta(days=30)
    unregulated = PlacementDetails(placement_type="K2", provider="PR4",
                                   carer_kind="childrens_home", carer_name="Synthetic flat",
                                   postcode="HU5 3JA", regulated=False)
    placement = into_care(world, start, placement=unregulated).placements.get()
    client.force_login(world.users["social_worker"])
    page = client.get(url(world)).content.decode()
    assert "Not regulated" in section(page, "placement-summary", "</dl>")
    target = url(world, f"placements/{placement.pk}/resolve/")
    body = client.post(target, day("on", TODAY)).content.decode()
    assert "<title>Error: " in body and "Say how it was resolved" in body
    assert client.post(target, {**day("on", TODAY), "how": "Registered with Ofsted"}).status_code == 302
    page = client.get(url(world)).content.decode()
    assert "Not regulated" not in page and "Registered with Ofsted" in page
    assert "nothing to resolve" in client.get(target).content.decode()


def test_recording_the_placement_plan_and_notifications(client, world):
    start = TODAY - timedelta(days=10)
    placement = into_care(world, start).placements.get()
    client.force_login(world.users["social_worker"])
    target = url(world, f"placements/{placement.pk}/plan-and-notifications/")
    body = client.post(target, {}).content.decode()
    assert "<title>Error: " in body and "Enter at least one date to record" in body
    body = client.post(target, day("long_term_from", start - timedelta(days=1))).content.decode()
    assert "A placement is designated long-term on or after it starts" in body
    assert client.post(target, {**day("plan_agreed_on", start),
                                **day("notified_on", start + timedelta(days=1))}).status_code == 302
    placement.refresh_from_db()
    assert (placement.plan_agreed_on, placement.notified_on) == (start, start + timedelta(days=1))


# Query budget ----------------------------------------------------------------------------


def eight_years_in_care(world, child=None):
    """A child looked after for 8 years: 12 placements, 4 legal statuses, 60 visits, 16
    reviews and 30 missing episodes, as bulk rows, then the ledger refreshed."""
    child = child or world.child
    worker, iro = world.users["social_worker"], world.users["iro"]
    start = TODAY - timedelta(days=8 * 365)
    period = PeriodOfCare.objects.create(child=child, start=start, category_of_need="N1",
                                         home_postcode="HU1 2AA", recorded_by=worker,
                                         recorded_at=NOW)
    LegalStatus.objects.bulk_create([
        LegalStatus(period=period, child=child, status=code, start=start + timedelta(days=d),
                    recorded_by=worker, recorded_at=NOW)
        for code, d in (("V2", 0), ("C1", 40), ("C2", 300), ("E1", 2000))])
    days = [start + timedelta(days=240 * i) for i in range(12)]
    Placement.objects.bulk_create([
        Placement(child=child, period=period, start=on, end=days[i + 1] if i < 11 else None,
                  placement_type="U6" if i % 3 else "K2", provider="PR1" if i % 3 else "PR4",
                  carer_kind="in_house_foster" if i % 3 else "childrens_home",
                  carer_name=f"Carer {i}", postcode="HU5 3JA" if i % 2 else "LS1 4AP",
                  urn="" if i % 3 else "SC999999", in_area=bool(i % 2),
                  miles_from_home=2.0 if i % 2 else 55.3, end_reason="CREQB" if i < 11 else "",
                  recorded_by=worker, recorded_at=NOW)
        for i, on in enumerate(days)])
    placements = list(Placement.objects.filter(period=period).order_by("start"))
    CareVisit.objects.bulk_create([
        CareVisit(child=child, placement=next(p for p in reversed(placements)
                                              if p.start <= start + timedelta(days=45 * i + 1)),
                  visited_on=start + timedelta(days=45 * i + 1), seen=True, seen_alone=i % 4 > 0,
                  not_alone_reason="" if i % 4 else "Carer present", worker=worker,
                  recorded_by=worker, recorded_at=NOW) for i in range(60)])
    Review.objects.bulk_create([
        Review(child=child, period=period, held_on=start + timedelta(days=15 + 180 * i),
               participation="PN1", iro=iro, decisions="Plan continues", recorded_by=worker,
               recorded_at=NOW) for i in range(16)])
    from lantern.missing.factories import missing_episodes

    missing_episodes(child, period, start, worker, at=NOW)
    obligations_refresh(child=child)
    return period



def test_the_page_for_8_years_in_care_stays_within_15_queries(client, world,
                                                                 django_assert_max_num_queries):
    eight_years_in_care(world)
    client.force_login(world.users["team_manager"])
    client.get(url(world))  # the session settles
    with django_assert_max_num_queries(15):
        page = client.get(url(world))
    body = page.content.decode()
    assert page.status_code == 200
    assert "12 placements in this period of care" in body
    assert "60 visits in this period of care" in body and "16 reviews" in body
    assert body.count("<abbr class=\"care-code\" title=\"Change of placement and carer(s) only\"") >= 10
    with django_assert_max_num_queries(15):
        record = client.get(f"/children/{world.child.pk}/")
    assert record.status_code == 200 and "Missing episodes" in record.content.decode()


@pytest.mark.parametrize("tail", ["become-looked-after/", "change-placement/", "record-visit/",
                                  "record-review/"])
def test_the_forms_stay_within_their_query_budget(client, world, tail,
                                                  django_assert_max_num_queries):
    eight_years_in_care(world)
    client.force_login(world.users["social_worker"])
    client.get(url(world))
    with django_assert_max_num_queries(12):
        assert client.get(url(world, tail)).status_code == 200


# Placed out of area on My work and Team ------------------------------------------------------


def test_my_work_and_team_filter_children_placed_out_of_area(client, world,
                                                           django_assert_max_num_queries):
    worker = world.users["social_worker"]
    away = world.child
    into_care(world, TODAY - timedelta(days=60), placement=LEEDS)
    visit_record(actor=worker, now=NOW, child=away, visited_on=TODAY - timedelta(days=58),
                 seen=True, seen_alone=True)
    near = ChildFactory(first_name="Nearby", last_name="Child", date_of_birth=date(2014, 2, 2))
    allocate(near, worker, start=TODAY - timedelta(days=90))
    into_care(world, TODAY - timedelta(days=30), child=near)
    client.force_login(worker)
    client.get("/work/")
    with CaptureQueriesContext(connection) as plain:  # the filter adds no query to the page
        page = client.get("/work/").content.decode()
    assert near.full_name in page and "Placed out of area" in page
    with django_assert_max_num_queries(len(plain)):
        page = client.get("/work/", {"placed": "out-of-area"}).content.decode()
    caseload = text(section(page, "caseload"))
    assert away.full_name in caseload and near.full_name not in caseload
    assert re.search(r"5\d\.\d miles", caseload)
    due = TODAY - timedelta(days=58) + timedelta(weeks=6)
    assert f"{due.day} {due:%b %Y} Overdue" in caseload
    client.force_login(world.users["team_manager"])
    client.get("/work/team/")
    with CaptureQueriesContext(connection) as plain:
        page = client.get("/work/team/").content.decode()
    assert near.full_name in text(section(page, "caseload"))
    with django_assert_max_num_queries(len(plain)):
        page = client.get("/work/team/", {"placed": "out-of-area"}).content.decode()
    caseload = text(section(page, "caseload"))
    assert away.full_name in caseload and near.full_name not in caseload
    assert "miles" in caseload and "Overdue" in caseload


def test_a_new_iro_is_offered_on_the_review_form(client, world):
    into_care(world, TODAY - timedelta(days=20))
    other = UserFactory(username="iro2", role=Role.IRO, team=None, first_name="Second",
                        last_name="Officer")
    client.force_login(world.users["social_worker"])
    form = client.get(url(world, "record-review/")).content.decode()
    assert f'value="{other.pk}"' in form


RECORDERS = {"social_worker", "colleague", "team_manager", "service_manager", "senior_leader",
             "out_of_hours", "iro"}


@pytest.mark.parametrize("role", ["social_worker", "colleague", "team_manager", "senior_leader",
                                  "iro", "out_of_hours", "front_door", "performance",
                                  "personal_adviser", "admin"])
def test_who_may_open_the_recording_pages(client, world, role):
    placement = into_care(world, TODAY - timedelta(days=30)).placements.get()
    client.force_login(world.users[role])
    sees = role not in {"personal_adviser", "admin"}
    assert client.get(url(world)).status_code == (200 if sees else 404)
    for tail in ("become-looked-after/", "change-placement/", "record-visit/", "record-review/",
                 f"placements/{placement.pk}/plan-and-notifications/"):
        assert client.get(url(world, tail)).status_code == (200 if role in RECORDERS else 404), tail
    extend = client.get(url(world, f"placements/{placement.pk}/extend-approval/"))
    assert extend.status_code == (200 if role in {"team_manager", "senior_leader"} else 404)
