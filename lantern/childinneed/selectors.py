"""Reads of child in need plans. The child comes through the access module first
(``child_record``); the clocks (CIN1 plan in place, CIN2 reviews, CIN3 visits) are read from
the obligations ledger."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from lantern.frontdoor.models import Referral
from lantern.obligations.models import Obligation
from lantern.plans.selectors import PLAN_PARTS, Clock, clock_of, ledger_rows, plan_or_404
from lantern.protection.models import Plan as CPPlan

from .models import Plan, Review


@dataclass
class ChildInNeedRecord:
    plans: list[Plan]
    cin1: list[Clock]  # one per assessment that found the child in need, newest first
    cp_plan: CPPlan | None  # the open child protection plan, which carries the work instead
    referrals: list[Referral]  # those a plan can start on

    @property
    def open_plan(self) -> Plan | None:
        return next((p for p in self.plans if p.is_open), None)


def child_in_need(child, *, today: date) -> ChildInNeedRecord:
    """A child's child in need plans, CIN1 from the ledger and what a new plan needs. Four
    queries whatever the history."""
    cin1 = [clock_of([ob], ("CIN1",), today=today) for ob in
            Obligation.objects.filter(child=child, rule_id="CIN1").order_by("-start_on", "-id")]
    return ChildInNeedRecord(
        list(Plan.objects.filter(child=child).select_related("from_cp_plan")), cin1,
        CPPlan.objects.filter(child=child, end__isnull=True).first(),
        list(Referral.objects.filter(child=child, nfa=False).order_by("-referral_date", "-id")))


@dataclass
class PlanPage:
    plan: Plan
    reviews: list[Review]
    review_clock: Clock
    visit_clock: Clock


def cin_plan(child, plan_id, *, today: date) -> PlanPage:
    """One child in need plan of a child the user may see, with its reviews, visits and
    actions prefetched and its clocks from the ledger (404 otherwise)."""
    plans = Plan.objects.select_related("from_cp_plan").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.select_related("recorded_by").order_by("-held_on", "-id")),
        *PLAN_PARTS)
    plan = plan_or_404(plans, child, plan_id)
    ledger = ledger_rows(child.pk, [plan.scope], ("CIN2", "CIN3"))
    return PlanPage(plan, list(plan.reviews.all()), clock_of(ledger, ("CIN2",), today=today),
                    clock_of(ledger, ("CIN3",), today=today))
