"""Pages of child in need plans: the child's section (with starting a plan) and a plan."""

from functools import partial

from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.plans.pages import (
    Step,
    end_step,
    page_forms,
    plan_context,
    saved,
    visit_and_action_steps,
)

from . import forms as f
from .selectors import child_in_need, cin_plan
from .services import (
    DIRECT_ENDINGS,
    PRACTITIONERS,
    ChildInNeedError,
    cin_plan_end,
    cin_plan_start,
    cin_review_record,
)


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section="childinneed"), "child": child}


def index_page(request, child_id: int):
    """The child's child in need plans, CIN1 from the ledger, and starting a plan."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    record = child_in_need(child, today=today)
    steps = {}
    if (request.user.role in PRACTITIONERS and record.referrals and record.open_plan is None
            and record.cp_plan is None):
        initial = {"referral": str(record.referrals[0].pk)} if len(record.referrals) == 1 else {}

        def start(form):
            referral = next(r for r in record.referrals if str(r.pk) == form.cleaned_data["referral"])
            referral.child = child
            return cin_plan_start(actor=request.user, today=today, referral=referral,
                                  start=form.cleaned_data["start"])

        steps["start"] = Step(partial(f.StartForm, referrals=record.referrals, initial=initial), start)
    forms, done = page_forms(request, steps, refusals=(ChildInNeedError,))
    if done:
        return redirect("childinneed:plan", child.pk, done.result.pk)
    access_record(user=request.user, child=child, page="childinneed:index")
    return render(request, "childinneed/index.html", {
        **_frame(request, child, today), "record": record, "forms": forms,
        "has_errors": any(form.is_bound for form in forms.values())})


def plan_page(request, child_id: int, plan_id: int):
    """A child in need plan: its clocks, reviews, visits and actions."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    page = cin_plan(child, plan_id, today=today)
    plan, actor = page.plan, request.user
    steps = {}
    if actor.role in PRACTITIONERS and plan.is_open:
        steps["review"] = Step(f.ReviewForm, lambda form: cin_review_record(
            actor=actor, today=today, plan=plan, **form.service_kwargs()))
        steps["end"] = end_step(cin_plan_end, actor=actor, today=today, plan=plan, reasons=DIRECT_ENDINGS)
    steps.update(visit_and_action_steps(actor, today=today, plan=plan, child=child))
    forms, done = page_forms(request, steps, refusals=(ChildInNeedError,))
    if done:
        return saved(request, done)
    access_record(user=actor, child=child, page="childinneed:plan")
    return render(request, "childinneed/plan.html", {
        **_frame(request, child, today), "page": page, "plan": plan, "forms": forms,
        **plan_context(plan, forms)})
