"""The child's early help page: early help episodes, assessments and the plans they agreed
with their reviews, and the forms to start and complete an assessment and review the plan."""

from django.shortcuts import render
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.plans.pages import Step, page_forms, saved

from . import forms as f
from .selectors import early_help
from .services import (
    RECORDERS,
    early_help_assessment_complete,
    early_help_assessment_start,
    early_help_review_record,
)


def index_page(request, child_id: int):
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    record = early_help(child, today=today)
    steps = {}
    if request.user.role in RECORDERS:
        current = record.open_assessment
        if current is None:
            steps["start"] = Step(f.StartForm, lambda form: early_help_assessment_start(
                actor=request.user, now=now, child=child, **form.cleaned_data))
        else:
            current.child = child
            steps["complete"] = Step(f.CompleteForm, lambda form: early_help_assessment_complete(
                actor=request.user, now=now, assessment=current, **form.cleaned_data))
        plan = record.plan_to_review
        if plan is not None:
            plan.child = child
            steps["review"] = Step(f.ReviewForm, lambda form: early_help_review_record(
                actor=request.user, now=now, assessment=plan, **form.cleaned_data))
    forms, done = page_forms(request, steps)
    if done:
        return saved(request, done)
    access_record(user=request.user, child=child, page="earlyhelp:index")
    return render(request, "earlyhelp/index.html", {
        **record_frame(request.user, child, today=today, section="early-help"), "child": child,
        "record": record, "forms": forms})
