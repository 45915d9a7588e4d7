"""Pages that record a family's care proceedings: issuing the application, listing a
hearing and recording what happened at it, the court's extension of the timetable (a
manager's), an order for a child and the conclusion.

They are for social workers and managers who may see a child of the case (the extension
for managers only); anyone else, and any id that is not the case's, gets a 404. Every page
saves through a service, shows a refusal on the form (GOV.UK error summary) and, once saved,
returns to the family's page.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone

from lantern.core.text import long_date

from ..forms import proceedings as f
from ..models import Hearing, Proceedings
from ..services.proceedings import (
    extension_grant,
    hearing_list,
    hearing_outcome,
    order_make,
    proceedings_conclude,
    proceedings_issue,
)
from .cases import case_form_page as _form_page


def _simple(form_class):
    return lambda data, _case, _thing: form_class(data)


def _proceedings_loader(proceedings_id):
    return lambda case: get_object_or_404(Proceedings, case=case, pk=proceedings_id)


def _concluded(proceedings) -> str:
    if proceedings.is_open:
        return ""
    return f"These proceedings concluded on {long_date(proceedings.concluded_on)}."


def issue_page(request, case_id: int):
    def needs(case):
        pp = case.pre_proceedings.order_by("-started_on", "-id").first()
        if pp is not None and pp.is_open:
            return (f"Pre-proceedings from {long_date(pp.started_on)} are still open. A manager records the "
                    "decision to issue before the proceedings are issued.")
        return ""

    def save(actor, now, case, _thing, form):
        proceedings_issue(actor=actor, now=now, case=case, **form.service_kwargs())

    return _form_page(request, case_id, make=_simple(f.IssueForm), save=save, needs=needs, load=lambda c: c,
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

    def needs(hearing):
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
    def make(data, case, _proceedings):
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
