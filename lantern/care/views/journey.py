"""Pages of the children-in-care area: the journey. The child's care (the current or latest
period of care, its placements, episodes, visits, reviews and clocks), and a page for each
thing practitioners record: becoming looked after, a change of legal status or placement,
ceasing to be looked after, a statutory visit, a looked-after review, and what is recorded
about a placement (plan, notifications, long-term, temporary approval, approval, resolution).
"""

from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.core.text import long_date
from lantern.people.form_page import child_form_page
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.plans.selectors import visitors
from lantern.staff.models import Role

from .. import services as s
from ..forms import journey as f
from ..record import care_record, child_placement, open_period, reviewing_officers
from ..services.journey import PRACTITIONERS

EXTENDERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER})
# Pages of the other parts of the care record, linked from the index when they exist.
OTHER_PARTS = (("care:reviews", "Reviews and disputes"), ("care:health", "Health and education"),
               ("care:family-time", "Family time"))


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section="care"), "child": child}


def _care_nav(child) -> list[dict]:
    items = [{"text": "Care and placements", "href": reverse("care:index", args=[child.pk]),
              "active": True}]
    for name, text in OTHER_PARTS:
        try:
            items.append({"text": text, "href": reverse(name, args=[child.pk]), "active": False})
        except NoReverseMatch:
            continue
    return items


