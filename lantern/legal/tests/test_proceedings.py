"""Care proceedings through the services: issue (after the decision to issue), hearings
listed and held, the court's extensions of the 26-week timetable (the worked example from
Monday 5 January 2026), orders for each child and the conclusion. Every refusal saves
nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.core.calendar import LONDON
from lantern.legal import factories as make
from lantern.legal.models import CourtOrder, Hearing, Proceedings, ProceedingsExtension
from lantern.legal.services.proceedings import (
    extension_grant,
    hearing_list,
    hearing_outcome,
    order_make,
    proceedings_conclude,
    proceedings_issue,
)
from lantern.obligations.models import Obligation
from lantern.people.factories import ChildFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
ISSUED = date(2026, 1, 5)  # a Monday


def clocks(child, *rules):
    return list(Obligation.objects.filter(child=child, rule_id__in=rules).order_by("start_on", "rule_id")
                .values_list("rule_id", "start_on", "due_on", "met_on"))


@pytest.fixture
def case(world):
    return make.legal_case([world.child], world.users["social_worker"], opened_on=date(2025, 10, 1), at=NOW,
                           family_name="The Hartley family")


def issue(world, case, **kwargs):
    args = {"actor": world.users["social_worker"], "now": NOW, "case": case, "application": "care",
            "issued_on": ISSUED, "court": "Hull Family Court", "case_number": "HU26C00001",
            "short_notice": False, **kwargs}
    return proceedings_issue(**args)


def refused(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


def test_issue_starts_the_26_week_clock_and_links_the_decided_pre_proceedings(world, case):
    pp = make.pre_proceedings(case, started_on=date(2025, 10, 6), at=NOW)
    pp.decision, pp.decision_on, pp.decision_rationale = "issue", date(2025, 12, 18), "Concerns continue"
    pp.save()
    proceedings = issue(world, case)
    assert proceedings.pre_proceedings == pp
    assert clocks(world.child, "L1") == [("L1", ISSUED, date(2026, 7, 6), None)]
    event = AuditEvent.objects.get(action__icontains="application issued on 5 January 2026")
    assert event.child_id == world.child.pk


def test_open_pre_proceedings_refuse_the_issue_until_the_decision(world, case):
    make.pre_proceedings(case, started_on=date(2025, 10, 6), at=NOW)
    message = refused(lambda: issue(world, case), "issued_on")
    assert "decision to issue" in message
    assert not Proceedings.objects.exists()


def test_one_open_care_application_per_family(world, case):
    issue(world, case)
    refused(lambda: issue(world, case, application="supervision", case_number="HU26C00002"), "application")
    assert Proceedings.objects.count() == 1


def test_issue_needs_a_court_a_number_and_no_future_date(world, case):
    with pytest.raises(ValidationError) as error:
        issue(world, case, court=" ", case_number="", issued_on=date(2026, 12, 1))
    assert set(error.value.message_dict) == {"court", "case_number", "issued_on"}
    assert not Proceedings.objects.exists() and not AuditEvent.objects.filter(
        action__icontains="application issued").exists()


def test_only_recorders_who_may_act_on_the_children_issue(world, case):
    with pytest.raises(NotPermitted):
        issue(world, case, actor=world.users["stranger"])
    with pytest.raises(NotPermitted):
        issue(world, case, actor=world.users["performance"])
    assert not Proceedings.objects.exists()


def test_hearings_listed_then_held_or_adjourned(world, case):
    proceedings = issue(world, case)
    worker = world.users["social_worker"]
    cmh = hearing_list(actor=worker, now=NOW, proceedings=proceedings, kind="cmh", listed_for=date(2026, 2, 2))
    final = hearing_list(actor=worker, now=NOW, proceedings=proceedings, kind="final",
                         listed_for=NOW.date() + timedelta(days=10))
    message = refused(lambda: hearing_list(actor=worker, now=NOW, proceedings=proceedings, kind="cmh",
                                           listed_for=date(2026, 1, 2)), "listed_for")
    assert "before the application's issue" in message
    assert Hearing.objects.count() == 2
    refused(lambda: hearing_outcome(actor=worker, now=NOW, hearing=cmh, result="held", outcome=""), "outcome")
    hearing_outcome(actor=worker, now=NOW, hearing=cmh, result="held", outcome="Interim care order renewed")
    cmh.refresh_from_db()
    assert (cmh.held, cmh.adjourned, cmh.outcome) == (True, False, "Interim care order renewed")
    refused(lambda: hearing_outcome(actor=worker, now=NOW, hearing=final, result="adjourned"), "result")
    final.refresh_from_db()
    assert not final.adjourned
    assert AuditEvent.objects.filter(action__icontains="case management hearing of 2 February 2026 held").exists()


def test_the_worked_example_of_two_extensions(world, case):
    proceedings = issue(world, case)
    manager = world.users["team_manager"]
    assert clocks(world.child, "L1", "L10") == [("L1", ISSUED, date(2026, 7, 6), None)]
    extension_grant(actor=manager, now=NOW, proceedings=proceedings, granted_on=date(2026, 7, 1), weeks=8,
                    reason="Expert report awaited")
    assert clocks(world.child, "L1", "L10") == [
        ("L1", ISSUED, date(2026, 7, 6), date(2026, 7, 1)),
        ("L10", date(2026, 7, 1), date(2026, 8, 31), None)]
    extension_grant(actor=manager, now=NOW, proceedings=proceedings, granted_on=date(2026, 8, 20), weeks=4,
                    reason="Final hearing relisted")
    assert clocks(world.child, "L1", "L10") == [
        ("L1", ISSUED, date(2026, 7, 6), date(2026, 7, 1)),
        ("L10", date(2026, 7, 1), date(2026, 8, 31), date(2026, 8, 20)),
        ("L10", date(2026, 8, 20), date(2026, 9, 28), None)]
    assert AuditEvent.objects.filter(action__icontains="it now ends 28 September 2026").exists()


def test_extension_refusals(world, case):
    proceedings = issue(world, case)
    manager = world.users["team_manager"]

    def grant(**kwargs):
        args = {"actor": manager, "now": NOW, "proceedings": proceedings, "granted_on": date(2026, 7, 1),
                "weeks": 8, "reason": "Expert report awaited", **kwargs}
        return extension_grant(**args)

    refused(lambda: grant(weeks=9), "weeks")
    refused(lambda: grant(weeks=0), "weeks")
    refused(lambda: grant(reason=""), "reason")
    refused(lambda: grant(granted_on=date(2026, 1, 1)), "granted_on")
    refused(lambda: grant(granted_on=date(2026, 12, 1)), "granted_on")
    with pytest.raises(NotPermitted):
        grant(actor=world.users["social_worker"])
    assert not ProceedingsExtension.objects.exists()


def test_orders_and_the_conclusion_meet_the_timetable(world, case):
    sibling = ChildFactory(first_name="Noah", last_name="Hartley", date_of_birth=date(2018, 5, 1))
    from conftest import allocate
    allocate(sibling, world.users["social_worker"], start=date(2025, 1, 1))
    case.memberships.create(child=sibling, added_on=date(2025, 10, 1))
    proceedings = issue(world, case)
    worker = world.users["social_worker"]

    def order(**kwargs):
        args = {"actor": worker, "now": NOW, "proceedings": proceedings, "child": world.child, "kind": "care",
                "made_on": date(2026, 6, 1), "ends_on": None, **kwargs}
        return order_make(**args)

    message = refused(lambda: order(made_on=date(2026, 1, 2)), "made_on")
    assert "before the proceedings were issued" in message
    refused(lambda: order(made_on=date(2026, 12, 2)), "made_on")
    refused(lambda: order(child=world.other_child), "child")
    assert not CourtOrder.objects.exists()
    order(kind="interim_care", made_on=ISSUED)
    order()
    refused(lambda: proceedings_conclude(actor=worker, now=NOW, proceedings=proceedings,
                                         concluded_on=date(2026, 6, 1)), "concluded_on")
    proceedings.refresh_from_db()
    assert proceedings.is_open
    order(child=sibling, kind="no_order", made_on=date(2026, 6, 2))
    # Noah's order is dated after 1 June: the conclusion on 1 June is still refused.
    refused(lambda: proceedings_conclude(actor=worker, now=NOW, proceedings=proceedings,
                                         concluded_on=date(2026, 6, 1)), "concluded_on")
    proceedings_conclude(actor=worker, now=NOW, proceedings=proceedings, concluded_on=date(2026, 6, 2))
    assert clocks(world.child, "L1") == [("L1", ISSUED, date(2026, 7, 6), date(2026, 6, 2))]
    assert clocks(sibling, "L1") == [("L1", ISSUED, date(2026, 7, 6), date(2026, 6, 2))]
    assert AuditEvent.objects.filter(action__icontains="concluded on 2 June 2026", child=sibling).exists()
    # A final order on the concluded application is refused.
    refused(lambda: order(kind="supervision", made_on=date(2026, 6, 3)), "kind")
    assert CourtOrder.objects.count() == 3


def test_an_order_gives_a_looked_after_child_the_legal_status_it_makes(client, world, case):
    """A child accommodated under section 20 comes under an interim care order, then a full
    care order: each changes the legal status of their care from the day it was made (the
    SSDA903 episodes follow); a supervision order, which gives no legal status, changes nothing."""
    from lantern.care.models import LegalStatus
    from lantern.care.services import PlacementDetails, care_start

    sw = world.users["social_worker"]
    care_start(actor=sw, now=NOW, child=world.child, start=date(2025, 12, 1), legal_status="V2",
               category_of_need="N1", placement=PlacementDetails(
                   placement_type="U4", provider="PR1", carer_kind="in_house_foster",
                   carer_name="Synthetic foster family", postcode="HU5 3JA"))
    proceedings = issue(world, case)
    order_make(actor=sw, now=NOW, proceedings=proceedings, child=world.child, kind="interim_care",
               made_on=date(2026, 1, 8))
    order_make(actor=sw, now=NOW, proceedings=proceedings, child=world.child, kind="supervision",
               made_on=date(2026, 3, 2))
    order_make(actor=sw, now=NOW, proceedings=proceedings, child=world.child, kind="care",
               made_on=date(2026, 6, 29))
    assert list(LegalStatus.objects.filter(child=world.child).order_by("start").values_list("start", "status")) == [
        (date(2025, 12, 1), "V2"), (date(2026, 1, 8), "C1"), (date(2026, 6, 29), "C2")]
    assert AuditEvent.objects.filter(child=world.child, action__icontains="to full care order").exists()
    client.force_login(sw)
    assert 'id="order-disagrees"' not in client.get(f"/children/{world.child.pk}/care/").content.decode()


def test_an_order_the_care_record_cannot_take_is_shown_as_a_disagreement(client, world, case):
    """The child moved after the order was made: the legal status cannot be changed on an
    earlier day, so the order is kept and the care page says the two disagree."""
    from lantern.care.models import LegalStatus
    from lantern.care.services import PlacementDetails, care_start, placement_change

    sw = world.users["social_worker"]
    foster = PlacementDetails(placement_type="U4", provider="PR1", carer_kind="in_house_foster",
                              carer_name="Synthetic foster family", postcode="HU5 3JA")
    care_start(actor=sw, now=NOW, child=world.child, start=date(2025, 12, 1), legal_status="V2",
               category_of_need="N1", placement=foster)
    placement_change(actor=sw, now=NOW, child=world.child, on=date(2026, 2, 10), reason="CARPL",
                     details=PlacementDetails(placement_type="U4", provider="PR1", carer_kind="in_house_foster",
                                              carer_name="Another synthetic family", postcode="HU3 2AA"))
    proceedings = issue(world, case)
    order = order_make(actor=sw, now=NOW, proceedings=proceedings, child=world.child, kind="interim_care",
                       made_on=date(2026, 1, 8))
    assert CourtOrder.objects.filter(pk=order.pk).exists()
    assert list(LegalStatus.objects.filter(child=world.child).values_list("status", flat=True)) == ["V2"]
    client.force_login(sw)
    page = client.get(f"/children/{world.child.pk}/care/").content.decode()
    assert 'id="order-disagrees"' in page
    assert "The court made an interim care order on 8 January 2026" in page and "(C1)" in page and "(V2)" in page


@pytest.mark.parametrize("kind, reason, named", [("sgo", "E47", "E45 or E46 or E47 or E48"), ("cao", "E41", "E41")])
def test_an_order_ending_care_asks_for_the_child_to_leave_care_until_they_do(client, world, case, kind, reason,
                                                                             named):
    """A special guardianship or child arrangements order ends a looked-after child's care:
    the care page says so until the day they ceased to be looked after is recorded."""
    from lantern.care.services import PlacementDetails, care_cease, care_start

    sw = world.users["social_worker"]
    care_start(actor=sw, now=NOW, child=world.child, start=date(2025, 12, 1), legal_status="V2",
               category_of_need="N1", placement=PlacementDetails(
                   placement_type="U1", provider="PR1", carer_kind="connected_person",
                   carer_name="Synthetic aunt", postcode="HU5 3JA"))
    proceedings = issue(world, case)
    order_make(actor=sw, now=NOW, proceedings=proceedings, child=world.child, kind=kind, made_on=date(2026, 3, 2))
    client.force_login(sw)
    page = client.get(f"/children/{world.child.pk}/care/").content.decode()
    assert 'id="order-disagrees"' in page
    assert "on 2 March 2026, which ends Amelia&#x27;s care" in page and f"(reason {named})" in page
    care_cease(actor=sw, now=NOW, child=world.child, on=date(2026, 3, 2), reason=reason)
    assert 'id="order-disagrees"' not in client.get(f"/children/{world.child.pk}/care/").content.decode()
