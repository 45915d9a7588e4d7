"""The synthetic council's early help assessments: most early help episodes have one, each
as the early help service would accept it."""

import pytest
from django.db import transaction

from lantern.earlyhelp.models import EarlyHelpAssessment
from lantern.people.models import Involvement

from .harness import TODAY, Rollback, seed

pytestmark = pytest.mark.django_db


def test_early_help_episodes_mostly_have_an_assessment_the_service_would_accept():
    with pytest.raises(Rollback), transaction.atomic():
        summary = seed(3)
        episodes = list(Involvement.objects.filter(level="early_help").values_list("child_id", "start", "end"))
        found = list(EarlyHelpAssessment.objects.values_list("child_id", "started_on", "completed_on", "outcome"))
        assert summary.rows["early help assessments"] == len(found) > 0
        assert 0.7 <= len(found) / len(episodes) <= 0.95
        for child, started, completed, outcome in found:
            assert started <= TODAY and (completed is None or started <= completed <= TODAY)
            assert (completed is None) == (outcome == "")
            assert any(c == child and s <= started and (e is None or started < e) for c, s, e in episodes)
        open_children = [child for child, _s, completed, _o in found if completed is None]
        assert len(open_children) == len(set(open_children))  # one open assessment at a time
        # Plans are reviewed while early help lasts, most within F5's 12 weeks, some late.
        from lantern.earlyhelp.models import EarlyHelpReview
        from lantern.obligations.models import Obligation

        reviews = list(EarlyHelpReview.objects.values_list("assessment__completed_on", "assessment__outcome",
                                                          "held_on"))
        assert summary.rows["early help plan reviews"] == len(reviews) > 0
        assert all(outcome == "plan" and agreed < held <= TODAY for agreed, outcome, held in reviews)
        met = list(Obligation.objects.filter(rule_id="F5", met_on__isnull=False).values_list("due_on", "met_on"))
        late = sum(1 for due, on in met if on > due)
        assert met and 0.05 <= late / len(met) <= 0.3
        raise Rollback

