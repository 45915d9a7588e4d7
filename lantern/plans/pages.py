"""What the plan pages share: the forms on a page and how a POST to one of them is handled,
and the visit and action forms that every plan (child protection or child in need) has.

A page lists its forms as ``Step``s by name; ``page_forms`` binds the one posted (named by
the ``action`` field), calls its service, and turns a refusal into errors on that form. The
view stays thin: build the steps, call ``page_forms``, redirect when it saved, render.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from lantern.access.policy import NotPermitted
from lantern.web.forms import add_service_errors

from .forms import ActionForm, ActionReviewForm, PlanEndForm, VisitForm
from .selectors import ActionRow, visitors
from .services import PRACTITIONERS, PlanError, action_add, action_review, visit_record


@dataclass(frozen=True)
class Step:
    """One form on a page: how to make it, and what saving it does."""

    make: Callable[..., forms.Form]
    save: Callable[[forms.Form], object]


@dataclass(frozen=True)
class Done:
    """The step that saved and what its service returned."""

    name: str
    result: object


def page_forms(request, steps: dict[str, Step], *, refusals=()) -> tuple[dict[str, forms.Form], Done | None]:
    """Every form of the page, by name: the posted one bound (with its errors when it did not
    save), the others blank; and, when the posted one saved, which it was."""
    name = request.POST.get("action") if request.method == "POST" else None
    bound = {}
    if name in steps:
        form = steps[name].make(data=request.POST, prefix=name)
        if form.is_valid():
            try:
                result = steps[name].save(form)
            except ValidationError as error:
                add_service_errors(form, error)
            except (NotPermitted, PlanError, *refusals) as refused:
                form.add_error(None, str(refused))
            else:
                return {}, Done(name, result)
        bound[name] = form
    return {key: bound.get(key) or step.make(prefix=key) for key, step in steps.items()}, None


SECTIONS = {"visit": "visits", "action": "actions", "progress": "actions"}


def saved(request, done: Done):
    """After a form saved: say so and show the page again at that form's section."""
    messages.success(request, "Saved")
    step = done.name.split("-")[0]
    return redirect(f"{request.path}#{SECTIONS.get(step, step)}")


def visit_and_action_steps(actor, *, today, plan, child) -> dict[str, Step]:
    """The visit, new-action and action-review forms of an open plan, for those who record them."""
    if actor.role not in PRACTITIONERS or not plan.is_open:
        return {}
    plan.child = child
    steps = {
        "visit": Step(partial(VisitForm, workers=visitors(actor, child)),
                      lambda form: visit_record(actor=actor, today=today, plan=plan, **form.service_kwargs())),
        "action": Step(ActionForm,
                       lambda form: action_add(actor=actor, today=today, plan=plan, **form.service_kwargs())),
    }
    for action in plan.actions.all():
        action.child = child
        steps[f"progress-{action.pk}"] = Step(ActionReviewForm, partial(_review, actor, today, action))
    return steps


def _review(actor, today, action, form):
    return action_review(actor=actor, today=today, action=action, **form.service_kwargs())


def end_step(end: Callable, *, actor, today, plan, reasons) -> Step:
    """Ending a plan directly: ``end`` is the area's service (cp_plan_end or cin_plan_end)."""
    return Step(partial(PlanEndForm, reasons=reasons),
                lambda form: end(actor=actor, today=today, plan=plan, **form.service_kwargs()))


def plan_context(plan, forms_by_name: dict) -> dict:
    """Template context for the visits and actions includes."""
    rows = [ActionRow(a, forms_by_name.get(f"progress-{a.pk}")) for a in plan.actions.all()]
    flagged = sum(1 for row in rows if row.action.flags)
    return {"visits": list(plan.visits.all()), "action_rows": rows, "flagged": flagged,
            "flagged_text": flagged_text(flagged, len(rows)),
            "has_errors": any(form.is_bound for form in forms_by_name.values())}


def flagged_text(flagged: int, total: int) -> str:
    if total == 1:
        return "The plan's one action has no owner, no date or no measurable outcome"
    if flagged == 1:
        return f"1 of the plan's {total} actions has no owner, no date or no measurable outcome"
    return f"{flagged} of the plan's {total} actions have no owner, no date or no measurable outcome"
