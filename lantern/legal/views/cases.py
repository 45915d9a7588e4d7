"""Pages that start a family's legal work and record its legal gateway meetings.

Recording pages are for social workers and managers who may see a child of the case
(decisions, such as the gateway meeting's, for managers only); anyone else, and any id that
is not the case's, gets a 404. Every page saves through a service, shows a refusal on the
form (GOV.UK error summary) and, once saved, returns to the family's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from lantern.access.policy import NotPermitted, child_for, visible_children
from lantern.audit.services import access_record
from lantern.core.text import long_date
from lantern.people.models import Child, Relationship, RelationshipKind
from lantern.staff.models import MANAGER_ROLES, User
from lantern.web.forms import add_service_errors

from ..forms import preproceedings as f
from ..models import GatewayAction
from ..selectors import case_for
from ..services.common import DECIDERS, RECORDERS
from ..services.preproceedings import (
    OWNER_ROLES,
    case_child_add,
    case_open,
    gateway_action_done,
    gateway_meeting_record,
)

SIBLINGS = (RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING)


def _post(request):
    return request.POST if request.method == "POST" else None


def _run(request, form, save, done: str) -> bool:
    """Save a valid form through its service; a refusal shows on the form."""
    if request.method != "POST" or form is None or not form.is_valid():
        return False
    try:
        save(form)
    except ValidationError as error:
        add_service_errors(form, error)
    except NotPermitted as refused:
        form.add_error(None, str(refused))
    else:
        messages.success(request, done)
        return True
    return False


def case_form_page(request, case_id, *, make, save, heading: str, button: str, done: str, load=None,
                   needs=None, caption=None, decision: bool = False):
    """One recording page of a family's case. ``load(case)`` fetches the thing recorded
    against (404 when it is not the case's), ``needs(thing)`` says why the form is not
    offered, ``make(data, case, thing)`` builds the form and ``save(actor, now, case, thing,
    form)`` calls the service."""
    if request.user.role not in (DECIDERS if decision else RECORDERS):
        raise Http404("No such page")
    case = case_for(request.user, case_id)
    thing = load(case) if load else None
    unavailable = needs(thing) if needs else ""
    form = None if unavailable else make(_post(request), case, thing)
    now = timezone.now()
    if _run(request, form, lambda form: save(request.user, now, case, thing, form), done):
        return redirect("legal:case", case.pk)
    for child in case.visible_children:
        access_record(user=request.user, child=child, page=request.resolver_match.view_name)
    return render(request, "legal/form.html", {
        "case": case, "form": form, "heading": heading, "button": button, "unavailable": unavailable,
        "caption": caption(thing) if caption and thing else case.family_name,
        "back": ("legal:case", case.pk)})


def _workers():
    return User.objects.filter(is_active=True, role__in=OWNER_ROLES).order_by("last_name", "first_name")


def _family_of(user, child, today):
    """The child and the brothers and sisters (current sibling relationships, either way
    round) the user may see."""
    siblings = Relationship.objects.filter(Q(end__isnull=True) | Q(end__gt=today), kind__in=SIBLINGS)
    ids = {child.pk}
    ids |= set(siblings.filter(child=child, other_child__isnull=False).values_list("other_child_id", flat=True))
    ids |= set(siblings.filter(other_child=child).values_list("child_id", flat=True))
    return list(visible_children(user, Child.objects.filter(pk__in=ids)).order_by("date_of_birth", "pk"))


def new_page(request):
    """Start legal work for a family, from a child's record (``?child=<id>``)."""
    if request.user.role not in RECORDERS:
        raise Http404("No such page")
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_for(request.user, request.GET.get("child"))
    family = _family_of(request.user, child, today)
    form = f.CaseForm(_post(request), children=family, owners=_workers(),
                      initial={"children": [str(child.pk)], "opened_on": today,
                               "family_name": f"The {child.last_name} family"})
    created = []

    def save(form):
        created.append(case_open(actor=request.user, now=now, **form.service_kwargs()))

    if _run(request, form, save, "Legal work started"):
        return redirect("legal:case", created[0].pk)
    access_record(user=request.user, child=child, page="legal:new")
    return render(request, "legal/form.html", {
        "form": form, "heading": "Start legal work for a family", "button": "Start legal work",
        "caption": child.full_name, "back": ("people:record", child.pk)})


def gateway_page(request, case_id: int):
    def make(data, case, _thing):
        chairs = User.objects.filter(is_active=True, role__in=MANAGER_ROLES).order_by("last_name", "first_name")
        return f.GatewayForm(data, chairs=chairs, workers=_workers(),
                             initial={"chair": request.user.pk, "legal_adviser": case.legal_adviser,
                                      "social_worker": case.owner_id})

    def save(actor, now, case, _thing, form):
        gateway_meeting_record(actor=actor, now=now, case=case, **form.service_kwargs())

    return case_form_page(request, case_id, make=make, save=save, decision=True,
                          heading="Record a legal gateway meeting", button="Save the meeting",
                          done="Legal gateway meeting recorded")


def action_done_page(request, case_id: int, action_id: int):
    def load(case):
        return get_object_or_404(GatewayAction.objects.select_related("meeting", "owner"),
                                 meeting__case=case, pk=action_id)

    def save(actor, now, _case, action, form):
        gateway_action_done(actor=actor, now=now, action=action, **form.service_kwargs())

    return case_form_page(
        request, case_id, load=load, save=save, make=lambda data, _case, _action: f.DoneForm(data),
        heading="Record that an action was done", button="Save", done="Action recorded as done",
        caption=lambda a: f"{a.description} ({a.owner}, due {long_date(a.due_on)})",
        needs=lambda a: f"This action was done on {long_date(a.done_on)}." if a.done_on else "")


def child_add_page(request, case_id: int):
    """A brother or sister (or a baby born during the work) joins the family's legal work."""
    today = timezone.localdate()
    read: list[list[Child]] = []

    def candidates(case):
        """The brothers and sisters of the family's children not yet part of the work (read once)."""
        if not read:
            members = {m.child_id for m in case.memberships.all()}
            seen: dict[int, Child] = {}
            for child in case.visible_children:
                for other in _family_of(request.user, child, today):
                    if other.pk not in members:
                        seen.setdefault(other.pk, other)
            read.append(list(seen.values()))
        return read[0]

    def make(data, case, _thing):
        return f.AddChildForm(data, candidates=candidates(case), initial={"added_on": today})

    def save(actor, now, case, _thing, form):
        d = form.cleaned_data
        if d["child"]:
            child = next(c for c in candidates(case) if str(c.pk) == d["child"])
        else:
            child = visible_children(actor, Child.objects.filter(council_id=d["council_id"].strip().upper())).first()
            if child is None:
                raise ValidationError({"council_id": "No child you can see has that council ID"})
        case_child_add(actor=actor, now=now, case=case, child=child, added_on=d["added_on"])

    return case_form_page(request, case_id, make=make, save=save, heading="Add a child to the legal work",
                          button="Add the child", done="Child added to the legal work")


urlpatterns = [
    path("legal/new/", new_page, name="new"),
    path("legal/<int:case_id>/children/add/", child_add_page, name="child-add"),
    path("legal/<int:case_id>/gateway/", gateway_page, name="gateway"),
    path("legal/<int:case_id>/actions/<int:action_id>/done/", action_done_page, name="action-done"),
]
