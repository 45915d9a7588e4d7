"""Permanence on a child's record: the family's legal cases, the court orders made for the
child, the plans for permanence and the adoption timeline with its clocks (LA15, AD1-AD3,
read from the obligations ledger). Everyone who may see the child sees the page; social
workers and managers who may see the child record plans and the adoption steps."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.care.models import PeriodOfCare
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.plans.selectors import CLOCK_TAGS

from ..models import AdoptionJourney, CourtOrder, LegalCase, PermanencePlan
from ..services.common import RECORDERS
from .tracker import READERS as CASE_READERS

ADOPTION_RULES = ("AD1", "AD2", "AD3")


@dataclass
class LedgerClock:
    """One ledger row as the page shows it."""

    obligation: Obligation
    tag: tuple[str, str] | None


def _clocks(rows, today) -> list[LedgerClock]:
    return [LedgerClock(ob, CLOCK_TAGS.get(status(ob, today=today))) for ob in rows]


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section="permanence"), "child": child}


def index_page(request, child_id: int):
    """The child's legal cases, court orders, plans for permanence and adoption timeline."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="legal:permanence")
    periods = list(PeriodOfCare.objects.filter(child=child).order_by("-start", "-id"))
    journeys = list(AdoptionJourney.objects.filter(child=child).prefetch_related("reviews")
                    .order_by("-decision_on", "-id"))
    scopes = [p.scope for p in periods]
    for journey in journeys:
        scopes += [journey.scope, f"{journey.scope}:placed"]
    rows = list(Obligation.objects.filter(child=child, scope__in=scopes,
                                          rule_id__in=("LA15", *ADOPTION_RULES))
                .order_by("start_on", "due_on", "id"))
    for journey in journeys:
        journey.clocks = _clocks([ob for ob in rows if ob.scope in (journey.scope, f"{journey.scope}:placed")],
                                 today)
        journey.is_open = journey.order_on is None and journey.ceased_on is None
    return render(request, "legal/perm_index.html", {**_frame(request, child, today),
        "cases": LegalCase.objects.filter(memberships__child=child).distinct().order_by("-opened_on", "-id"),
        "can_open_case": request.user.role in CASE_READERS,
        "orders": CourtOrder.objects.filter(child=child).select_related("proceedings").order_by("-made_on", "-id"),
        "plans": PermanencePlan.objects.filter(child=child).select_related("period").order_by("-agreed_on", "-id"),
        "plan_clocks": _clocks([ob for ob in rows if ob.rule_id == "LA15"], today),
        "journeys": journeys,
        "has_open_journey": any(j.is_open for j in journeys),
        "can_record": False,  # the recording pages follow
    })


urlpatterns = [
    path("children/<int:child_id>/permanence/", index_page, name="permanence"),
]
