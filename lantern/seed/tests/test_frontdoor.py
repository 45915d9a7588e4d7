"""The synthetic front door: contacts behind every referral, sane timeliness, a live backlog."""

import hashlib
from datetime import datetime, time, timedelta

import pytest

from lantern.audit.chain import verify
from lantern.core import dash
from lantern.core.calendar import LONDON
from lantern.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactChild,
    DashAssessment,
    Decision,
    Referral,
)
from lantern.frontdoor.services import earlier_referral_within_a_year
from lantern.people.models import Involvement

from .harness import TINY, TODAY, digest_of_a_run, seed

NOW = datetime.combine(TODAY, time(7, 0), LONDON)


@pytest.fixture
def council(db):
    return seed()


def test_about_four_contacts_per_referral_and_a_fifth_re_referred(council):
    contacts, referrals = Contact.objects.count(), Referral.objects.count()
    assert referrals >= 20
    assert 3.5 <= contacts / referrals <= 5.5
    rereferred = Referral.objects.filter(rereferral=True).count()
    assert 0.1 <= rereferred / referrals <= 0.35
    for referral in Referral.objects.select_related("child"):
        earlier = earlier_referral_within_a_year(referral.child, referral.referral_date)
        assert (earlier is not None) == referral.rereferral, referral.pk
    assert council.front_door["contacts"] == contacts


def test_every_referral_comes_from_a_contact_decided_to_refer(council):
    for referral in Referral.objects.select_related("contact__decision"):
        contact = referral.contact
        decision = contact.decision
        assert decision.outcome in ("referral", "strategy")
        assert decision.decided_at >= contact.received_at
        assert referral.referral_date == contact.received_at.astimezone(LONDON).date()
        assert referral.source == contact.source
        assert ContactChild.objects.filter(contact=contact, child=referral.child_id).exists()
    # Every child-in-need episode that opened from a referral has its referral that day.
    referred = set(Referral.objects.values_list("child_id", "referral_date"))
    earliest = min(day for _, day in referred)
    by_child: dict[int, list] = {}
    for inv in Involvement.objects.order_by("start", "pk"):
        by_child.setdefault(inv.child_id, []).append(inv)
    opened = 0
    for child_id, stages in by_child.items():
        for i, inv in enumerate(stages):
            prev = stages[i - 1] if i else None
            stepped = prev is not None and prev.end == inv.start and prev.level != "early_help"
            if inv.level == "cin" and not stepped and inv.start >= earliest:
                opened += 1
                assert (child_id, inv.start) in referred, (child_id, inv.start)
    assert opened


def test_decisions_are_never_before_their_contact_and_mostly_on_time(council):
    decided = list(Decision.objects.select_related("contact"))
    assert decided
    late = 0
    for decision in decided:
        contact = decision.contact
        assert contact.decided
        assert contact.received_at <= decision.decided_at <= NOW
        assert contact.recorded_at >= contact.received_at
        if decision.authorised_at:
            assert decision.authorised_at >= decision.decided_at
            assert decision.authorised_by_id != decision.decided_by_id
        if decision.feedback_at:
            assert decision.feedback_at >= decision.decided_at
        late += decision.decided_at - contact.received_at > timedelta(hours=24)
    assert late / len(decided) < 0.4
    assert Contact.objects.filter(decided=True).count() == len(decided)
    for check in AgencyCheck.objects.select_related("contact"):
        assert check.requested_at >= check.contact.received_at
        assert check.answered_at is None or check.requested_at <= check.answered_at <= NOW


def test_domestic_abuse_decisions_carry_the_analysis(council):
    abuse = [d for d in Decision.objects.select_related("contact")
             if d.contact.has_domestic_abuse]
    assert abuse
    for decision in abuse:
        assert decision.risk_analysis and decision.protective_factors and decision.lived_experience
    for assessment in DashAssessment.objects.select_related("contact"):
        assert assessment.contact.has_domestic_abuse
        result = dash.score({int(k): v for k, v in assessment.answers.items()},
                            professional_judgement=assessment.professional_judgement)
        assert (result.yes_count, result.risk.value) == (assessment.yes_count, assessment.risk)
        assert assessment.marac_referral == result.marac


def test_a_live_backlog_awaits_a_decision_at_today(council):
    waiting = list(Contact.objects.filter(decided=False))
    assert len(waiting) == TINY.frontdoor_backlog
    for contact in waiting:
        assert not Decision.objects.filter(contact=contact).exists()
        assert NOW - timedelta(days=3) <= contact.received_at <= NOW
        assert contact.child_links.exists()
    assert Contact.objects.filter(decided=False, screener__username="demo.front_door").exists()


def front_door_digest() -> str:
    contacts = Contact.objects.order_by("submission_key").values_list(
        "submission_key", "received_at", "source", "method", "categories", "rag",
        "referrer_name", "decision__outcome", "decision__decided_at")
    links = ContactChild.objects.order_by("contact__submission_key", "child__council_id").values_list(
        "contact__submission_key", "child__council_id")
    referrals = Referral.objects.order_by("child__council_id", "referral_date").values_list(
        "child__council_id", "referral_date", "primary_need", "rereferral", "nfa")
    return hashlib.sha256(repr((list(contacts), list(links), list(referrals))).encode()).hexdigest()




@pytest.mark.django_db
def test_the_same_seed_and_today_give_the_same_front_door():
    first = digest_of_a_run(1, front_door_digest)
    assert not Contact.objects.exists()  # the run was rolled back
    assert digest_of_a_run(1, front_door_digest) == first
    assert digest_of_a_run(2, front_door_digest) != first


def test_the_audit_chain_verifies_with_the_front_door(council):
    verdict = verify()
    assert verdict.intact, verdict.problem
    assert verdict.count == council.rows["audit events"]
