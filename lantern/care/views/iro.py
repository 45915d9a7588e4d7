"""Pages of the children-in-care area: looked-after reviews and the IRO's work. On the
child's record, the reviews, the IRO's contacts and the disputes with their stages, and a
page for each step of a dispute; for managers, every open dispute they may see, its stage,
its age against IR1's 20 working days and its response clock, and those closed this year.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.core.text import long_date
from lantern.people.form_page import child_form_page
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.staff.models import MANAGER_ROLES, Role

from .. import services as s
from ..forms import iro as f
from ..iro import (
    IR1_WORKING_DAYS,
    child_dispute,
    dispute_overview,
    dispute_stage_of,
    reviews_record,
)
from ..services.iro import dispute_stages, stage_label
from ..services.journey import PRACTITIONERS

IROS = frozenset({Role.IRO})
OVERVIEW_READERS = MANAGER_ROLES | {Role.IRO, Role.PERFORMANCE}
CARE_PARTS = (("care:index", "Care and placements"), ("care:reviews", "Reviews and disputes"),
              ("care:health", "Health and education"), ("care:family-time", "Family time"))


def care_nav(child, active: str) -> list[dict]:
    """The children-in-care pages of the child's record, this one marked."""
    items = []
    for name, text in CARE_PARTS:
        try:
            items.append({"text": text, "href": reverse(name, args=[child.pk]),
                          "active": name == active})
        except NoReverseMatch:
            continue
    return items


def record_context(request, child, today, active: str) -> dict:
    return {**record_frame(request.user, child, today=today, section="care"), "child": child,
            "care_nav": care_nav(child, active), "today": today}


def form_page(request, child_id, *, make, page, back, allowed=PRACTITIONERS, describe=None, **kwargs):
    """One recording page of the child's reviews, health or family time (``make(data,
    thing)``, ``describe(thing)`` for the caption), back to ``back``: the shared child form
    page, with the children-in-care pages' navigation."""
    return child_form_page(
        request, child_id, allowed=allowed, section="care", back=back, back_text="Back", page=f"care:{page}",
        make=lambda data, _child, thing: make(data, thing), caption=describe, refusals=(s.CareError,),
        context=lambda child, today: {"care_nav": care_nav(child, back), "today": today}, **kwargs)


def _review_form_url(child) -> str:
    for name in ("care:review-new", "care:record-review"):
        try:
            return reverse(name, args=[child.pk])
        except NoReverseMatch:
            continue
    return ""


