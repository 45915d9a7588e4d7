from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.staff.models import MANAGER_ROLES, Role, User
from lantern.staff.selectors import allocatable_workers
from lantern.web.forms import add_service_errors

from . import forms as f
from .selectors import assessment_row, child_assessments, referrals_awaiting_assessment
from .services import (
    ASSESSORS,
    AssessmentError,
    assessment_authorise,
    assessment_complete,
    assessment_seen_record,
    assessment_start,
)


def assessments_page(request, child_id: int):
    """The child's referrals and assessments, with the 45-working-day clock from the ledger."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="assessment:list")
    rows = child_assessments(child, today=today)
    return render(request, "assessment/list.html", {
        **record_frame(request.user, child, today=today, section="assessments"),
        "child": child, "rows": rows, "today": today,
        "can_start": request.user.role in ASSESSORS and any(
            r.assessment is None and not r.referral.nfa for r in rows)})


def _workers(actor, child):
    workers = allocatable_workers(actor)
    if actor.role == Role.SOCIAL_WORKER:
        workers = workers.filter(team_id=actor.team_id)
    allocated = child.social_worker.worker_id if child.social_worker else None
    return User.objects.filter(Q(pk__in=workers.values("pk")) | Q(pk=allocated) | Q(pk=actor.pk),
                               is_active=True, role__in=ASSESSORS).order_by("last_name", "first_name")


def start_page(request, child_id: int):
    """Start the assessment of a referral that has none."""
    if request.user.role not in ASSESSORS:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    referrals = referrals_awaiting_assessment(child)
    workers = _workers(request.user, child)
    initial = {"worker": child.social_worker.worker_id if child.social_worker else request.user.pk}
    if len(referrals) == 1:
        initial["referral"] = str(referrals[0].pk)
    form = f.StartForm(request.POST or None, initial=initial, referrals=referrals, workers=workers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        referral = next(r for r in referrals if str(r.pk) == d["referral"])
        referral.child = child
        try:
            assessment = assessment_start(actor=request.user, today=today, referral=referral,
                                          start=d["start"], worker=d["worker"])
        except ValidationError as error:
            add_service_errors(form, error)
        except (AssessmentError, NotPermitted) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Assessment started")
            return redirect("assessment:detail", child.pk, assessment.pk)
    access_record(user=request.user, child=child, page="assessment:start")
    return render(request, "assessment/start.html", {
        **record_frame(request.user, child, today=today, section="assessments"),
        "child": child, "form": form, "referrals": referrals})


ACTIONS = {"seen": f.SeenForm, "complete": f.CompleteForm, "authorise": f.AuthoriseForm}


def assessment_page(request, child_id: int, assessment_id: int):
    """One assessment: the days the child was seen, completion and authorisation."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    row = assessment_row(child, assessment_id, today=today)
    assessment = row.assessment
    assessment.child = child
    can_act = request.user.role in ASSESSORS
    can_authorise = (request.user.role in MANAGER_ROLES and assessment.completed is not None
                     and assessment.authorised is None and assessment.worker_id != request.user.pk)
    bound = {}
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        form = ACTIONS[action](request.POST, prefix=action, **_kwargs(action, row))
        if form.is_valid():
            try:
                _do(action, request.user, today, assessment, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except (AssessmentError, NotPermitted) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Saved")
                return redirect("assessment:detail", child.pk, assessment.pk)
        bound[action] = form
    forms = {name: bound.get(name) or cls(prefix=name, **_kwargs(name, row))
             for name, cls in ACTIONS.items()}
    access_record(user=request.user, child=child, page="assessment:detail")
    return render(request, "assessment/detail.html", {
        **record_frame(request.user, child, today=today, section="assessments"),
        "child": child, "row": row, "assessment": assessment, "forms": forms,
        "has_errors": bool(bound), "can_act": can_act, "can_authorise": can_authorise,
        "seen": list(assessment.seen.all())})


def _kwargs(action, row) -> dict:
    return {"due": row.due} if action == "complete" else {}


def _do(action, actor, today, assessment, d) -> None:
    if action == "seen":
        assessment_seen_record(actor=actor, today=today, assessment=assessment, seen_on=d["seen_on"],
                               alone=d["alone"], not_alone_reason=d["not_alone_reason"])
    elif action == "complete":
        assessment_complete(actor=actor, today=today, assessment=assessment, completed=d["completed"],
                            factors=d["factors"], analysis=d["analysis"], outcome=d["outcome"],
                            late_reason=d["late_reason"])
    elif action == "authorise":
        assessment_authorise(actor=actor, today=today, assessment=assessment,
                             authorised=d["authorised"])

