"""Pages of a child's level of need: its history, step downs (proposed, then decided by a
manager), step ups, and the premature step-down measure across the service."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record
from lantern.childinneed.services import ChildInNeedError
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.people.services import PeopleError
from lantern.protection.services import ProtectionError
from lantern.staff.models import MANAGER_ROLES, Role
from lantern.web.forms import add_service_errors

from . import forms as f
from .models import State
from .selectors import (
    child_step_changes,
    current_level,
    down_kinds,
    level_history,
    on_cp_plan,
    pending_step_down,
    premature_step_downs,
    step_for,
    up_kinds,
)
from .services import (
    PROPOSERS,
    StepChangeError,
    step_down_authorise,
    step_down_decline,
    step_down_propose,
    step_up_record,
)

# Who records a step up on this page: practitioners and managers, not read-only roles.
STEP_UP_RECORDERS = PROPOSERS | {Role.FRONT_DOOR, Role.OUT_OF_HOURS}
MEASURE_READERS = MANAGER_ROLES | {Role.PERFORMANCE}
REFUSALS = (StepChangeError, NotPermitted, PeopleError, ProtectionError, ChildInNeedError)
SECTION = "level-of-need"


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section=SECTION), "child": child}


def _try(form, write) -> object | None:
    """Run a service write; a refusal becomes a form error and nothing is saved."""
    try:
        return write()
    except ValidationError as error:
        add_service_errors(form, error)
    except REFUSALS as refused:
        form.add_error(None, str(refused))
    return None


def index_page(request, child_id: int):
    """The child's level of need over time and every step up and down."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    history = level_history(child)
    steps = child_step_changes(child)
    level = current_level(history)
    pending = next((s for s in steps if s.state == State.PROPOSED), None)
    can_propose = (request.user.role in PROPOSERS and pending is None
                   and bool(down_kinds(level, cp_plan=on_cp_plan(child))))
    access_record(user=request.user, child=child, page="stepchange:index")
    return render(request, "stepchange/index.html", {
        **_frame(request, child, today), "history": history, "steps": steps, "pending": pending,
        "can_propose": can_propose, "can_decide": request.user.role in MANAGER_ROLES,
        "can_step_up": request.user.role in STEP_UP_RECORDERS and bool(up_kinds(level))})


def propose_page(request, child_id: int):
    """Propose a step down: first its kind, then its date, reason and the kind's checklist."""
    if request.user.role not in PROPOSERS:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    history = level_history(child)
    kinds = down_kinds(current_level(history), cp_plan=on_cp_plan(child))
    pending = pending_step_down(child)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind") or (kinds[0] if len(kinds) == 1 else None)
    form = None
    if pending is None and kind in kinds:
        form = f.ProposeForm(request.POST if request.method == "POST" else None, kind=kind)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            step = _try(form, lambda: step_down_propose(
                actor=request.user, today=today, child=child, kind=kind, on=d["on"], reason=d["reason"],
                checklist=form.ticked(), evidence=d.get("evidence", ""),
                lead_practitioner=d.get("lead_practitioner", "")))
            if step is not None:
                messages.success(request, "Step down proposed: it now awaits a manager's decision")
                return redirect("stepchange:index", child.pk)
    elif pending is None and kinds:
        form = f.KindForm(data if "kind" in data or "choose" in data else None, kinds=kinds)
        form.is_valid()
    access_record(user=request.user, child=child, page="stepchange:propose")
    return render(request, "stepchange/propose.html", {
        **_frame(request, child, today), "form": form, "kind": kind, "kinds": kinds, "pending": pending,
        "kind_label": dict(f.Kind.choices).get(kind, ""), "from_record": kind in f.FROM_RECORD,
        "choosing": isinstance(form, f.KindForm)})


def decide_page(request, child_id: int, step_id: int):
    """A proposed step down in full, with a manager's decision: authorise or decline."""
    if request.user.role not in MANAGER_ROLES:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    step = step_for(child, step_id)
    form = f.DecideForm(request.POST or None, initial={"decided_on": today})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        write = step_down_authorise if d["decision"] == "authorise" else step_down_decline
        done = _try(form, lambda: write(actor=request.user, today=today, step=step,
                                        decided_on=d["decided_on"], rationale=d["rationale"]))
        if done is not None:
            messages.success(request, f"Step down {done.get_state_display().lower()}")
            return redirect("stepchange:index", child.pk)
    access_record(user=request.user, child=child, page="stepchange:decide")
    return render(request, "stepchange/decide.html", {
        **_frame(request, child, today), "step": step, "form": form,
        "open": step.state == State.PROPOSED, "is_proposer": step.proposed_by_id == request.user.pk})


def step_up_page(request, child_id: int):
    """Record a step up and what triggered it."""
    if request.user.role not in STEP_UP_RECORDERS:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    kinds = up_kinds(current_level(level_history(child)))
    form = f.StepUpForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        step = _try(form, lambda: step_up_record(actor=request.user, today=today, child=child,
                                                 kind=d["kind"], on=d["on"], trigger=d["trigger"]))
        if step is not None:
            messages.success(request, f"Step up recorded: {step.get_kind_display().lower()}")
            return redirect("stepchange:index", child.pk)
    access_record(user=request.user, child=child, page="stepchange:step-up")
    return render(request, "stepchange/step_up.html", {**_frame(request, child, today), "form": form,
                                                        "kinds": kinds})


def measure_page(request):
    """Premature step downs: how many authorised step downs were followed within the window
    by a step back up or a new referral, by kind, with the children behind the number."""
    if request.user.role not in MEASURE_READERS:
        raise Http404("No such page")
    today = timezone.localdate()
    default = settings.LANTERN_STEP_DOWN_WINDOW_MONTHS
    form = f.MeasureForm(request.GET if "months" in request.GET else None, initial={"months": default})
    months = form.cleaned_data["months"] if form.is_bound and form.is_valid() else default
    start = today - relativedelta(months=12)
    measure = premature_step_downs(request.user, start=start, end=today, months=months, today=today)
    return render(request, "stepchange/measure.html", {"form": form, "m": measure})
