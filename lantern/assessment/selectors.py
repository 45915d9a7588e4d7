"""Reads of assessments. The child comes through the access module first (``child_record``);
every clock shown is read from the obligations ledger (A1, A2), never recomputed.

Working days elapsed are shown both ways, from the referral (the statutory clock) and
from the actual start (used in practice), counted with the England calendar.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.http import Http404

from lantern.core.calendar import ENGLAND
from lantern.core.engine import ObligationStatus
from lantern.frontdoor.models import Referral
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status

from .models import Assessment, AssessmentSeen

STATUS_TAGS = {
    ObligationStatus.MET: ("green", "Completed in time"),
    ObligationStatus.MET_LATE: ("red", "Completed late"),
    ObligationStatus.OVERDUE: ("red", "Overdue"),
    ObligationStatus.DUE_SOON: ("orange", "Due soon"),
    ObligationStatus.UPCOMING: ("blue", "In time"),
    ObligationStatus.NO_LONGER_REQUIRED: ("grey", "Not required"),
}


@dataclass
class AssessmentRow:
    """One referral with its assessment (if any) and its clocks from the ledger."""

    referral: Referral
    assessment: Assessment | None
    a1: Obligation | None  # referral to assessment concluded, 45 working days
    a2: Obligation | None  # completion to authorisation (local)
    today: date

    @property
    def due(self) -> date | None:
        return self.a1.due_on if self.a1 else None

    @property
    def status(self) -> ObligationStatus | None:
        return status(self.a1, today=self.today) if self.a1 else None

    @property
    def tag(self) -> tuple[str, str] | None:
        return STATUS_TAGS.get(self.status) if self.status else None

    @property
    def late(self) -> bool:
        return self.status in (ObligationStatus.MET_LATE, ObligationStatus.OVERDUE)

    @property
    def late_reason(self) -> str:
        return self.a1.late_reason if self.a1 else ""

    @property
    def _until(self) -> date:
        a = self.assessment
        return a.completed if a and a.completed else self.today

    @property
    def days_from_referral(self) -> int:
        return ENGLAND.working_days_between(self.referral.referral_date, self._until)

    @property
    def days_from_start(self) -> int | None:
        if self.assessment is None:
            return None
        return ENGLAND.working_days_between(self.assessment.start, self._until)

    @property
    def authorisation_due(self) -> date | None:
        return self.a2.due_on if self.a2 else None


def _clocks(referral_ids: list[int], child_id: int) -> dict[tuple[str, str], Obligation]:
    scopes = [f"cin:{pk}" for pk in referral_ids]
    rows = Obligation.objects.filter(child_id=child_id, rule_id__in=("A1", "A2"), scope__in=scopes)
    return {(ob.rule_id, ob.scope): ob for ob in rows}


def _assessments():
    return Assessment.objects.select_related("worker", "authorised_by", "referral").prefetch_related(
        Prefetch("seen", queryset=AssessmentSeen.objects.order_by("seen_on", "id")))


def child_assessments(child, *, today: date) -> list[AssessmentRow]:
    """Every referral of a child (already fetched through the access module), newest first,
    with its assessment and A1/A2 from the ledger. Four queries whatever the history."""
    referrals = list(Referral.objects.filter(child=child).order_by("-referral_date", "-id"))
    by_referral = {a.referral_id: a for a in _assessments().filter(child=child)}
    clocks = _clocks([r.pk for r in referrals], child.pk)
    return [AssessmentRow(r, by_referral.get(r.pk), clocks.get(("A1", f"cin:{r.pk}")),
                          clocks.get(("A2", f"cin:{r.pk}")), today) for r in referrals]


def assessment_row(child, assessment_id, *, today: date) -> AssessmentRow:
    """One assessment of a child the user may see (404 otherwise, as if it did not exist)."""
    try:
        assessment = _assessments().get(child=child, pk=int(assessment_id))
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assessment") from None
    clocks = _clocks([assessment.referral_id], child.pk)
    scope = assessment.scope
    return AssessmentRow(assessment.referral, assessment, clocks.get(("A1", scope)),
                         clocks.get(("A2", scope)), today)


def referrals_awaiting_assessment(child) -> list[Referral]:
    """The child's referrals not closed with no further action and not yet assessed."""
    return list(Referral.objects.filter(child=child, nfa=False, assessments__isnull=True)
                .order_by("-referral_date", "-id"))

