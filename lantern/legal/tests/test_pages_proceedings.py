"""The proceedings and permanence pages: each shows its form, a bad answer shows the GOV.UK
error summary and saves nothing, a good one saves through the service and returns to the
family's page (or the child's permanence page)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.care.services import PlacementDetails, care_start
from lantern.legal import factories as make
from lantern.legal.models import (
    AdoptionJourney,
    AdoptionReview,
    CourtOrder,
    Hearing,
    PermanencePlan,
    Proceedings,
    ProceedingsExtension,
)

pytestmark = pytest.mark.django_db

FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")


def day(prefix: str, on: date) -> dict:
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def case(world, today):
    return make.legal_case([world.child], world.users["social_worker"], opened_on=today - timedelta(days=200),
                           at=timezone.now(), family_name="The Hartley family")


@pytest.fixture
def proceedings(case, today):
    return make.proceedings(case, issued_on=today - timedelta(days=100), at=timezone.now())


@pytest.fixture
def sw(client, world):
    client.force_login(world.users["social_worker"])
    return client


def errors_shown(response) -> bool:
    html = response.content.decode()
    return response.status_code == 200 and "govuk-error-summary" in html and "<title>Error: " in html


def test_the_family_page_offers_the_court_actions(sw, case, proceedings):
    hearing = Hearing.objects.create(proceedings=proceedings, kind="cmh", listed_for=proceedings.issued_on,
                                     recorded_by=case.owner, recorded_at=timezone.now())
    html = sw.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert reverse("legal:issue", args=[case.pk]) in html
    assert reverse("legal:hearing-list", args=[case.pk, proceedings.pk]) in html
    assert reverse("legal:hearing-outcome", args=[case.pk, hearing.pk]) in html
    assert reverse("legal:extension", args=[case.pk, proceedings.pk]) not in html  # a manager's


def test_issue_page(sw, world, case, today):
    url = reverse("legal:issue", args=[case.pk])
    assert sw.get(url).status_code == 200
    bad = sw.post(url, {"application": "care", **day("issued_on", today), "court": "", "case_number": ""})
    assert errors_shown(bad) and not Proceedings.objects.exists()
    good = sw.post(url, {"application": "care", **day("issued_on", today), "court": "Hull Family Court",
                         "case_number": "HU26C00001"})
    assert good.status_code == 302 and good["Location"] == reverse("legal:case", args=[case.pk])
    assert Proceedings.objects.get().case_number == "HU26C00001"


def test_issue_page_while_pre_proceedings_are_open(sw, case, today):
    make.pre_proceedings(case, started_on=today - timedelta(days=50), at=timezone.now())
    response = sw.get(reverse("legal:issue", args=[case.pk]))
    assert 'id="unavailable"' in response.content.decode()


def test_hearing_pages(sw, case, proceedings, today):
    url = reverse("legal:hearing-list", args=[case.pk, proceedings.pk])
    assert sw.get(url).status_code == 200
    bad = sw.post(url, {"kind": "cmh", **day("listed_for", proceedings.issued_on - timedelta(days=1))})
    assert errors_shown(bad) and "before the application" in bad.content.decode()
    assert not Hearing.objects.exists()
    good = sw.post(url, {"kind": "cmh", **day("listed_for", today - timedelta(days=3))})
    assert good.status_code == 302
    hearing = Hearing.objects.get()
    url = reverse("legal:hearing-outcome", args=[case.pk, hearing.pk])
    assert sw.get(url).status_code == 200
    bad = sw.post(url, {"result": "held", "outcome": ""})
    assert errors_shown(bad)
    hearing.refresh_from_db()
    assert not hearing.held
    assert sw.post(url, {"result": "held", "outcome": "Directions given"}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.held and hearing.outcome == "Directions given"


def test_extension_page_is_a_managers(client, world, case, proceedings, today):
    url = reverse("legal:extension", args=[case.pk, proceedings.pk])
    client.force_login(world.users["social_worker"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["team_manager"])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**day("granted_on", today), "weeks": "9", "reason": "Report awaited"})
    assert errors_shown(bad) and not ProceedingsExtension.objects.exists()
    good = client.post(url, {**day("granted_on", today), "weeks": "4", "reason": "Report awaited"})
    assert good.status_code == 302 and ProceedingsExtension.objects.get().weeks == 4


def test_order_and_conclude_pages(sw, world, case, proceedings, today):
    url = reverse("legal:order", args=[case.pk, proceedings.pk])
    assert world.child.full_name in sw.get(url).content.decode()
    bad = sw.post(url, {"child": str(world.child.pk), "kind": "care",
                        **day("made_on", proceedings.issued_on - timedelta(days=1))})
    assert errors_shown(bad) and not CourtOrder.objects.exists()
    conclude = reverse("legal:conclude", args=[case.pk, proceedings.pk])
    bad = sw.post(conclude, day("concluded_on", today))
    assert errors_shown(bad)
    good = sw.post(url, {"child": str(world.child.pk), "kind": "care", **day("made_on", today)})
    assert good.status_code == 302 and CourtOrder.objects.get().kind == "care"
    assert sw.post(conclude, day("concluded_on", today)).status_code == 302
    proceedings.refresh_from_db()
    assert proceedings.concluded_on == today


def test_another_familys_proceedings_are_404(sw, world, case, proceedings):
    other = make.legal_case([world.other_child], world.users["stranger"], opened_on=proceedings.issued_on,
                            at=timezone.now())
    assert sw.get(reverse("legal:order", args=[other.pk, proceedings.pk])).status_code == 404
    theirs = make.proceedings(other, issued_on=proceedings.issued_on, at=timezone.now())
    assert sw.get(reverse("legal:order", args=[case.pk, theirs.pk])).status_code == 404


@pytest.fixture
def in_care(world, today):
    return care_start(actor=world.users["social_worker"], now=timezone.now(), child=world.child,
                      start=today - timedelta(days=120), legal_status="C2", category_of_need="N1",
                      placement=FOSTER, home_postcode="HU1 2AA")


def test_permanence_page_shows_what_was_recorded(client, world, case, proceedings, in_care, today):
    CourtOrder.objects.create(proceedings=proceedings, child=world.child, kind="interim_care",
                              made_on=proceedings.issued_on, recorded_by=case.owner, recorded_at=timezone.now())
    AdoptionJourney.objects.create(child=world.child, period=in_care, decision_on=today - timedelta(days=60),
                                   placement_order_on=today - timedelta(days=50), recorded_by=case.owner,
                                   recorded_at=timezone.now())
    from lantern.obligations.services import obligations_refresh
    obligations_refresh(child=world.child)
    client.force_login(world.users["performance"])
    html = client.get(reverse("legal:permanence", args=[world.child.pk])).content.decode()
    assert reverse("legal:case", args=[case.pk]) in html
    assert "Interim care order" in html and "AD1" in html
    assert reverse("legal:permanence-plan", args=[world.child.pk]) not in html  # not a recorder


def test_plan_page(sw, world, in_care, today):
    url = reverse("legal:permanence-plan", args=[world.child.pk])
    assert sw.get(url).status_code == 200
    bad = sw.post(url, {"plan": "adoption", **day("agreed_on", in_care.start - timedelta(days=1))})
    assert errors_shown(bad) and "not looked after" in bad.content.decode()
    assert not PermanencePlan.objects.exists()
    good = sw.post(url, {"plan": "adoption", "parallel_plan": "long_term_fostering", **day("agreed_on", today)})
    assert good.status_code == 302 and good["Location"] == reverse("legal:permanence", args=[world.child.pk])
    assert PermanencePlan.objects.get().period == in_care


def test_adoption_pages(sw, world, in_care, today):
    url = reverse("legal:adoption-decision", args=[world.child.pk])
    assert sw.get(url).status_code == 200
    bad = sw.post(url, day("decision_on", today + timedelta(days=1)))
    assert errors_shown(bad) and not AdoptionJourney.objects.exists()
    assert sw.post(url, day("decision_on", today - timedelta(days=30))).status_code == 302
    journey = AdoptionJourney.objects.get()
    step = reverse("legal:adoption-step", args=[world.child.pk, journey.pk])
    assert sw.get(step).status_code == 200
    bad = sw.post(step, {"step": "placed_on", **day("on", today)})  # not matched yet
    assert errors_shown(bad)
    journey.refresh_from_db()
    assert journey.placed_on is None
    assert sw.post(step, {"step": "matched_on", **day("on", today - timedelta(days=20))}).status_code == 302
    assert sw.post(step, {"step": "placed_on", **day("on", today - timedelta(days=10))}).status_code == 302
    bad = sw.post(step, {"step": "order", **day("on", today), "adopted_by_foster_carer": "no",
                         "adopters_count": "1", "adopters_sex": "MF", "adopters_legal_status": "L0"})
    assert errors_shown(bad)
    journey.refresh_from_db()
    assert journey.placed_on == today - timedelta(days=10) and journey.order_on is None
    review = reverse("legal:adoption-review", args=[world.child.pk, journey.pk])
    assert sw.get(review).status_code == 200
    assert errors_shown(sw.post(review, day("held_on", today + timedelta(days=1))))
    assert sw.post(review, day("held_on", today)).status_code == 302
    assert AdoptionReview.objects.count() == 1
    assert sw.post(step, {"step": "order", **day("on", today), "adopted_by_foster_carer": "no",
                          "adopters_count": "2", "adopters_sex": "FF", "adopters_legal_status": "L12"}).status_code == 302
    journey.refresh_from_db()
    assert journey.order_on == today
    assert 'id="unavailable"' in sw.get(step).content.decode()


def test_legal_work_starts_from_the_childs_permanence_page(client, world):
    start = reverse("legal:new") + f"?child={world.child.pk}"
    client.force_login(world.users["social_worker"])
    html = client.get(reverse("legal:permanence", args=[world.child.pk])).content.decode()
    assert 'id="start-legal-work"' in html and start in html
    assert client.get(start).status_code == 200
    client.force_login(world.users["iro"])
    html = client.get(reverse("legal:permanence", args=[world.child.pk])).content.decode()
    assert 'id="start-legal-work"' not in html