def reviews_page(request, child_id: int):
    """The child's looked-after reviews, IRO contacts and disputes."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="care:reviews")
    record = reviews_record(child, today=today)
    role = request.user.role
    return render(request, "care/iro/reviews.html", {
        **record_context(request, child, today, "care:reviews"), "record": record,
        "is_iro": role == Role.IRO, "can_record": role in PRACTITIONERS,
        "review_form": _review_form_url(child) if role in PRACTITIONERS else "",
        "limit": IR1_WORKING_DAYS})


def _looked_after(child, _thing):
    return "" if child.care_periods.filter(end__isnull=True).exists() else (
        f"{child.full_name} is not looked after.")


def raise_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        s.dispute_raise(actor=actor, now=now, child=child, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.RaiseDisputeForm(data),
                     save=save, page="dispute-raise", heading="Raise a dispute",
                     button="Raise the dispute", done="Dispute raised", back="care:reviews",
                     needs=_looked_after, allowed=IROS)


def _dispute_loader(dispute_id):
    return lambda child: child_dispute(child, dispute_id)


def _about(dispute) -> str:
    return f"Dispute raised on {long_date(dispute.raised_on)}: {dispute.concern}"


def _about_stage(stage) -> str:
    return (f"{stage_label(stage.stage)}: opened {long_date(stage.opened_on)}, response due "
            f"{long_date(stage.response_due)}")


def _open(child, dispute):
    return "This dispute is closed." if dispute.closed_on else ""


def escalate_page(request, child_id: int, dispute_id: int):
    def make(data, dispute):
        last = dispute.stages.order_by("-opened_on", "-id").first()
        order = {st.key: st.order for st in dispute_stages()}
        later = [st for st in dispute_stages() if st.order > order.get(last.stage, -1)]
        return f.EscalateDisputeForm(data, stages=later)

    def needs(child, dispute):
        if dispute.closed_on:
            return "This dispute is closed."
        last = dispute.stages.order_by("-opened_on", "-id").first()
        if last.stage == dispute_stages()[-1].key:
            return ("The dispute is at the last stage. If it cannot be resolved, close it "
                    "with a referral to Cafcass.")
        return ""

    def save(actor, now, _child, dispute, form):
        s.dispute_escalate(actor=actor, now=now, dispute=dispute, **form.cleaned_data)

    return form_page(request, child_id, make=make, save=save, page="dispute-escalate",
                     heading="Escalate the dispute", button="Escalate", done="Dispute escalated",
                     back="care:reviews", load=_dispute_loader(dispute_id), needs=needs,
                     describe=_about)


def respond_page(request, child_id: int, dispute_id: int, stage_id: int):
    def load(child):
        return dispute_stage_of(child_dispute(child, dispute_id), stage_id)

    def needs(child, stage):
        if stage.dispute.closed_on:
            return "This dispute is closed."
        return "The response at this stage is already recorded." if stage.responded_on else ""

    def save(actor, now, _child, stage, form):
        s.dispute_respond(actor=actor, now=now, stage=stage, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.RespondForm(data), save=save,
                     page="dispute-respond", heading="Record the response",
                     button="Save the response", done="Response recorded", back="care:reviews",
                     load=load, needs=needs, describe=_about_stage)


def close_page(request, child_id: int, dispute_id: int):
    def save(actor, now, _child, dispute, form):
        s.dispute_close(actor=actor, now=now, dispute=dispute, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.CloseDisputeForm(data),
                     save=save, page="dispute-close", heading="Close the dispute",
                     button="Close the dispute", done="Dispute closed", back="care:reviews",
                     load=_dispute_loader(dispute_id), needs=_open, allowed=IROS,
                     describe=_about)


def iro_contact_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        s.iro_contact_record(actor=actor, now=now, child=child, **form.cleaned_data)

    return form_page(request, child_id, make=lambda data, _t: f.IroContactForm(data), save=save,
                     page="iro-contact", heading="Record your contact with the child",
                     button="Save contact", done="Contact recorded", back="care:reviews",
                     needs=_looked_after, allowed=IROS)


def disputes_page(request):
    """Every open dispute the reader may see; managers, IROs and analysts only."""
    if request.user.role not in OVERVIEW_READERS:
        raise Http404("No such page")
    stage = request.GET.get("stage", "")
    overdue = request.GET.get("overdue") == "1"
    overview = dispute_overview(request.user, today=timezone.localdate(), stage=stage,
                                overdue=overdue)
    return render(request, "care/iro/disputes.html", {
        "overview": overview, "stage": stage, "overdue": overdue, "limit": IR1_WORKING_DAYS,
        "stages": overview.by_stage})


CHILD = "children/<int:child_id>/care/"
DISPUTE = CHILD + "disputes/<int:dispute_id>/"
urlpatterns = [
    path(CHILD + "reviews/", reviews_page, name="reviews"),
    path(CHILD + "reviews/iro-contact/", iro_contact_page, name="iro-contact"),
    path(CHILD + "disputes/raise/", raise_page, name="dispute-raise"),
    path(DISPUTE + "escalate/", escalate_page, name="dispute-escalate"),
    path(DISPUTE + "stages/<int:stage_id>/respond/", respond_page, name="dispute-respond"),
    path(DISPUTE + "close/", close_page, name="dispute-close"),
    path("care/disputes/", disputes_page, name="disputes"),
]