def index_page(request, child_id: int):
    """The child's care: the current (or latest) period of care and earlier ones."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="care:index")
    record = care_record(child, today=today)
    role = request.user.role
    return render(request, "care/journey/index.html", {
        **_frame(request, child, today), "record": record, "today": today,
        "care_nav": _care_nav(child), "can_record": role in PRACTITIONERS,
        "can_extend": role in EXTENDERS})


def _placement_caption(placement) -> str:
    return f"Placement with {placement.carer_name} from {long_date(placement.start)}"


def _form_page(request, child_id, *, make, page, placement_id=None, allowed=PRACTITIONERS, **kwargs):
    """One recording page of the child's care (``make(data, child=, actor=)``, ``needs(child,
    placement)``; the placement when the page is about one): the shared child form page."""
    return child_form_page(
        request, child_id, allowed=allowed, section="care", back="care:index", back_text="Back to children in care",
        page=f"care:{page}", make=lambda data, child, _placement: make(data, child=child, actor=request.user),
        load=(lambda child: child_placement(child, placement_id)) if placement_id is not None else None,
        caption=_placement_caption, refusals=(s.CareError,), **kwargs)


def _plain(form_class):
    return lambda data, child, actor: form_class(data)


def _not_looked_after(child, placement):
    return "" if open_period(child) else f"{child.full_name} is not looked after."


def _already_looked_after(child, placement):
    return f"{child.full_name} is already looked after." if open_period(child) else ""


def _never_looked_after(child, placement):
    return "" if child.care_periods.exists() else f"{child.full_name} has not been looked after."


def become_looked_after_page(request, child_id: int):
    def save(actor, now, child, _placement, form):
        s.care_start(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=_plain(f.BecomeLookedAfterForm), save=save,
                      page="become-looked-after", heading="Record that the child became "
                      "looked after", button="Save", done="Became looked after: recorded",
                      needs=_already_looked_after)


def legal_status_page(request, child_id: int):
    def save(actor, now, child, _placement, form):
        d = form.cleaned_data
        s.legal_status_change(actor=actor, now=now, child=child, on=d["on"], status=d["status"],
                              reason=d["reason"])

    return _form_page(request, child_id, make=_plain(f.LegalStatusForm), save=save,
                      page="legal-status", heading="Change of legal status",
                      button="Save legal status", done="Legal status changed",
                      needs=_not_looked_after)


def change_placement_page(request, child_id: int):
    def save(actor, now, child, _placement, form):
        s.placement_change(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=_plain(f.PlacementChangeForm), save=save,
                      page="change-placement", heading="Change of placement",
                      button="Save the move", done="Change of placement recorded",
                      needs=_not_looked_after)


def cease_page(request, child_id: int):
    def save(actor, now, child, _placement, form):
        d = form.cleaned_data
        s.care_cease(actor=actor, now=now, child=child, on=d["on"], reason=d["reason"],
                     note=d["note"])

    return _form_page(request, child_id, make=_plain(f.CeaseForm), save=save, page="cease",
                      heading="Ceased to be looked after", button="Save",
                      done="Ceased to be looked after: recorded", needs=_not_looked_after)


def visit_page(request, child_id: int):
    def make(data, child, actor):
        return f.VisitForm(data, workers=visitors(actor, child), initial={"worker": actor.pk})

    def save(actor, now, child, _placement, form):
        s.visit_record(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=make, save=save, page="record-visit",
                      heading="Record a statutory visit", button="Save visit",
                      done="Statutory visit recorded", needs=_never_looked_after)


def review_page(request, child_id: int):
    def make(data, child, actor):
        initial = {"iro": actor.pk} if actor.role == Role.IRO else {}
        return f.ReviewForm(data, officers=reviewing_officers(), initial=initial)

    def save(actor, now, child, _placement, form):
        s.review_record(actor=actor, now=now, child=child, **form.cleaned_data)

    return _form_page(request, child_id, make=make, save=save, page="record-review",
                      heading="Record a looked-after review", button="Save review",
                      done="Looked-after review recorded", needs=_never_looked_after)


def _placement_page(request, child_id, placement_id, **kwargs):
    return _form_page(request, child_id, placement_id=placement_id, **kwargs)


def placement_record_page(request, child_id: int, placement_id: int):
    def save(actor, now, _child, placement, form):
        s.placement_details_update(actor=actor, now=now, placement=placement, **form.cleaned_data)

    return _placement_page(request, child_id, placement_id, make=_plain(f.PlacementRecordForm),
                           save=save, page="placement-record",
                           heading="Placement plan, notifications and long-term designation",
                           button="Save", done="Placement updated")


def _temporary(child, placement):
    if not placement.temporary_approval or placement.approved_on:
        return "This placement is not under temporary approval."
    if placement.extension_from:
        return "Temporary approval has already been extended: it can be extended once only."
    return ""


def extend_approval_page(request, child_id: int, placement_id: int):
    def save(actor, now, _child, placement, form):
        d = form.cleaned_data
        s.approval_extend(actor=actor, now=now, placement=placement, decided_on=d["decided_on"],
                          reason=d["reason"])

    return _placement_page(request, child_id, placement_id, make=_plain(f.ExtendApprovalForm),
                           save=save, page="extend-approval",
                           heading="Extend temporary approval", button="Extend by 8 weeks",
                           done="Temporary approval extended", needs=_temporary,
                           allowed=EXTENDERS)


def _connected(child, placement):
    if placement.carer_kind != "connected_person":
        return "Only a connected person's approval is recorded here."
    if placement.approved_on:
        return "This carer's approval is already recorded."
    return ""


def approve_carer_page(request, child_id: int, placement_id: int):
    def save(actor, now, _child, placement, form):
        s.carer_approve(actor=actor, now=now, placement=placement, on=form.cleaned_data["on"])

    return _placement_page(request, child_id, placement_id, make=_plain(f.CarerApprovalForm),
                           save=save, page="approve-carer", heading="Record the carer's approval",
                           button="Save approval", done="Carer's approval recorded",
                           needs=_connected)


def _unresolved(child, placement):
    return "" if placement.unresolved else "This placement has nothing to resolve."


def resolve_page(request, child_id: int, placement_id: int):
    def save(actor, now, _child, placement, form):
        d = form.cleaned_data
        s.placement_resolve(actor=actor, now=now, placement=placement, on=d["on"], how=d["how"])

    return _placement_page(request, child_id, placement_id, make=_plain(f.ResolveForm),
                           save=save, page="resolve-placement",
                           heading="Resolve an unregulated or unassessed placement",
                           button="Save", done="Placement resolved", needs=_unresolved)


CHILD = "children/<int:child_id>/care/"
PLACEMENT = CHILD + "placements/<int:placement_id>/"
urlpatterns = [
    path(CHILD, index_page, name="index"),
    path(CHILD + "become-looked-after/", become_looked_after_page, name="become-looked-after"),
    path(CHILD + "legal-status/", legal_status_page, name="legal-status"),
    path(CHILD + "change-placement/", change_placement_page, name="change-placement"),
    path(CHILD + "cease/", cease_page, name="cease"),
    path(CHILD + "record-visit/", visit_page, name="record-visit"),
    path(CHILD + "record-review/", review_page, name="record-review"),
    path(PLACEMENT + "plan-and-notifications/", placement_record_page, name="placement-record"),
    path(PLACEMENT + "extend-approval/", extend_approval_page, name="extend-approval"),
    path(PLACEMENT + "approve-carer/", approve_carer_page, name="approve-carer"),
    path(PLACEMENT + "resolve/", resolve_page, name="resolve-placement"),
]
