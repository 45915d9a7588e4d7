import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record_many
from lantern.people.models import Adult, Child
from lantern.people.selectors import child_search, possible_duplicates
from lantern.people.services import child_create
from lantern.staff.models import MANAGER_ROLES, Role, User
from lantern.web.forms import add_service_errors

from . import forms as f
from .models import Concern, Decision, Outcome
from .selectors import QueueFilter, breaches_today, contact_for, family_history, queue, timeliness
from .services import (
    FRONT_DOOR_ROLES,
    FrontDoorError,
    check_answer,
    check_request,
    contact_assign,
    contact_rag_set,
    contact_record,
    dash_record,
    decision_authorise,
    decision_record,
    feedback_record,
)


def _front_door_only(user):
    if not (user.works_at_front_door or user.role in MANAGER_ROLES):
        raise Http404("No such page")


def queue_page(request):
    _front_door_only(request.user)
    now = timezone.now()
    form = f.QueueFilterForm(request.GET or None)
    filters = QueueFilter()
    if form.is_valid():
        who = form.cleaned_data["who"]
        filters = QueueFilter(rag=form.cleaned_data["rag"], source=form.cleaned_data["source"],
                              screener=request.user.pk if who == "me" else None,
                              unassigned=who == "unassigned", overdue_only=form.cleaned_data["overdue"],
                              team=form.cleaned_data["team"].pk if form.cleaned_data["team"] else None,
                              order=form.cleaned_data["order"] or "due")
    rows = queue(now=now, filters=filters)
    return render(request, "frontdoor/queue.html", {
        "form": form, "rows": rows, "breaches": breaches_today(now=now),
        "overdue": sum(r.overdue for r in rows), "now": now, "has_errors": False})


def _child_choices(request, form_data):
    """Children to tick: those already ticked, and this search's results."""
    chosen = [int(pk) for pk in form_data.getlist("children") if str(pk).isdigit()] if form_data else []
    picked = list(Child.objects.visible_to(request.user).filter(pk__in=chosen))
    query = (form_data.get("q") or "").strip() if form_data else ""
    found = child_search(request.user, query) if query else []
    if found:
        access_record_many(user=request.user, children=found, page="frontdoor:new")
    seen, choices = set(), []
    for child in picked + found:
        if child.pk not in seen:
            seen.add(child.pk)
            born = f"{child.date_of_birth:%-d %b %Y}" if child.date_of_birth else "unborn"
            choices.append((str(child.pk), f"{child.full_name}, born {born}, {child.council_id}"))
    return choices, found, query


def new_contact(request):
    if request.user.role not in FRONT_DOOR_ROLES:
        raise Http404("No such page")
    data = request.POST if request.method == "POST" else None
    choices, found, query = _child_choices(request, data)
    form = f.ContactForm(data, initial={"submission_key": uuid.uuid4().hex}, child_choices=choices)
    duplicates = []
    if data is not None and data.get("action") == "search":
        form = f.ContactForm(initial={**data.dict(), "children": data.getlist("children"),
                                      "categories": data.getlist("categories")}, child_choices=choices)
        return render(request, "frontdoor/new_contact.html",
                      {"form": form, "found": found, "query": query, "searched": True})
    if data is not None and form.is_valid():
        now = timezone.now()
        d = form.cleaned_data
        children = list(Child.objects.visible_to(request.user).filter(pk__in=[int(p) for p in d["children"]]))
        try:
            if form.wants_new_child:
                duplicates = possible_duplicates(
                    request.user, first_name=d["new_first_name"], last_name=d["new_last_name"],
                    date_of_birth=d["new_date_of_birth"], nhs_number=d["new_nhs_number"],
                    postcode=d["new_postcode"])
                duplicates = [c for c in duplicates if c not in children]
                if duplicates and not d["confirm_new"]:
                    raise ValidationError({"confirm_new": "This child may already be known: tick the "
                                           "matching child above, or confirm a new record"})
            contact = _save_contact(request.user, now, d, children)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotPermitted as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Contact {contact.pk} recorded")
            return redirect("frontdoor:contact", contact.pk)
        if duplicates:
            form.fields["children"].choices = form.fields["children"].choices + [
                (str(c.pk), f"Possible match: {c.full_name}, born {c.date_of_birth:%-d %b %Y}, {c.council_id}")
                for c in duplicates if c.date_of_birth]
    return render(request, "frontdoor/new_contact.html", {"form": form, "found": found, "query": query})


def _save_contact(actor, now, d, children):
    with transaction.atomic():
        if d["new_first_name"] or d["new_last_name"]:
            children.append(child_create(
                actor=actor, today=timezone.localdate(now), first_name=d["new_first_name"],
                last_name=d["new_last_name"], date_of_birth=d["new_date_of_birth"],
                sex=d["new_sex"] or "U", nhs_number=d["new_nhs_number"]))
        adults = []
        if d["adult_first_name"] or d["adult_last_name"]:
            adult = Adult(first_name=d["adult_first_name"], last_name=d["adult_last_name"])
            adult.full_clean()
            adult.save()
            adults.append((adult, d["adult_role"]))
        return contact_record(
            actor=actor, now=now, submission_key=d["submission_key"], received_at=d["received_at"],
            method=d["method"], source=d["source"], concerns=d["concerns"], categories=d["categories"],
            consent=d["consent"], no_consent_reason=d["no_consent_reason"], children=children,
            adults=adults, referrer_name=d["referrer_name"], referrer_role=d["referrer_role"],
            referrer_agency=d["referrer_agency"], referrer_contact=d["referrer_contact"])


