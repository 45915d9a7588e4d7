"""Reads for the child's early help page."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from lantern.obligations.models import Obligation
from lantern.people.models import Involvement, Level
from lantern.plans.selectors import Clock, clock_of

from .models import EarlyHelpAssessment, EarlyHelpReview, Outcome

REVIEW_RULES = ("F5",)


@dataclass
class EarlyHelp:
    episodes: list[Involvement] = field(default_factory=list)
    assessments: list[EarlyHelpAssessment] = field(default_factory=list)

    @property
    def open_assessment(self) -> EarlyHelpAssessment | None:
        return next((a for a in self.assessments if a.is_open), None)

    @property
    def open_episode(self) -> Involvement | None:
        return next((e for e in self.episodes if e.end is None), None)

    @property
    def plans(self) -> list[EarlyHelpAssessment]:
        """The assessments that agreed an early help plan, newest first, each with its reviews
        and its F5 clock (``review_clock``)."""
        return [a for a in self.assessments if a.outcome == Outcome.PLAN]

    @property
    def plan_to_review(self) -> EarlyHelpAssessment | None:
        """The plan whose review can be recorded: the newest, while its episode is open."""
        plan = next(iter(self.plans), None)
        if plan is None or self.open_episode is None or plan.started_on < self.open_episode.start:
            return None
        return plan


def early_help(child, *, today: date) -> EarlyHelp:
    """The child's early help episodes and assessments, newest first, with the plans' reviews
    and review clocks from the ledger: four queries."""
    assessments = list(EarlyHelpAssessment.objects.filter(child=child).prefetch_related(
        Prefetch("reviews", queryset=EarlyHelpReview.objects.select_related("recorded_by"))))
    ledger = list(Obligation.objects.filter(child=child, rule_id__in=REVIEW_RULES))
    for a in assessments:
        a.review_clock = clock_of([ob for ob in ledger if ob.scope == f"earlyhelp:{a.pk}"], REVIEW_RULES,
                                  today=today) if a.outcome == Outcome.PLAN else Clock(None)
    return EarlyHelp(
        list(Involvement.objects.filter(child=child, level=Level.EARLY_HELP).order_by("-start", "-id")),
        assessments)
