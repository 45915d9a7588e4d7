"""The synthetic council's assessments: most referrals assessed, most in time, late ones
explained, authorised by the worker's team manager, the same for the same seed."""

from datetime import date

import pytest
from django.db import transaction

from lantern.assessment.models import Assessment, AssessmentSeen
from lantern.core.calendar import ENGLAND
from lantern.frontdoor.models import Referral
from lantern.obligations.models import Obligation
from lantern.seed.generator import generate
from lantern.seed.sizes import SIZES

TODAY = date(2026, 3, 31)


class Rollback(Exception):
    pass


def _digest(seed):
    found = {}
    with pytest.raises(Rollback), transaction.atomic():
        generate(size=SIZES["tiny"], seed=seed, today=TODAY)
        found["rows"] = list(Assessment.objects.order_by("referral__referral_date", "child__council_id")
                             .values_list("child__council_id", "start", "completed", "outcome", "factors",
                                          "authorised"))
        raise Rollback
    return found["rows"]


@pytest.mark.django_db
def test_the_tiny_council_has_timely_explained_and_authorised_assessments():
    generate(size=SIZES["tiny"], seed=1, today=TODAY)
    referrals = Referral.objects.filter(nfa=False).count()
    assessments = list(Assessment.objects.select_related("referral", "worker__team"))
    assert len(assessments) >= 0.8 * referrals
    for a in assessments:
        assert 0 <= ENGLAND.working_days_between(a.referral.referral_date, a.start) <= 5
        assert a.completed is None or a.completed >= a.start
    seen = AssessmentSeen.objects.values_list("assessment_id", flat=True)
    assert all(1 <= list(seen).count(a.pk) <= 4 for a in assessments if a.completed)
    a1 = list(Obligation.objects.filter(rule_id="A1", met_on__isnull=False))
    in_time = sum(o.met_on <= o.due_on for o in a1)
    assert 0.7 <= in_time / len(a1) <= 0.95
    assert all(o.late_reason for o in a1 if o.met_on > o.due_on)
    done = [a for a in assessments if a.completed]
    assert all(a.factors and a.analysis and a.outcome for a in done)
    authorised = [a for a in done if a.authorised]
    assert len(authorised) >= 0.8 * len(done)
    assert all(a.authorised_by_id != a.worker_id and a.authorised >= a.completed for a in authorised)
    by_manager = sum(a.authorised_by_id == a.worker.team.manager_id for a in authorised)
    assert by_manager >= 0.8 * len(authorised)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_assessments():
    first = _digest(1)
    assert first and _digest(1) == first