ACTIONS = {
    "rag": f.RagForm, "assign": f.AssignForm, "check": f.CheckRequestForm, "answer": f.CheckAnswerForm,
    "dash": f.DashForm, "decide": f.DecisionForm, "authorise": f.AuthoriseForm, "feedback": f.FeedbackForm,
}


def _screeners():
    return User.objects.filter(is_active=True, role__in=(Role.FRONT_DOOR, Role.OUT_OF_HOURS)).order_by(
        "last_name", "first_name")


def contact_page(request, contact_id: int):
    """Screening one contact: family history, checks, DASH, RAG, the decision and after."""
    _front_door_only(request.user)
    contact = contact_for(request.user, contact_id)
    contact = (type(contact).objects.select_related("screener", "recorded_by", "rag_set_by")
               .prefetch_related("checks", "adult_links__adult", "child_links__child")
               .get(pk=contact.pk))
    now = timezone.now()
    bound = {}
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        form = ACTIONS[action](request.POST, prefix=action, **_form_kwargs(action, contact))
        if form.is_valid():
            try:
                _do(action, request.user, now, contact, form)
            except ValidationError as error:
                add_service_errors(form, error)
            except (FrontDoorError, NotPermitted) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Saved")
                return redirect("frontdoor:contact", contact.pk)
        bound[action] = form
    forms = {name: bound.get(name) or cls(initial=_initial(name, contact), prefix=name,
                                          **_form_kwargs(name, contact))
             for name, cls in ACTIONS.items()}
    history = family_history(contact)
    access_record_many(user=request.user, children=[h.child for h in history.children],
                       page="frontdoor:contact", kind="view")
    return render(request, "frontdoor/contact.html", {
        "contact": contact, "forms": forms, "history": history, "now": now,
        "decision": getattr(contact, "decision", None), "has_errors": bool(bound),
        "checks": list(contact.checks.all()),
        "dash": getattr(contact, "dash", None), "is_manager": request.user.role in MANAGER_ROLES,
        "categories": [Concern(c).label for c in contact.categories],
    })


def _form_kwargs(name, contact) -> dict:
    if name == "assign":
        return {"screeners": _screeners()}
    if name == "answer":
        return {"checks": [c for c in contact.checks.all() if c.answered_at is None]}
    if name == "decide":
        return {"domestic_abuse": contact.has_domestic_abuse}
    return {}


def _initial(name, contact):
    if name == "rag":
        return {"rag": contact.rag}
    if name == "assign":
        return {"screener": contact.screener_id}
    return {}


def _do(action, actor, now, contact, form):
    d = form.cleaned_data
    if action == "rag":
        contact_rag_set(actor=actor, now=now, contact=contact, rag=d["rag"], reason=d["reason"])
    elif action == "assign":
        contact_assign(actor=actor, now=now, contact=contact, screener=d["screener"])
    elif action == "check":
        check_request(actor=actor, now=now, contact=contact, agency=d["agency"], asked=d["asked"],
                      requested_at=d["requested_at"])
    elif action == "answer":
        check = contact.checks.filter(pk=d["check_id"]).first()
        if check is None:
            raise FrontDoorError("No such check on this contact")
        check_answer(actor=actor, now=now, check=check, answered_at=d["answered_at"], response=d["response"])
    elif action == "dash":
        dash_record(actor=actor, now=now, contact=contact, answers=form.answers(),
                    professional_judgement=d["professional_judgement"],
                    marac_referral=d["marac_referral"] or None, police_reference=d["police_reference"])
    elif action == "decide":
        decision_record(actor=actor, now=now, contact=contact, outcome=d["outcome"],
                        rationale=d["rationale"], decided_at=d["decided_at"],
                        primary_need=d["primary_need"], risk_analysis=d["risk_analysis"],
                        protective_factors=d["protective_factors"],
                        lived_experience=d["lived_experience"], transfer_to=d["transfer_to"])
    elif action == "authorise":
        decision_authorise(actor=actor, now=now, decision=_decision(contact), note=d["note"])
    elif action == "feedback":
        feedback_record(actor=actor, now=now, decision=_decision(contact), feedback_at=d["feedback_at"],
                        note=d["note"])


def _decision(contact) -> Decision:
    decision = Decision.objects.filter(contact=contact).first()
    if decision is None:
        raise FrontDoorError("This contact has not been decided yet")
    return decision


def timeliness_page(request):
    if not (request.user.works_at_front_door or request.user.role in MANAGER_ROLES | {Role.PERFORMANCE}):
        raise Http404("No such page")
    return render(request, "frontdoor/timeliness.html",
                  {"t": timeliness(today=timezone.localdate()), "outcomes": Outcome})

