"""Scenario helpers for step changes: a child open as a child in need, a child on a child
protection plan whose review conference decided it should end, and an authorised step down."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from lantern.core.calendar import LONDON
from lantern.protection.services import (
    Invitee,
    conference_initial_record,
    conference_review_record,
    enquiry_complete,
    strategy_discussion_record,
)
from lantern.stepchange.services import step_down_authorise, step_down_propose

EVERYONE = [Invitee("police", "DS Patel", True, True), Invitee("health", "Health visitor", True, True),
            Invitee("education", "DSL, Synthetic Primary", True, True),
            Invitee("social_care", "Social worker", True, True)]
CIN_TO_EH_TICKED = {"lead_named": True, "family_agreement": True, "handover_held": True}
CP_TO_CIN_TICKED = {"risks_reduced": True, "core_group_agreement": True, "cin_plan_ready": True}


def day(prefix: str, on: date) -> dict:
    """A GOV.UK date input's three boxes, as a form posts them."""
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


@pytest.fixture
def on_cp_plan(world, refer):
    """The child on a child protection plan from ``icpc``, a review conference on ``review``
    having decided the plan should end (when given)."""

    def make(referred: date, *, review: date | None = None, child=None):
        child = child or world.child
        sw, iro, today = world.users["social_worker"], world.users["iro"], timezone.localdate()
        referral = refer(referred, child=child, open_cin=True)
        held = datetime.combine(referred + timedelta(days=1), datetime.min.time(), LONDON).replace(hour=10)
        discussion = strategy_discussion_record(
            actor=sw, now=timezone.now(), referral=referral, held_at=held, invitees=EVERYONE,
            decision="s47_joint", chair=world.users["team_manager"], summary="Bruising seen at school.")
        icpc = referred + timedelta(days=14)
        enquiry = enquiry_complete(actor=sw, today=today, enquiry=discussion.enquiry, completed=icpc,
                                   outcome="icpc", findings="Concerns substantiated: physical harm.")
        plan = conference_initial_record(actor=iro, today=today, enquiry=enquiry, held_on=icpc,
                                         outcome="plan", category="PHY", decisions="Plan agreed.",
                                         chair=iro).plan
        if review:
            conference_review_record(actor=iro, today=today, plan=plan, held_on=review, outcome="end",
                                     decisions="Risks reduced: the plan should end.", chair=iro)
        return plan

    return make


@pytest.fixture
def stepped_down(world, refer):
    """An authorised step down from child in need to early help on ``on`` (the child referred
    and open as a child in need a month before)."""

    def make(on: date, *, child=None, proposer="social_worker", manager="team_manager"):
        child = child or world.child
        refer(on - timedelta(days=30), child=child, open_cin=True)
        today = timezone.localdate()
        step = step_down_propose(actor=world.users[proposer], today=today, child=child,
                                 kind="cin_to_eh", on=on, reason="Needs met through the plan.",
                                 checklist=CIN_TO_EH_TICKED, lead_practitioner="Jo Bell, Family Hub")
        return step_down_authorise(actor=world.users[manager], today=today, step=step,
                                   decided_on=on, rationale="Agree: the family hub will lead.")

    return make
