"""Pages that record a family's care proceedings: issuing the application, listing a
hearing and recording what happened at it, the court's extension of the timetable (a
manager's), an order for a child and the conclusion.

They are for social workers and managers who may see a child of the case (the extension
for managers only); anyone else, and any id that is not the case's, gets a 404. Every page
saves through a service, shows a refusal on the form (GOV.UK error summary) and, once saved,
returns to the family's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record
from lantern.core.text import long_date
from lantern.web.forms import add_service_errors

from ..forms import proceedings as f
from ..models import Hearing, Proceedings
from ..selectors import case_for
from ..services.common import DECIDERS, RECORDERS
from ..services.proceedings import (
    extension_grant,
    hearing_list,
    hearing_outcome,
    order_make,
    proceedings_conclude,
    proceedings_issue,
)


def _form_page(request, case_id, *, make, save, heading: str, button: str, done: str, load=None,
               needs=None, caption=None, decision: bool = False):
    """One recording page of a family's proceedings. ``load(case)`` fetches the proceedings
    or hearing (404 when not the case's), ``needs(case, thing)`` says why the form is not
    offered, ``make(data, case)`` builds the form, ``save(actor, now, case, thing, form)``
    calls the service."""
    if request.user.role not in (DECIDERS if decision else RECORDERS):
        raise Http404("No such page")
    case = case_for(request.user, case_id)
    thing = load(case) if load else None
    unavailable = needs(case, thing) if needs else ""
    form = None if unavailable else make(request.POST if request.method == "POST" else None, case)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            save(request.user, timezone.now(), case, thing, form)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotPermitted as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect("legal:case", case.pk)
    for child in case.visible_children:
        access_record(user=request.user, child=child, page=request.resolver_match.view_name)
    return render(request, "legal/proc_form.html", {
        "case": case, "form": form, "heading": heading, "button": button, "unavailable": unavailable,
        "caption": caption(thing) if caption and thing else case.family_name})


def _simple(form_class):
    return lambda data, _case: form_class(data)


def _proceedings_loader(proceedings_id):
    return lambda case: get_object_or_404(Proceedings, case=case, pk=proceedings_id)


def _concluded(_case, proceedings) -> str:
    if proceedings.is_open:
        return ""
    return f"These proceedings concluded on {long_date(proceedings.concluded_on)}."


def issue_page(request, case_id: int):
    def needs(case, _thing):
        pp = case.pre_proceedings.order_by("-started_on", "-id").first()
        if pp is not None and pp.is_open:
            return (f"Pre-proceedings from {long_date(pp.started_on)} are still open. A manager records the "
                    "decision to issue before the proceedings are issued.")
        return ""

    def save(actor, now, case, _thing, form):
        proceedings_issue(actor=actor, now=now, case=case, **form.service_kwargs())

    return _form_page(request, case_id, make=_simple(f.IssueForm), save=save, needs=needs,
                      heading="Record that proceedings were issued", button="Save the application",
                      done="Proceedings recorded")


def hearing_list_page(request, case_id: int, proceedings_id: int):
    def save(actor, now, _case, proceedings, form):
        hearing_list(actor=actor, now=now, proceedings=proceedings, **form.service_kwargs())

    return _form_page(request, case_id, load=_proceedings_loader(proceedings_id), needs=_concluded, caption=str,
                      make=_simple(f.HearingForm), save=save, heading="Record a hearing listed",
                      button="Save the hearing", done="Hearing recorded")


def hearing_outcome_page(request, case_id: int, hearing_id: int):
    def load(case):
        return get_object_or_404(Hearing.objects.select_related("proceedings"), proceedings__case=case,
                                 pk=hearing_id)

    def needs(_case, hearing):
        if hearing.held or hearing.adjourned:
            return f"This hearing was {'held' if hearing.held else 'adjourned'}."
        if hearing.listed_for > timezone.localdate():
            return (f"This hearing is listed for {long_date(hearing.listed_for)}. Record what happened once "
                    "it has taken place.")
        return ""

    def save(actor, now, _case, hearing, form):
        hearing_outcome(actor=actor, now=now, hearing=hearing, **form.service_kwargs())

    return _form_page(request, case_id, load=load, needs=needs, make=_simple(f.OutcomeForm), save=save,
                      caption=lambda h: f"{h.get_kind_display()} listed for {long_date(h.listed_for)}",
                      heading="Record what happened at the hearing", button="Save",
                      done="Hearing outcome recorded")


def extension_page(request, case_id: int, proceedings_id: int):
    def save(actor, now, _case, proceedings, form):
        extension_grant(actor=actor, now=now, proceedings=proceedings, **form.service_kwargs())

    return _form_page(request, case_id, load=_proceedings_loader(proceedings_id), needs=_concluded, caption=str,
                      make=_simple(f.ExtensionForm), save=save, decision=True,
                      heading="Record an extension of the timetable", button="Save the extension",
                      done="Extension recorded")


def order_page(request, case_id: int, proceedings_id: int):
    def make(data, case):
        return f.OrderForm(data, children=case.visible_children)

    def save(actor, now, _case, proceedings, form):
        order_make(actor=actor, now=now, proceedings=proceedings, **form.service_kwargs())

    return _form_page(request, case_id, load=_proceedings_loader(proceedings_id), needs=_concluded, caption=str,
                      make=make, save=save, heading="Record an order the court made", button="Save the order",
                      done="Order recorded")


def conclude_page(request, case_id: int, proceedings_id: int):
    def save(actor, now, _case, proceedings, form):
        proceedings_conclude(actor=actor, now=now, proceedings=proceedings, **form.service_kwargs())

    return _form_page(request, case_id, load=_proceedings_loader(proceedings_id), needs=_concluded, caption=str,
                      make=_simple(f.ConcludeForm), save=save, heading="Record that the proceedings concluded",
                      button="Save the conclusion", done="Proceedings concluded")


urlpatterns = [
    path("legal/<int:case_id>/proceedings/new/", issue_page, name="issue"),
    path("legal/<int:case_id>/proceedings/<int:proceedings_id>/hearings/new/", hearing_list_page,
         name="hearing-list"),
    path("legal/<int:case_id>/hearings/<int:hearing_id>/", hearing_outcome_page, name="hearing-outcome"),
    path("legal/<int:case_id>/proceedings/<int:proceedings_id>/extension/", extension_page, name="extension"),
    path("legal/<int:case_id>/proceedings/<int:proceedings_id>/order/", order_page, name="order"),
    path("legal/<int:case_id>/proceedings/<int:proceedings_id>/conclude/", conclude_page, name="conclude"),
]
