"""Writes at the front door: permission, validation, save, audit, obligations, one transaction."""

from collections.abc import Sequence
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core import dash
from lantern.core.calendar import LONDON
from lantern.obligations.services import obligations_refresh_many
from lantern.people.models import Adult, Child, Level
from lantern.people.services import involvement_start
from lantern.staff.models import MANAGER_ROLES, Role

from .models import (
    AdultRole,
    AgencyCheck,
    Concern,
    Consent,
    Contact,
    ContactAdult,
    ContactChild,
    DashAssessment,
    Decision,
    Outcome,
    Rag,
    Referral,
)

FRONT_DOOR_ROLES = frozenset({Role.FRONT_DOOR, Role.OUT_OF_HOURS, Role.TEAM_MANAGER,
                              Role.SERVICE_MANAGER, Role.SOCIAL_WORKER})
AUTHORISERS = MANAGER_ROLES
OPEN_LEVELS = (Level.CHILD_IN_NEED, Level.CHILD_PROTECTION, Level.LOOKED_AFTER)


class FrontDoorError(Exception):
    """A front-door change was refused; the message says why."""


def _require_front_door(actor, contact: Contact | None = None) -> None:
    """Front-door work needs a front-door role and, for a contact, sight of all its children."""
    if actor.role not in FRONT_DOOR_ROLES | AUTHORISERS:
        raise NotPermitted("Only front-door staff, social workers and managers record contacts")
    if contact is not None:
        for link in contact.child_links.select_related("child"):
            require_can_act(actor, link.child)


def _refresh(contact: Contact) -> None:
    obligations_refresh_many(child_ids=[link.child_id for link in contact.child_links.all()])


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%-d %B %Y at %H:%M}"


@transaction.atomic
def contact_record(*, actor, now: datetime, submission_key: str, received_at: datetime, method: str,
                   source: str, concerns: str, categories: Sequence[str], consent: str,
                   children: Sequence[Child], no_consent_reason: str = "",
                   adults: Sequence[tuple[Adult, str]] = (), referrer_name: str = "",
                   referrer_role: str = "", referrer_agency: str = "",
                   referrer_contact: str = "") -> Contact:
    """Record a contact. Submitting the same form twice (same key) records it once."""
    _require_front_door(actor)
    existing = Contact.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    errors: dict[str, str] = {}
    if received_at > now:
        errors["received_at"] = "The contact cannot arrive in the future"
    if not children:
        errors["children"] = "Add at least one child"
    for child in children:
        if child.date_of_birth and received_at.astimezone(LONDON).date() < child.date_of_birth:
            errors["received_at"] = f"The contact cannot arrive before {child.full_name} was born"
    unknown = set(categories) - set(Concern.values)
    if unknown:
        errors["categories"] = f"Unknown concern {sorted(unknown)[0]}"
    if consent != Consent.CONSENT_GIVEN and not no_consent_reason.strip():
        errors["no_consent_reason"] = "Give the lawful reason to go ahead without consent"
    for _, role in adults:
        if role not in AdultRole.values:
            errors["adults"] = f"Unknown role {role}"
    if errors:
        raise ValidationError(errors)
    contact = Contact(
        received_at=received_at, method=method, source=source, concerns=concerns.strip(),
        categories=list(dict.fromkeys(categories)), consent=consent,
        no_consent_reason=no_consent_reason.strip(), referrer_name=referrer_name.strip(),
        referrer_role=referrer_role.strip(), referrer_agency=referrer_agency.strip(),
        referrer_contact=referrer_contact.strip(), recorded_by=actor, recorded_at=now,
        submission_key=submission_key,
    )
    contact.full_clean(exclude=["rag_set_by", "screener"])
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:  # the same form submitted twice at once
        return Contact.objects.get(submission_key=submission_key)
    ContactChild.objects.bulk_create([ContactChild(contact=contact, child=c) for c in children])
    ContactAdult.objects.bulk_create([ContactAdult(contact=contact, adult=a, role=r) for a, r in adults])
    names = ", ".join(c.full_name for c in children)
    for child in children:
        audit_event(actor=actor, at=now, action=f"Contact received {_local(received_at)} about {names}",
                    obj=contact, child=child,
                    after={"source": source, "method": method, "categories": contact.categories})
    _refresh(contact)
    return contact


