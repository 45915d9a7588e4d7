"""Permanence on a child's record: the family's legal cases, the court orders made for the
child, the plans for permanence and the adoption timeline with its clocks (LA15, AD1-AD3,
read from the obligations ledger). Everyone who may see the child sees the page; social
workers and managers who may see the child record plans and the adoption steps."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.care.models import PeriodOfCare
from lantern.core.text import long_date
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status
from lantern.people.form_page import child_form_page
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.plans.selectors import CLOCK_TAGS

from ..forms import permanence as f
from ..models import AdoptionJourney, CourtOrder, LegalCase, PermanencePlan
from ..services.common import RECORDERS
from ..services.permanence import (
    STEPS,
    adoption_ceased_record,
    adoption_decision_record,
    adoption_order_record,
    adoption_review_record,
    adoption_step_record,
    permanence_plan_record,
)
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
        "can_record": request.user.role in RECORDERS,
    })


def _form_page(request, child_id, *, make, page: str, needs=None, **kwargs):
    """One recording page of the child's permanence (``make(data, journey)``,
    ``needs(journey)``): the shared child form page."""
    return child_form_page(request, child_id, allowed=RECORDERS, section="permanence", back="legal:permanence",
                           back_text="Back to permanence", page=f"legal:{page}",
                           make=lambda data, _child, thing: make(data, thing),
                           needs=(lambda _child, thing: needs(thing)) if needs else None, **kwargs)


def plan_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        permanence_plan_record(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=lambda data, _none: f.PlanForm(data), save=save,
                      page="permanence-plan", heading="Record a plan for permanence", button="Save the plan",
                      done="Plan for permanence recorded")


def decision_page(request, child_id: int):
    def needs(_thing):
        child_open = AdoptionJourney.objects.filter(child_id=child_id, order_on__isnull=True,
                                                    ceased_on__isnull=True).first()
        if child_open:
            return (f"The decision of {long_date(child_open.decision_on)} that the child should be placed "
                    "for adoption is still open.")
        return ""

    def save(actor, now, child, _thing, form):
        adoption_decision_record(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=lambda data, _none: f.DecisionForm(data), save=save, needs=needs,
                      page="adoption-decision",
                      heading="Record the decision that the child should be placed for adoption",
                      button="Save the decision", done="Adoption decision recorded")


def _journey_loader(journey_id):
    return lambda child: get_object_or_404(AdoptionJourney, child=child, pk=journey_id)


def _journey_caption(journey) -> str:
    return f"Adoption decision of {long_date(journey.decision_on)}"


def _journey_ended(journey) -> str:
    if journey.order_on:
        return f"The adoption order was made on {long_date(journey.order_on)}."
    if journey.ceased_on:
        return (f"On {long_date(journey.ceased_on)} it was decided that the child should no longer be placed "
                "for adoption.")
    return ""


# Service field -> the step form's field, so each refusal shows beside what was typed.
STEP_FIELDS = {"order_on": "on", "ceased_on": "on", "reason": "ceased_reason"}


def step_page(request, child_id: int, journey_id: int):
    def make(data, journey):
        return f.StepForm(data, done=[step for step in STEPS if getattr(journey, step)])

    def save(actor, now, _child, journey, form):
        step, on = form.cleaned_data["step"], form.cleaned_data["on"]
        try:
            if step == "order":
                adoption_order_record(actor=actor, now=now, journey=journey, **form.order_kwargs())
            elif step == "ceased":
                adoption_ceased_record(actor=actor, now=now, journey=journey, ceased_on=on,
                                       reason=form.cleaned_data["ceased_reason"])
            else:
                adoption_step_record(actor=actor, now=now, journey=journey, step=step, on=on)
        except ValidationError as error:
            raise ValidationError({STEP_FIELDS.get(k, k): v for k, v in error.message_dict.items()}) from None

    return _form_page(request, child_id, make=make, save=save, load=_journey_loader(journey_id),
                      needs=_journey_ended, caption=_journey_caption, page="adoption-step",
                      heading="Record a step of the adoption timeline", button="Save",
                      done="Adoption timeline recorded")


def review_page(request, child_id: int, journey_id: int):
    def save(actor, now, _child, journey, form):
        adoption_review_record(actor=actor, now=now, journey=journey, **form.service_kwargs())

    return _form_page(request, child_id, make=lambda data, _journey: f.ReviewForm(data), save=save,
                      load=_journey_loader(journey_id), caption=_journey_caption, page="adoption-review",
                      heading="Record an adoption review", button="Save the review",
                      done="Adoption review recorded")


urlpatterns = [
    path("children/<int:child_id>/permanence/", index_page, name="permanence"),
    path("children/<int:child_id>/permanence/plan/", plan_page, name="permanence-plan"),
    path("children/<int:child_id>/permanence/adoption/", decision_page, name="adoption-decision"),
    path("children/<int:child_id>/permanence/adoption/<int:journey_id>/", step_page, name="adoption-step"),
    path("children/<int:child_id>/permanence/adoption/<int:journey_id>/review/", review_page,
         name="adoption-review"),
]
