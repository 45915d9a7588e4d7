"""Pages of child protection: the child's section, recording a strategy discussion, an
enquiry (outcome and initial conference) and a child protection plan."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
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
from lantern.web.forms import add_service_errors

from . import forms as f
from .selectors import (
    child_protection,
    conference_chairs,
    cp_plan,
    enquiry_row,
    strategy_chairs,
    strategy_referrals,
)
from .services import (
    PRACTITIONERS,
    ProtectionError,
    conference_initial_record,
    conference_review_record,
    core_group_record,
    cp_plan_end,
    enquiry_complete,
    strategy_discussion_record,
)


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section="protection"), "child": child}


def index_page(request, child_id: int):
    """The child's strategy discussions, enquiries, initial conferences and plans."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="protection:index")
    record = child_protection(child, today=today)
    return render(request, "protection/index.html", {
        **_frame(request, child, today), "record": record,
        "can_record": request.user.role in PRACTITIONERS})


def strategy_page(request, child_id: int):
    """Record a strategy discussion about one of the child's referrals."""
    if request.user.role not in PRACTITIONERS:
        raise Http404("No such page")
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    referrals = strategy_referrals(child)
    initial = {"chair": request.user.pk}
    if len(referrals) == 1:
        initial["referral"] = str(referrals[0].pk)
    form = f.StrategyForm(request.POST or None, initial=initial, referrals=referrals,
                          chairs=strategy_chairs(request.user, child))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        referral = next(r for r in referrals if str(r.pk) == d["referral"])
        referral.child = child
        try:
            discussion = strategy_discussion_record(
                actor=request.user, now=now, referral=referral, held_at=d["held_at"],
                invitees=form.invitees(), decision=d["decision"], chair=d["chair"], summary=d["summary"],
                single_agency_rationale=d["single_agency_rationale"], nfa_reasons=d["nfa_reasons"],
                school_not_invited_reason=d["school_not_invited_reason"], s47_start=d["s47_start"])
        except ValidationError as error:
            add_service_errors(form, error)
        except (ProtectionError, NotPermitted) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Strategy discussion recorded")
            if discussion.starts_s47:
                return redirect("protection:enquiry", child.pk, discussion.enquiry.pk)
            return redirect("protection:index", child.pk)
    access_record(user=request.user, child=child, page="protection:strategy")
    return render(request, "protection/strategy.html", {
        **_frame(request, child, today), "form": form, "referrals": referrals})


def enquiry_page(request, child_id: int, enquiry_id: int):
    """One section 47 enquiry: its strategy discussion, outcome and initial conference."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    row = enquiry_row(child, enquiry_id, today=today)
    enquiry = row.enquiry
    enquiry.child = child
    steps = {}
    if request.user.role in PRACTITIONERS and enquiry.completed is None:
        steps["outcome"] = Step(f.OutcomeForm, lambda form: enquiry_complete(
            actor=request.user, today=today, enquiry=enquiry, **form.service_kwargs()))
    if request.user.role in PRACTITIONERS and row.awaiting_conference:
        steps["conference"] = Step(partial(f.InitialConferenceForm, chairs=conference_chairs()),
                                   lambda form: conference_initial_record(
                                       actor=request.user, today=today, enquiry=enquiry,
                                       **form.service_kwargs()))
    forms, done = page_forms(request, steps, refusals=(ProtectionError,))
    if done and done.name == "conference":
        messages.success(request, "Initial conference recorded")
        if done.result.plan_id:
            return redirect("protection:plan", child.pk, done.result.plan_id)
        return redirect("protection:index", child.pk)
    if done:
        return saved(request, done)
    access_record(user=request.user, child=child, page="protection:enquiry")
    return render(request, "protection/enquiry.html", {
        **_frame(request, child, today), "row": row, "enquiry": enquiry, "forms": forms,
        "has_errors": any(form.is_bound for form in forms.values())})


def plan_page(request, child_id: int, plan_id: int):
    """A child protection plan: its clocks, conferences, core groups, visits and actions."""
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    page = cp_plan(child, plan_id, today=today)
    plan, actor = page.plan, request.user
    steps = {}
    if actor.role in PRACTITIONERS and plan.is_open:
        steps["review"] = Step(partial(f.ReviewConferenceForm, chairs=conference_chairs(),
                                       initial={"category": plan.latest_category}),
                               lambda form: conference_review_record(
                                   actor=actor, today=today, plan=plan, **form.service_kwargs()))
        steps["coregroup"] = Step(f.CoreGroupForm, lambda form: core_group_record(
            actor=actor, today=today, plan=plan, **form.service_kwargs()))
        steps["end"] = end_step(cp_plan_end, actor=actor, today=today, plan=plan, reasons=f.DIRECT_ENDINGS)
    steps.update(visit_and_action_steps(actor, today=today, plan=plan, child=child))
    forms, done = page_forms(request, steps, refusals=(ProtectionError,))
    if done:
        return saved(request, done)
    access_record(user=actor, child=child, page="protection:plan")
    return render(request, "protection/plan.html", {
        **_frame(request, child, today), "page": page, "plan": plan, "forms": forms,
        **plan_context(plan, forms)})