def _contact_event(actor, contact: Contact, now, action, before=None, after=None, reason=""):
    for link in contact.child_links.select_related("child"):
        audit_event(actor=actor, at=now, action=action, obj=contact, child=link.child,
                    before=before, after=after, reason=reason)


def _open_contact(contact_id: int) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact_id)
    if contact.decided:
        raise FrontDoorError("This contact has already been decided")
    return contact


@transaction.atomic
def contact_rag_set(*, actor, now: datetime, contact: Contact, rag: str, reason: str = "") -> Contact:
    _require_front_door(actor, contact)
    contact = _open_contact(contact.pk)
    if rag not in Rag.values:
        raise ValidationError({"rag": "Choose red, amber or green"})
    before = contact.rag
    if before and before != rag and not reason.strip():
        raise ValidationError({"reason": "Give the reason for changing the RAG rating"})
    contact.rag, contact.rag_set_by = rag, actor
    contact.save(update_fields=["rag", "rag_set_by"])
    _contact_event(actor, contact, now, f"Contact {contact.pk} rated {Rag(rag).label.lower()}"
                   + (f" (was {Rag(before).label.lower()})" if before else ""),
                   before={"rag": before}, after={"rag": rag}, reason=reason)
    _refresh(contact)
    return contact


@transaction.atomic
def contact_assign(*, actor, now: datetime, contact: Contact, screener) -> Contact:
    if actor.role not in (Role.FRONT_DOOR, *MANAGER_ROLES):
        raise NotPermitted("Only the front door and managers assign contacts")
    _require_front_door(actor, contact)
    if screener.role not in FRONT_DOOR_ROLES or not screener.is_active:
        raise FrontDoorError(f"{screener} cannot screen contacts")
    contact = _open_contact(contact.pk)
    before = contact.screener_id
    contact.screener = screener
    contact.save(update_fields=["screener"])
    _contact_event(actor, contact, now, f"Contact {contact.pk} assigned to {screener} to screen",
                   before={"screener": before}, after={"screener": screener.pk})
    return contact


@transaction.atomic
def check_request(*, actor, now: datetime, contact: Contact, agency: str, asked: str,
                  requested_at: datetime) -> AgencyCheck:
    _require_front_door(actor, contact)
    if requested_at > now:
        raise ValidationError({"requested_at": "A check cannot be requested in the future"})
    if requested_at < contact.received_at:
        raise ValidationError({"requested_at": "A check cannot be requested before the contact arrived"})
    check = AgencyCheck(contact=contact, agency=agency, asked=asked.strip(), requested_at=requested_at,
                        requested_by=actor)
    check.full_clean()
    check.save()
    _contact_event(actor, contact, now,
                   f"{check.get_agency_display()} check requested from {check.asked} {_local(requested_at)}",
                   after={"agency": agency})
    _refresh(contact)
    return check


@transaction.atomic
def check_answer(*, actor, now: datetime, check: AgencyCheck, answered_at: datetime,
                 response: str) -> AgencyCheck:
    check = AgencyCheck.objects.select_for_update().select_related("contact").get(pk=check.pk)
    _require_front_door(actor, check.contact)
    if check.answered_at is not None:
        raise FrontDoorError("This check has already been answered")
    if answered_at > now:
        raise ValidationError({"answered_at": "An answer cannot come in the future"})
    if answered_at < check.requested_at:
        raise ValidationError({"answered_at": "An answer cannot come before the check was requested"})
    if not response.strip():
        raise ValidationError({"response": "Record what the agency said"})
    check.answered_at, check.response = answered_at, response.strip()
    check.save(update_fields=["answered_at", "response"])
    _contact_event(actor, check.contact, now,
                   f"{check.get_agency_display()} check answered {_local(answered_at)}",
                   after={"response": check.response})
    _refresh(check.contact)
    return check


