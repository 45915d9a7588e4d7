"""Pages of the children-in-care area: health and education (assessments with their clocks
from the ledger, checks, SDQ, CAMHS and therapeutic support, PEPs and the Virtual School)
and family time (arrangements, sessions and the share of planned sessions that happened),
with a page to record each.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.core.text import long_date
from lantern.people.selectors import child_record

from .. import services as s
from ..forms import wellbeing as f
from ..models import FamilyTimeArrangement, HealthKind
from ..services.journey import PRACTITIONERS
from ..wellbeing import family_time_page, health_page
from .iro import form_page, record_context


def health_page_view(request, child_id: int):
    """The child's health and education in the current (or latest) period of care."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="care:health")
    return render(request, "care/wellbeing/health.html", {
        **record_context(request, child, today, "care:health"),
        "health": health_page(child, today=today),
        "can_record": request.user.role in PRACTITIONERS, "kinds": HealthKind})


def _looked_after_ever(child, _thing):
    return "" if child.care_periods.exists() else f"{child.full_name} has not been looked after."


def health_add_page(request, child_id: int):
    kind = request.GET.get("kind", "")

    def make(data, _thing):
        return f.HealthRecordForm(data, initial={"kind": kind} if kind in HealthKind.values
                                  else {})

    def save(actor, now, child, _thing, form):
        s.health_record_add(actor=actor, now=now, child=child, **form.cleaned_data)

    return form_page(request, child_id, make=make, save=save, page="health-add",
                     heading="Record a health assessment, check or referral", button="Save",
                     done="Health record added", back="care:health", needs=_looked_after_ever)


def pep_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        s.pep_record(actor=actor, now=now, child=child, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.PepForm(data), save=save,
                     page="pep-record", heading="Record a personal education plan meeting",
                     button="Save PEP", done="PEP recorded", back="care:health",
                     needs=_looked_after_ever)


def family_time_view(request, child_id: int):
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="care:family-time")
    return render(request, "care/wellbeing/family_time.html", {
        **record_context(request, child, today, "care:family-time"),
        "family": family_time_page(child, today=today),
        "can_record": request.user.role in PRACTITIONERS})


def _looked_after_now(child, _thing):
    return "" if child.care_periods.filter(end__isnull=True).exists() else (
        f"{child.full_name} is not looked after.")


def arrange_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        s.family_time_arrange(actor=actor, now=now, child=child, **form.service_kwargs())

    return form_page(request, child_id, make=lambda data, _t: f.ArrangeFamilyTimeForm(data),
                     save=save, page="family-time-arrange", heading="Arrange family time",
                     button="Save arrangement", done="Family time arranged",
                     back="care:family-time", needs=_looked_after_now)


def _arrangement_loader(arrangement_id):
    def load(child):
        try:
            arrangement = FamilyTimeArrangement.objects.get(child=child, pk=int(arrangement_id))
        except (FamilyTimeArrangement.DoesNotExist, ValueError, TypeError):
            raise Http404("No such arrangement") from None
        arrangement.child = child
        return arrangement
    return load


def _about(arrangement) -> str:
    return f"Family time with {arrangement.with_whom} from {long_date(arrangement.start)}"


def _not_ended(child, arrangement):
    return "This arrangement has ended." if arrangement.end else ""


def end_page(request, child_id: int, arrangement_id: int):
    def save(actor, now, _child, arrangement, form):
        s.family_time_end(actor=actor, now=now, arrangement=arrangement, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.EndFamilyTimeForm(data),
                     save=save, page="family-time-end", heading="End the family time arrangement",
                     button="End the arrangement", done="Family time arrangement ended",
                     back="care:family-time", load=_arrangement_loader(arrangement_id),
                     needs=_not_ended, describe=_about)


def session_page(request, child_id: int, arrangement_id: int):
    def save(actor, now, _child, arrangement, form):
        s.family_time_session_record(actor=actor, now=now, arrangement=arrangement,
                                     **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.SessionForm(data), save=save,
                     page="family-time-session", heading="Record a family time session",
                     button="Save session", done="Session recorded", back="care:family-time",
                     load=_arrangement_loader(arrangement_id), describe=_about)


CHILD = "children/<int:child_id>/care/"
ARRANGEMENT = CHILD + "family-time/<int:arrangement_id>/"
urlpatterns = [
    path(CHILD + "health/", health_page_view, name="health"),
    path(CHILD + "health/add/", health_add_page, name="health-add"),
    path(CHILD + "health/pep/", pep_page, name="pep-record"),
    path(CHILD + "family-time/", family_time_view, name="family-time"),
    path(CHILD + "family-time/arrange/", arrange_page, name="family-time-arrange"),
    path(ARRANGEMENT + "end/", end_page, name="family-time-end"),
    path(ARRANGEMENT + "record-session/", session_page, name="family-time-session"),
]
