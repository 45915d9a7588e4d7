"""The plan for permanence and the adoption timeline through the services: the child must
be looked after, the plan meets LA15, the adoption steps come in order, the adopters' details
follow the DfE's rules, and the adoption reviews meet AD1 and AD2. Every refusal saves
nothing."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.care.services import PlacementDetails, care_start, review_record
from lantern.core.calendar import LONDON
from lantern.legal.models import AdoptionJourney, AdoptionReview, PermanencePlan
from lantern.legal.services.permanence import (
    adopters_errors,
    adoption_ceased_record,
    adoption_decision_record,
    adoption_order_record,
    adoption_review_record,
    adoption_step_record,
    permanence_plan_record,
)
from lantern.obligations.models import Obligation

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
IN_CARE = date(2026, 1, 5)
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")


def looked_after(world, on=IN_CARE):
    return care_start(actor=world.users["social_worker"], now=NOW, child=world.child, start=on,
                      legal_status="C2", category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")


def clocks(child, *rules):
    return list(Obligation.objects.filter(child=child, rule_id__in=rules).order_by("start_on", "rule_id")
                .values_list("rule_id", "start_on", "due_on", "met_on"))


def refused(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


def plan(world, **kwargs):
    args = {"actor": world.users["social_worker"], "now": NOW, "child": world.child, "plan": "adoption",
            "parallel_plan": "long_term_fostering", "agreed_on": date(2026, 3, 10), "notes": "", **kwargs}
    return permanence_plan_record(**args)


def test_the_plan_for_permanence_meets_la15(world):
    period = looked_after(world)
    review_record(actor=world.users["social_worker"], now=NOW, child=world.child, held_on=date(2026, 1, 28),
                  participation="PN1", iro=world.users["iro"])
    # LA15 is due three months after the first looked-after review.
    assert clocks(world.child, "LA15") == [("LA15", date(2026, 1, 28), date(2026, 4, 28), None)]
    record = plan(world)
    assert record.period == period
    assert clocks(world.child, "LA15") == [("LA15", date(2026, 1, 28), date(2026, 4, 28), date(2026, 3, 10))]
    assert AuditEvent.objects.filter(child=world.child, action__icontains="plan for permanence").exists()


def test_a_plan_needs_the_child_looked_after_that_day(world):
    looked_after(world)
    message = refused(lambda: plan(world, agreed_on=date(2026, 1, 2)), "agreed_on")
    assert "was not looked after on 2 January 2026" in message
    refused(lambda: plan(world, plan="", agreed_on=date(2026, 12, 1)), "agreed_on")
    refused(lambda: plan(world, parallel_plan="adoption"), "parallel_plan")
    with pytest.raises(NotPermitted):
        plan(world, actor=world.users["stranger"])
    assert not PermanencePlan.objects.exists()


def journey(world, on=date(2026, 2, 2)):
    return adoption_decision_record(actor=world.users["social_worker"], now=NOW, child=world.child,
                                    decision_on=on)


def step(world, j, name, on):
    return adoption_step_record(actor=world.users["social_worker"], now=NOW, journey=j, step=name, on=on)


def test_the_adoption_timeline_and_its_review_clocks(world):
    looked_after(world)
    worker = world.users["social_worker"]
    j = journey(world)
    refused(lambda: journey(world, on=date(2026, 3, 1)), "decision_on")  # one open timeline
    assert AdoptionJourney.objects.count() == 1
    step(world, j, "placement_order_on", date(2026, 3, 2))
    assert clocks(world.child, "AD1") == [("AD1", date(2026, 3, 2), date(2026, 6, 2), None)]
    refused(lambda: step(world, j, "placed_on", date(2026, 5, 11)), "step")  # not matched yet
    refused(lambda: step(world, j, "matched_on", date(2026, 1, 30)), "on")  # before the decision
    step(world, j, "matched_on", date(2026, 5, 1))
    refused(lambda: step(world, j, "placed_on", date(2026, 4, 30)), "on")  # before the match
    j.refresh_from_db()
    assert j.placed_on is None
    step(world, j, "placed_on", date(2026, 5, 11))
    # AD2: the first review within 4 weeks of the move, by 8 June 2026.
    assert ("AD2", date(2026, 5, 11), date(2026, 6, 8), None) in clocks(world.child, "AD2")
    adoption_review_record(actor=worker, now=NOW, journey=j, held_on=date(2026, 6, 1))
    assert clocks(world.child, "AD2") == [("AD2", date(2026, 5, 11), date(2026, 6, 8), date(2026, 6, 1))]
    # AD3: the second review within 3 months of the first.
    assert clocks(world.child, "AD3") == [("AD3", date(2026, 6, 1), date(2026, 9, 1), None)]
    assert AuditEvent.objects.filter(child=world.child, action__icontains="adoption review").exists()
    refused(lambda: adoption_review_record(actor=worker, now=NOW, journey=j, held_on=date(2026, 6, 1)), "held_on")
    assert AdoptionReview.objects.count() == 1


def test_the_adoption_order_follows_the_dfe_rules(world):
    looked_after(world)
    j = journey(world)

    def order(**kwargs):
        args = {"actor": world.users["social_worker"], "now": NOW, "journey": j, "order_on": date(2026, 10, 1),
                "adopted_by_foster_carer": False, "adopters_count": 2, "adopters_sex": "MF",
                "adopters_legal_status": "L11", **kwargs}
        return adoption_order_record(**args)

    refused(order, "order_on")  # not placed yet
    step(world, j, "matched_on", date(2026, 5, 1))
    step(world, j, "placed_on", date(2026, 5, 11))
    refused(lambda: order(adopters_sex="MM"), "adopters_legal_status")
    refused(lambda: order(adopters_count=1), "adopters_sex")
    refused(lambda: order(order_on=date(2026, 5, 1)), "order_on")
    refused(lambda: order(adopted_by_foster_carer=None), "adopted_by_foster_carer")
    j.refresh_from_db()
    assert j.order_on is None
    order()
    j.refresh_from_db()
    assert (j.order_on, j.adopters_legal_status) == (date(2026, 10, 1), "L11")
    # The timeline is closed: no ceasing after the order.
    refused(lambda: adoption_ceased_record(actor=world.users["social_worker"], now=NOW, journey=j,
                                           ceased_on=date(2026, 10, 2), reason="RD4"), "ceased_on")
    assert AuditEvent.objects.filter(action__icontains="adoption order for").exists()


@pytest.mark.parametrize("count, sex, status, ok", [
    (1, "F1", "L0", True), (1, "M1", "L0", True), (1, "MF", "L0", False), (1, "F1", "L11", False),
    (2, "MF", "L11", True), (2, "MF", "L3", True), (2, "FF", "L11", False), (2, "MM", "L12", True),
    (2, "FF", "L4", True), (2, "MF", "L4", False), (2, "MF", "L2", True), (2, "FF", "L2", True),
    (2, "F1", "L2", False), (2, "MM", "L0", False), (3, "MM", "L12", False),
])
def test_adopters_consistency(count, sex, status, ok):
    assert (adopters_errors(count, sex, status) == {}) is ok


def test_ceasing_needs_a_reason_and_ends_the_reviews_before_placement(world):
    looked_after(world)
    j = journey(world)
    step(world, j, "placement_order_on", date(2026, 3, 2))
    worker = world.users["social_worker"]
    refused(lambda: adoption_ceased_record(actor=worker, now=NOW, journey=j, ceased_on=date(2026, 4, 1),
                                           reason=""), "reason")
    j.refresh_from_db()
    assert j.ceased_on is None
    adoption_ceased_record(actor=worker, now=NOW, journey=j, ceased_on=date(2026, 4, 1), reason="RD1")
    (ad1,) = Obligation.objects.filter(child=world.child, rule_id="AD1")
    assert (ad1.due_on, ad1.ended_on) == (date(2026, 6, 2), date(2026, 4, 1))
    # A new decision may follow once the earlier one has ended.
    assert journey(world, on=date(2026, 5, 1)).pk != j.pk


def test_the_adoption_decision_needs_the_child_looked_after(world):
    message = refused(lambda: journey(world), "decision_on")
    assert "not looked after" in message
    assert not AdoptionJourney.objects.exists()