@transaction.atomic
def dash_record(*, actor, now: datetime, contact: Contact, answers: dict[int, str],
                professional_judgement: bool = False, marac_referral: bool | None = None,
                police_reference: str = "") -> DashAssessment:
    _require_front_door(actor, contact)
    if not contact.has_domestic_abuse:
        raise FrontDoorError("The DASH checklist is for contacts where domestic abuse is a concern")
    try:
        result = dash.score(answers, professional_judgement=professional_judgement)
    except ValueError as error:
        raise ValidationError({"answers": str(error)}) from None
    assessment = DashAssessment.objects.filter(contact=contact).first() or DashAssessment(contact=contact)
    before = {"risk": assessment.risk, "yes": assessment.yes_count} if assessment.pk else None
    assessment.answers = {str(k): str(v) for k, v in answers.items()}
    assessment.yes_count, assessment.risk = result.yes_count, result.risk.value
    assessment.professional_judgement = professional_judgement
    assessment.marac_referral = result.marac if marac_referral is None else marac_referral
    assessment.police_reference = police_reference.strip()
    assessment.assessed_by, assessment.assessed_at = actor, now
    assessment.save()
    _contact_event(actor, contact, now,
                   f"DASH risk checklist: {result.yes_count} yes, {result.risk.value} risk"
                   + ("; MARAC referral" if assessment.marac_referral else ""),
                   before=before, after={"risk": result.risk.value, "yes": result.yes_count})
    return assessment


def earlier_referral_within_a_year(child: Child, on) -> Referral | None:
    """The child's latest referral in the 12 months before ``on``: this makes a re-referral."""
    return (Referral.objects.filter(child=child, referral_date__lt=on,
                                    referral_date__gte=on - relativedelta(months=12))
            .order_by("-referral_date").first())


def _needs_authorisation(outcome: str, rereferral: bool) -> bool:
    return outcome == Outcome.EARLY_HELP or (outcome == Outcome.NFA and rereferral)


@transaction.atomic
def decision_record(*, actor, now: datetime, contact: Contact, outcome: str, rationale: str,
                    decided_at: datetime, primary_need: str = "", risk_analysis: str = "",
                    protective_factors: str = "", lived_experience: str = "",
                    transfer_to: str = "") -> Decision:
    """Decide a contact. A referral outcome creates one referral per child (CIN census)."""
    _require_front_door(actor, contact)
    contact = _open_contact(contact.pk)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if not rationale.strip():
        errors["rationale"] = "Explain the decision: the rationale is required"
    if decided_at < contact.received_at:
        errors["decided_at"] = "The decision cannot be before the contact arrived"
    if decided_at > now:
        errors["decided_at"] = "The decision cannot be in the future"
    if contact.has_domestic_abuse:
        analysis = {"risk_analysis": (risk_analysis, "the risks"),
                    "protective_factors": (protective_factors, "the protective factors"),
                    "lived_experience": (lived_experience, "the child's lived experience")}
        for field, (text, label) in analysis.items():
            if not text.strip():
                errors[field] = f"Domestic abuse is a concern: analyse {label}"
    if outcome in (Outcome.REFERRAL, Outcome.STRATEGY) and not primary_need:
        errors["primary_need"] = "Choose the primary need"
    if outcome == Outcome.TRANSFER and not transfer_to.strip():
        errors["transfer_to"] = "Name the council the child is transferred to"
    if errors:
        raise ValidationError(errors)
    children = [link.child for link in contact.child_links.select_related("child")]
    arrived = contact.received_at.astimezone(LONDON).date()
    earlier = {c.pk: earlier_referral_within_a_year(c, arrived) for c in children}
    rereferral = any(earlier.values())
    decision = Decision(
        contact=contact, outcome=outcome, rationale=rationale.strip(),
        risk_analysis=risk_analysis.strip(), protective_factors=protective_factors.strip(),
        lived_experience=lived_experience.strip(), transfer_to=transfer_to.strip(),
        decided_by=actor, decided_at=decided_at,
        needs_authorisation=_needs_authorisation(outcome, rereferral),
    )
    decision.full_clean(exclude=["authorised_by"])
    decision.save()
    contact.decided = True
    contact.save(update_fields=["decided"])
    for child in children:
        audit_event(actor=actor, at=now,
                    action=f"Contact {contact.pk} decided: {decision.get_outcome_display().lower()}"
                    + (" (needs a manager's authorisation)" if decision.needs_authorisation else ""),
                    obj=decision, child=child, after={"outcome": outcome}, reason=decision.rationale)
        if outcome in (Outcome.REFERRAL, Outcome.STRATEGY):
            referral = Referral.objects.create(
                contact=contact, child=child, referral_date=arrived, source=contact.source,
                primary_need=primary_need, rereferral=earlier[child.pk] is not None,
                created_by=actor, created_at=now)
            audit_event(actor=actor, at=now,
                        action=f"Referral to children's social care for {child.full_name}, "
                        f"received {arrived:%-d %B %Y}" + (" (re-referral)" if referral.rereferral else ""),
                        obj=referral, child=child, after={"primary_need": primary_need})
            current = child.involvements.filter(end__isnull=True).first()
            if current is None or current.level not in OPEN_LEVELS:
                involvement_start(actor=actor, today=timezone.localdate(now), child=child,
                                  level=Level.CHILD_IN_NEED, start=arrived,
                                  reason="Referral to children's social care")
    _refresh(contact)
    return decision


