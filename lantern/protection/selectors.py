"""Reads of child protection. The child comes through the access module first (``child_record``);
every clock shown (CP2, CP2-DFE, CP4, CP5, CP7, CP8, CP9) is read from the obligations ledger.

Working days from the section 47 start to the initial conference (the DfE's measure) are
counted with the England calendar, next to the ledger's CP2-DFE row.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404

from lantern.core.calendar import ENGLAND
from lantern.frontdoor.models import Referral
from lantern.plans.selectors import PLAN_PARTS, Clock, clock_of, ledger_rows, plan_or_404
from lantern.staff.models import MANAGER_ROLES, Role, User

from .models import (
    Agency,
    Conference,
    ConferenceKind,
    Enquiry,
    EnquiryOutcome,
    Participant,
    Plan,
    StrategyDiscussion,
)
from .services import PRACTITIONERS

ICPC_RULES = ("CP2", "CP2-DFE")
AGENCY_LABELS = dict(Agency.choices)
PLAN_RULES = ("CP4", "CP5", "CP7", "CP8", "CP9")


@dataclass
class EnquiryRow:
    """A section 47 enquiry with its initial conference (if held) and the ICPC clocks."""

    enquiry: Enquiry
    conference: Conference | None
    cp2: Clock
    dfe: Clock
    today: date

    @property
    def days_from_s47(self) -> int:
        """Working days from the s47 start to the conference (so far, while none is held)."""
        until = self.conference.held_on if self.conference else self.today
        return ENGLAND.working_days_between(self.enquiry.start, until)

    @property
    def awaiting_conference(self) -> bool:
        return self.enquiry.outcome == EnquiryOutcome.CONFERENCE and self.conference is None


@dataclass
class ProtectionRecord:
    discussions: list[StrategyDiscussion]
    enquiries: list[EnquiryRow]
    plans: list[Plan]


def _discussions():
    return StrategyDiscussion.objects.select_related("chair", "referral").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.order_by("id")))


def _enquiries():
    initial = Conference.objects.filter(kind=ConferenceKind.INITIAL).select_related("chair", "plan")
    return Enquiry.objects.select_related("strategy", "worker", "referral").prefetch_related(
        Prefetch("conferences", queryset=initial, to_attr="initial_conferences"))


def _rows(child, enquiries, today) -> list[EnquiryRow]:
    ledger = ledger_rows(child.pk, {e.scope for e in enquiries}, ICPC_RULES)
    rows = []
    for e in enquiries:
        mine = [ob for ob in ledger if ob.scope == e.scope]
        rows.append(EnquiryRow(e, e.initial_conferences[0] if e.initial_conferences else None,
                               clock_of(mine, ("CP2",), today=today),
                               clock_of(mine, ("CP2-DFE",), today=today), today))
    return rows


def child_protection(child, *, today: date) -> ProtectionRecord:
    """A child's strategy discussions, enquiries (with their initial conferences and clocks)
    and plans, newest first. Six queries whatever the history."""
    enquiries = list(_enquiries().filter(child=child))
    return ProtectionRecord(list(_discussions().filter(child=child)), _rows(child, enquiries, today),
                            list(Plan.objects.filter(child=child)))


def enquiry_row(child, enquiry_id, *, today: date) -> EnquiryRow:
    """One enquiry of a child the user may see (404 otherwise, as if it did not exist)."""
    try:
        enquiry = _enquiries().get(child=child, pk=int(enquiry_id))
    except (Enquiry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such enquiry") from None
    enquiry.strategy = _discussions().get(pk=enquiry.strategy_id)
    return _rows(child, [enquiry], today)[0]


def strategy_referrals(child) -> list[Referral]:
    """The child's referrals a strategy discussion can belong to (not closed with no further action)."""
    return list(Referral.objects.filter(child=child, nfa=False).order_by("-referral_date", "-id"))


def strategy_chairs(actor, child):
    """Who can be named as chairing a strategy discussion: managers, the actor, the child's
    worker and the actor's team."""
    allocated = child.social_worker.worker_id if child.social_worker else None
    who = Q(role__in=MANAGER_ROLES) | Q(pk=actor.pk) | Q(pk=allocated)
    if actor.team_id:
        who |= Q(team_id=actor.team_id)
    return User.objects.filter(who, is_active=True, role__in=PRACTITIONERS).order_by("last_name", "first_name")


def conference_chairs():
    """Conferences are chaired by an independent reviewing officer or a manager."""
    return User.objects.filter(is_active=True, role__in={Role.IRO, *MANAGER_ROLES}).order_by(
        "last_name", "first_name")


@dataclass
class PlanPage:
    plan: Plan
    conferences: list[Conference]
    core_groups: list
    core_group_clock: Clock
    review_clock: Clock
    visit_clock: Clock


def cp_plan(child, plan_id, *, today: date) -> PlanPage:
    """One child protection plan of a child the user may see, with its conferences, core
    groups, visits and actions prefetched and its clocks from the ledger (404 otherwise)."""
    plans = Plan.objects.prefetch_related(
        Prefetch("conferences", queryset=Conference.objects.select_related("chair").order_by("-held_on", "-id")),
        "core_groups", *PLAN_PARTS)
    plan = plan_or_404(plans, child, plan_id)
    core_groups = list(plan.core_groups.all())
    for group in core_groups:
        group.agency_labels = [AGENCY_LABELS.get(a, a) for a in group.agencies]
    ledger = ledger_rows(child.pk, [plan.scope], PLAN_RULES)
    return PlanPage(plan, list(plan.conferences.all()), core_groups,
                    clock_of(ledger, ("CP4", "CP5"), today=today),
                    clock_of(ledger, ("CP7", "CP8"), today=today),
                    clock_of(ledger, ("CP9",), today=today))