@transaction.atomic
def decision_authorise(*, actor, now: datetime, decision: Decision, note: str = "") -> Decision:
    """A manager authorises a decision that needs it; early help opens on authorisation."""
    if actor.role not in AUTHORISERS:
        raise NotPermitted("Only a manager can authorise a front-door decision")
    decision = Decision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
    if not decision.needs_authorisation:
        raise FrontDoorError("This decision does not need authorising")
    if decision.authorised_at is not None:
        raise FrontDoorError("This decision has already been authorised")
    if decision.decided_by_id == actor.pk:
        raise FrontDoorError("A decision is authorised by a manager other than the person who made it")
    _require_front_door(actor, decision.contact)
    decision.authorised_by, decision.authorised_at = actor, now
    decision.authorisation_note = note.strip()
    decision.save(update_fields=["authorised_by", "authorised_at", "authorisation_note"])
    contact = decision.contact
    _contact_event(actor, contact, now,
                   f"Decision on contact {contact.pk} authorised: {decision.get_outcome_display().lower()}",
                   after={"authorised": True}, reason=decision.authorisation_note)
    if decision.outcome == Outcome.EARLY_HELP:
        day = timezone.localdate(now)
        for link in contact.child_links.select_related("child"):
            current = link.child.involvements.filter(end__isnull=True).first()
            if current is None:
                involvement_start(actor=actor, today=day, child=link.child, level=Level.EARLY_HELP,
                                  start=day, reason="Stepped to early help from the front door")
    return decision


@transaction.atomic
def feedback_record(*, actor, now: datetime, decision: Decision, feedback_at: datetime,
                    note: str) -> Decision:
    decision = Decision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
    _require_front_door(actor, decision.contact)
    if decision.feedback_at is not None:
        raise FrontDoorError("Feedback has already been recorded")
    if feedback_at < decision.decided_at:
        raise ValidationError({"feedback_at": "Feedback cannot come before the decision"})
    if feedback_at > now:
        raise ValidationError({"feedback_at": "Feedback cannot be in the future"})
    if not note.strip():
        raise ValidationError({"note": "Say what the referrer was told, and how"})
    decision.feedback_at, decision.feedback_note = feedback_at, note.strip()
    decision.save(update_fields=["feedback_at", "feedback_note"])
    _contact_event(actor, decision.contact, now, f"Referrer told the outcome {_local(feedback_at)}",
                   after={"note": decision.feedback_note})
    _refresh(decision.contact)
    return decision

