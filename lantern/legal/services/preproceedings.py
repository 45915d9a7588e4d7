"""Writes to a family's legal work before court: opening the case, legal gateway meetings and
their actions, pre-proceedings under the Public Law Outline (the letter before proceedings,
the initial and review meetings, the decision to issue or step down), family group
conferences, commissioned assessments, and the alternatives to care (connected people and
their viability assessments, and linking a child's connected-person placement to the person
assessed).

Each write checks who may record it (a manager for the gateway meeting and the decision to
issue or step down), locks the case, collects every field's error and saves nothing when
any is found, then writes one audit entry on each child's trail and refreshes the children's
obligations. Pre-proceedings end only through :func:`pp_decide`, so a step-down or an issue
always has a dated, reasoned decision.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.care.models import CarerKind, Placement
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Child
from lantern.staff.models import MANAGER_ROLES, Role, User

from ..models import (
    STEP_DOWN_OUTCOMES,
    AssessmentKind,
    CommissionedAssessment,
    ConnectedPerson,
    FamilyGroupConference,
    GatewayAction,
    GatewayDecision,
    GatewayMeeting,
    LegalCase,
    LegalCaseChild,
    MeetingKind,
    PreProceedings,
    PreProceedingsDecision,
    PreProceedingsMeeting,
    PreProceedingsOutcome,
    Threshold,
    ViabilityAssessment,
    ViabilityOutcome,
)
from .common import (
    RECORDERS,
    audit_case,
    day_errors,
    lock_case,
    raise_if,
    refresh_case,
    require_recorder,
)

OWNER_ROLES = MANAGER_ROLES | {Role.SOCIAL_WORKER}


def _open_case_of(child) -> LegalCase | None:
    return LegalCase.objects.filter(memberships__child=child, closed_on__isnull=True).first()


def _next_reference(year: int) -> str:
    prefix = f"LF-{year}-"
    numbers = [int(ref.removeprefix(prefix)) for ref in
               LegalCase.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
               if ref.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# The case ------------------------------------------------------------------------------


@transaction.atomic
def case_open(*, actor: User, now: datetime, children, family_name: str, owner: User | None,
              legal_adviser: str = "", opened_on: date | None) -> LegalCase:
    """Start legal work for a family: the children who go through it together, the social
    worker leading it and the council's solicitor. The case gets its PLO family reference
    (LF-<year>-<number>)."""
    if actor.role not in RECORDERS:
        raise NotPermitted("Only social workers and managers record legal work")
    children = list(children)
    for child in children:
        require_can_act(actor, child)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    if not children:
        errors["children"] = "Choose the children the legal work is about"
    for child in children:
        if (other := _open_case_of(child)) is not None:
            errors.setdefault("children", f"{child.full_name} is already part of the legal work with "
                                          f"{other.family_name} ({other.reference})")
    if not family_name.strip():
        errors["family_name"] = "Enter the family's name, for example the Ashworth family"
    if owner is None:
        errors["owner"] = "Choose the social worker leading the legal work"
    elif owner.role not in OWNER_ROLES or not owner.is_active:
        errors["owner"] = "The legal work is led by a social worker or a manager"
    day_errors(errors, "opened_on", opened_on, today=today, label="the date the legal work started")
    raise_if(errors)
    assert opened_on is not None and owner is not None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = LegalCase(reference=_next_reference(opened_on.year), family_name=family_name.strip(),
                                 owner=owner, legal_adviser=legal_adviser.strip(), opened_on=opened_on,
                                 recorded_by=actor, recorded_at=now)
                case.full_clean(validate_unique=False)
                case.save()
            break
        except IntegrityError:  # another case took the reference at the same moment
            continue
    else:
        raise IntegrityError("Could not give the case a PLO family reference")
    LegalCaseChild.objects.bulk_create([LegalCaseChild(case=case, child=c, added_on=opened_on)
                                        for c in children])
    names = ", ".join(c.full_name for c in children)
    audit_case(actor=actor, now=now, case=case, obj=case,
               action=f"legal work started on {long_date(opened_on)} for {names}, led by "
                      f"{owner.get_full_name() or owner.username} ({case.reference})",
               after={"reference": case.reference, "owner": owner.pk, "children": [c.pk for c in children]})
    refresh_case(case)
    return case


@transaction.atomic
def case_child_add(*, actor: User, now: datetime, case: LegalCase, child: Child,
                   added_on: date | None) -> LegalCaseChild:
    """A sibling joins the family's legal work."""
    require_recorder(actor, case)
    require_can_act(actor, child)
    case = lock_case(case)
    errors: dict[str, str] = {}
    if case.memberships.filter(child=child).exists():
        errors["child"] = f"{child.full_name} is already part of this legal work"
    elif (other := _open_case_of(child)) is not None:
        errors["child"] = (f"{child.full_name} is already part of the legal work with {other.family_name} "
                           f"({other.reference})")
    day_errors(errors, "added_on", added_on, today=timezone.localdate(now), label="the date they joined",
               not_before=(case.opened_on, "the legal work started"))
    raise_if(errors)
    membership = LegalCaseChild.objects.create(case=case, child=child, added_on=added_on)
    audit_case(actor=actor, now=now, case=case, obj=membership,
               action=f"{child.full_name} joined the legal work on {long_date(added_on)}",
               after={"child": child.pk, "added_on": added_on})
    refresh_case(case)
    return membership


# Legal gateway meetings ----------------------------------------------------------------


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


@transaction.atomic
def gateway_meeting_record(
    *, actor: User, now: datetime, case: LegalCase, held_on: date | None, chair: User | None,
    legal_adviser: str, social_worker: User | None = None, others: str = "", threshold: str,
    decision: str, rationale: str, actions=(),
) -> GatewayMeeting:
    """A legal gateway meeting, its decision with the rationale, and its actions (each a
    description, an owner and a due date). A decision to enter pre-proceedings starts them
    from the day of the meeting."""
    require_recorder(actor, case, decision=True)
    case = lock_case(case)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    day_errors(errors, "held_on", held_on, today=today, label="the date of the meeting")
    if chair is None:
        errors["chair"] = "Choose the manager who chaired the meeting"
    elif chair.role not in MANAGER_ROLES:
        errors["chair"] = "A legal gateway meeting is chaired by a team manager, service manager or senior leader"
    if not legal_adviser.strip():
        errors["legal_adviser"] = "Enter the legal adviser at the meeting"
    if threshold not in Threshold.values:
        errors["threshold"] = "Choose whether the threshold for proceedings is met"
    if decision not in GatewayDecision.values:
        errors["decision"] = "Choose the decision"
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale: a decision without rationale cannot be recorded"
    rows = []
    for number, (description, owner, due_on) in enumerate(actions, start=1):
        missing = [what for what, value in (("what is to be done", (description or "").strip()),
                                            ("who will do it", owner), ("when it is due", due_on))
                   if not value]
        if missing:
            errors.setdefault("actions", f"Action {number}: enter {' and '.join(missing)}")
        elif held_on is not None and due_on < held_on:
            errors.setdefault("actions", f"Action {number} cannot be due before the meeting")
        else:
            rows.append((description.strip(), owner, due_on))
    open_pp = case.pre_proceedings.filter(decision_on__isnull=True).first()
    if decision == GatewayDecision.PRE_PROCEEDINGS and open_pp is not None:
        errors["decision"] = (f"Pre-proceedings have been open since {long_date(open_pp.started_on)}: "
                              "record their decision to issue or step down before entering them again")
    raise_if(errors)
    meeting = GatewayMeeting(case=case, held_on=held_on, chair=chair, legal_adviser=legal_adviser.strip(),
                             social_worker=social_worker, others=others.strip(), threshold=threshold,
                             decision=decision, rationale=rationale.strip(), recorded_by=actor,
                             recorded_at=now)
    meeting.full_clean()
    meeting.save()
    GatewayAction.objects.bulk_create([GatewayAction(meeting=meeting, description=d, owner=o, due_on=due)
                                       for d, o, due in rows])
    action = (f"legal gateway meeting on {long_date(held_on)} chaired by {_name(chair)}: "
              f"{meeting.get_decision_display()} ({meeting.get_threshold_display().lower()})")
    if rows:
        action += f"; {len(rows)} action{'s' if len(rows) != 1 else ''} agreed"
    audit_case(actor=actor, now=now, case=case, obj=meeting, action=action, reason=meeting.rationale,
               after={"held_on": held_on, "decision": decision, "threshold": threshold, "chair": chair.pk})
    if decision == GatewayDecision.PRE_PROCEEDINGS:
        pp = PreProceedings(case=case, gateway=meeting, started_on=held_on, recorded_by=actor, recorded_at=now)
        pp.full_clean()
        pp.save()
        audit_case(actor=actor, now=now, case=case, obj=pp,
                   action=f"pre-proceedings started on {long_date(held_on)} (legal gateway decision)",
                   after={"started_on": held_on, "gateway": meeting.pk})
    refresh_case(case)
    return meeting


@transaction.atomic
def gateway_action_done(*, actor: User, now: datetime, action: GatewayAction,
                        done_on: date | None) -> GatewayAction:
    case = action.meeting.case
    require_recorder(actor, case)
    case = lock_case(case)
    action = GatewayAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    errors: dict[str, str] = {}
    if action.done_on is not None:
        errors["done_on"] = f"This action was already done on {long_date(action.done_on)}"
    else:
        day_errors(errors, "done_on", done_on, today=timezone.localdate(now), label="the date it was done",
                   not_before=(action.meeting.held_on, "the meeting"))
    raise_if(errors)
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_case(actor=actor, now=now, case=case, obj=action,
               action=f"legal gateway action done on {long_date(done_on)}: {action.description}",
               before={"done_on": None}, after={"done_on": done_on})
    refresh_case(case)
    return action


# Pre-proceedings -----------------------------------------------------------------------


def _lock_pp(pp: PreProceedings) -> PreProceedings:
    return PreProceedings.objects.select_for_update().get(pk=pp.pk)


@transaction.atomic
def letter_before_proceedings_record(*, actor: User, now: datetime, pp: PreProceedings,
                                     sent_on: date | None,
                                     parents_represented: bool | None = None) -> PreProceedings:
    """The letter before proceedings was sent to the parents."""
    require_recorder(actor, pp.case)
    case = lock_case(pp.case)
    pp = _lock_pp(pp)
    errors: dict[str, str] = {}
    if pp.letter_sent_on is not None:
        errors["sent_on"] = f"The letter before proceedings was already recorded as sent on {long_date(pp.letter_sent_on)}"
    elif not pp.is_open:
        errors["sent_on"] = f"These pre-proceedings ended on {long_date(pp.decision_on)}"
    else:
        day_errors(errors, "sent_on", sent_on, today=timezone.localdate(now), label="the date the letter was sent",
                   not_before=(pp.started_on, "pre-proceedings started"))
    raise_if(errors)
    pp.letter_sent_on, pp.parents_represented = sent_on, parents_represented
    pp.save(update_fields=["letter_sent_on", "parents_represented"])
    audit_case(actor=actor, now=now, case=case, obj=pp,
               action=f"letter before proceedings sent on {long_date(sent_on)}",
               before={"letter_sent_on": None},
               after={"letter_sent_on": sent_on, "parents_represented": parents_represented})
    refresh_case(case)
    return pp


@transaction.atomic
def pp_meeting_record(*, actor: User, now: datetime, pp: PreProceedings, kind: str, held_on: date | None,
                      parents_attended: bool | None = None, notes: str = "") -> PreProceedingsMeeting:
    """The initial pre-proceedings meeting with the parents and their lawyers, or a review
    meeting after it (L11: a review every 6 weeks until the decision)."""
    require_recorder(actor, pp.case)
    case = lock_case(pp.case)
    pp = _lock_pp(pp)
    errors: dict[str, str] = {}
    initial = pp.meetings.filter(kind=MeetingKind.INITIAL).first()
    if kind not in MeetingKind.values:
        errors["kind"] = "Choose whether this was the initial meeting or a review"
    elif kind == MeetingKind.INITIAL and initial is not None:
        errors["kind"] = f"The initial meeting was already recorded ({long_date(initial.held_on)})"
    elif kind == MeetingKind.REVIEW and initial is None:
        errors["kind"] = "Record the initial meeting first: reviews follow it"
    day_errors(errors, "held_on", held_on, today=timezone.localdate(now), label="the date of the meeting",
               not_before=(pp.started_on, "pre-proceedings started"))
    if "held_on" not in errors and "kind" not in errors:
        if pp.decision_on is not None and held_on > pp.decision_on:
            errors["held_on"] = (f"The meeting cannot be after the decision to "
                                 f"{pp.get_decision_display().lower()} ({long_date(pp.decision_on)})")
        elif kind == MeetingKind.REVIEW and held_on <= initial.held_on:
            errors["held_on"] = f"A review must be after the initial meeting ({long_date(initial.held_on)})"
    raise_if(errors)
    meeting = PreProceedingsMeeting(pre_proceedings=pp, kind=kind, held_on=held_on,
                                    parents_attended=parents_attended, notes=notes.strip(),
                                    recorded_by=actor, recorded_at=now)
    meeting.full_clean()
    meeting.save()
    attended = {True: "; the parents attended", False: "; the parents did not attend"}.get(parents_attended, "")
    audit_case(actor=actor, now=now, case=case, obj=meeting,
               action=f"{meeting.get_kind_display().lower()} held on {long_date(held_on)}{attended}",
               after={"kind": kind, "held_on": held_on, "parents_attended": parents_attended})
    refresh_case(case)
    return meeting


@transaction.atomic
def pp_decide(*, actor: User, now: datetime, pp: PreProceedings, decision: str, decision_on: date | None,
              rationale: str, outcome: str = "", court_application_on: date | None = None) -> PreProceedings:
    """The manager's decision that ends pre-proceedings: issue care proceedings or step down,
    with the rationale and what followed. The letter before proceedings must have been sent
    (the initial meeting need not have been held)."""
    require_recorder(actor, pp.case, decision=True)
    case = lock_case(pp.case)
    pp = _lock_pp(pp)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    if not pp.is_open:
        errors["decision"] = (f"The decision to {pp.get_decision_display().lower()} was already recorded "
                              f"({long_date(pp.decision_on)})")
        raise_if(errors)
    if pp.letter_sent_on is None:
        errors["decision"] = ("Record the letter before proceedings first: a decision to issue or step "
                              "down needs the letter to have been sent (the initial meeting need not "
                              "have been held)")
    elif decision not in PreProceedingsDecision.values:
        errors["decision"] = "Choose whether to issue care proceedings or step down"
    day_errors(errors, "decision_on", decision_on, today=today, label="the date of the decision",
               not_before=(pp.started_on, "pre-proceedings started"))
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale: a decision without rationale cannot be recorded"
    if decision == PreProceedingsDecision.ISSUE:
        if outcome not in ("", PreProceedingsOutcome.ISSUED):
            errors["outcome"] = "A decision to issue has the outcome: care proceedings issued"
        outcome = PreProceedingsOutcome.ISSUED
        day_errors(errors, "court_application_on", court_application_on, today=today, required=False,
                   label="the date of the court application",
                   not_before=(decision_on, "the decision") if decision_on else None)
    elif decision == PreProceedingsDecision.STEP_DOWN:
        if outcome not in STEP_DOWN_OUTCOMES:
            errors["outcome"] = "Choose what the family stepped down to"
        if court_application_on is not None:
            errors["court_application_on"] = "A court application follows only a decision to issue"
    raise_if(errors)
    pp.decision, pp.decision_on, pp.decision_rationale = decision, decision_on, rationale.strip()
    pp.outcome, pp.court_application_on = outcome, court_application_on
    pp.full_clean()
    pp.save(update_fields=["decision", "decision_on", "decision_rationale", "outcome", "court_application_on"])
    weeks = (decision_on - pp.started_on).days // 7
    action = (f"decision on {long_date(decision_on)} to {pp.get_decision_display().lower()} after "
              f"{weeks} week{'s' if weeks != 1 else ''} of pre-proceedings ({pp.get_outcome_display()})")
    if court_application_on:
        action += f"; court application made on {long_date(court_application_on)}"
    audit_case(actor=actor, now=now, case=case, obj=pp, action=action, reason=pp.decision_rationale,
               before={"decision": ""}, after={"decision": decision, "decision_on": decision_on,
                                               "outcome": outcome})
    refresh_case(case)
    return pp


# Family group conferences and commissioned assessments ---------------------------------


def _pp_errors(errors: dict[str, str], case: LegalCase, pp: PreProceedings | None) -> None:
    if pp is not None and pp.case_id != case.pk:
        errors["pre_proceedings"] = "Those pre-proceedings are another family's"


@transaction.atomic
def fgc_offer(*, actor: User, now: datetime, case: LegalCase, pre_proceedings: PreProceedings | None = None,
              offered_on: date | None) -> FamilyGroupConference:
    """A family group conference is offered to the family."""
    require_recorder(actor, case)
    case = lock_case(case)
    errors: dict[str, str] = {}
    _pp_errors(errors, case, pre_proceedings)
    day_errors(errors, "offered_on", offered_on, today=timezone.localdate(now), label="the date it was offered")
    raise_if(errors)
    conference = FamilyGroupConference(case=case, pre_proceedings=pre_proceedings, offered_on=offered_on,
                                       recorded_by=actor, recorded_at=now)
    conference.full_clean()
    conference.save()
    audit_case(actor=actor, now=now, case=case, obj=conference,
               action=f"family group conference offered on {long_date(offered_on)}",
               after={"offered_on": offered_on})
    refresh_case(case)
    return conference


@transaction.atomic
def fgc_outcome(*, actor: User, now: datetime, conference: FamilyGroupConference, held_on: date | None = None,
                declined: bool = False, outcome: str = "") -> FamilyGroupConference:
    """The conference was held (with the family's plan) or declined (with why)."""
    require_recorder(actor, conference.case)
    case = lock_case(conference.case)
    conference = FamilyGroupConference.objects.select_for_update().get(pk=conference.pk)
    errors: dict[str, str] = {}
    if conference.declined or conference.held_on is not None:
        errors["held_on"] = "What happened to this conference was already recorded"
        raise_if(errors)
    if declined and held_on is not None:
        errors["held_on"] = "A conference the family declined cannot have been held"
    elif not declined:
        day_errors(errors, "held_on", held_on, today=timezone.localdate(now), label="the date it was held",
                   not_before=(conference.offered_on, "it was offered"))
    if not outcome.strip():
        errors["outcome"] = ("Enter why the family declined" if declined
                             else "Enter the family's plan from the conference")
    raise_if(errors)
    conference.declined, conference.held_on, conference.outcome = declined, held_on, outcome.strip()
    conference.full_clean()
    conference.save(update_fields=["declined", "held_on", "outcome"])
    what = "declined by the family" if declined else f"held on {long_date(held_on)}"
    audit_case(actor=actor, now=now, case=case, obj=conference,
               action=f"family group conference offered on {long_date(conference.offered_on)} {what}",
               after={"declined": declined, "held_on": held_on}, reason=conference.outcome)
    refresh_case(case)
    return conference


@transaction.atomic
def assessment_commission(*, actor: User, now: datetime, case: LegalCase,
                          pre_proceedings: PreProceedings | None = None, kind: str, subject: str,
                          provider: str = "", commissioned_on: date | None,
                          due_on: date | None = None) -> CommissionedAssessment:
    require_recorder(actor, case)
    case = lock_case(case)
    errors: dict[str, str] = {}
    _pp_errors(errors, case, pre_proceedings)
    if kind not in AssessmentKind.values:
        errors["kind"] = "Choose the kind of assessment"
    if not subject.strip():
        errors["subject"] = "Enter who is assessed"
    day_errors(errors, "commissioned_on", commissioned_on, today=timezone.localdate(now),
               label="the date it was commissioned")
    if due_on is not None and commissioned_on is not None and due_on < commissioned_on:
        errors["due_on"] = "The assessment cannot be due before it was commissioned"
    raise_if(errors)
    assessment = CommissionedAssessment(case=case, pre_proceedings=pre_proceedings, kind=kind,
                                        subject=subject.strip(), provider=provider.strip(),
                                        commissioned_on=commissioned_on, due_on=due_on,
                                        recorded_by=actor, recorded_at=now)
    assessment.full_clean()
    assessment.save()
    by = f" from {assessment.provider}" if assessment.provider else ""
    due = f", due {long_date(due_on)}" if due_on else ""
    audit_case(actor=actor, now=now, case=case, obj=assessment,
               action=f"{assessment.get_kind_display().lower()} of {assessment.subject} commissioned{by} "
                      f"on {long_date(commissioned_on)}{due}",
               after={"kind": kind, "commissioned_on": commissioned_on, "due_on": due_on})
    refresh_case(case)
    return assessment


@transaction.atomic
def assessment_complete(*, actor: User, now: datetime, assessment: CommissionedAssessment,
                        completed_on: date | None, findings: str) -> CommissionedAssessment:
    require_recorder(actor, assessment.case)
    case = lock_case(assessment.case)
    assessment = CommissionedAssessment.objects.select_for_update().get(pk=assessment.pk)
    errors: dict[str, str] = {}
    if assessment.completed_on is not None:
        errors["completed_on"] = f"The assessment was already completed on {long_date(assessment.completed_on)}"
        raise_if(errors)
    day_errors(errors, "completed_on", completed_on, today=timezone.localdate(now), label="the date it was completed",
               not_before=(assessment.commissioned_on, "it was commissioned"))
    if not findings.strip():
        errors["findings"] = "Enter the assessment's findings"
    raise_if(errors)
    assessment.completed_on, assessment.findings = completed_on, findings.strip()
    assessment.full_clean()
    assessment.save(update_fields=["completed_on", "findings"])
    audit_case(actor=actor, now=now, case=case, obj=assessment,
               action=f"{assessment.get_kind_display().lower()} of {assessment.subject} completed on "
                      f"{long_date(completed_on)}",
               before={"completed_on": None}, after={"completed_on": completed_on})
    refresh_case(case)
    return assessment


# Alternatives to care ------------------------------------------------------------------


@transaction.atomic
def connected_person_identify(*, actor: User, now: datetime, case: LegalCase, name: str, relationship: str,
                              identified_on: date | None, adult=None) -> ConnectedPerson:
    """A family member or friend is put forward to care for the children."""
    require_recorder(actor, case)
    case = lock_case(case)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the person's name"
    if not relationship.strip():
        errors["relationship"] = "Enter their relationship to the children, for example grandmother"
    day_errors(errors, "identified_on", identified_on, today=timezone.localdate(now), label="the date they were identified")
    raise_if(errors)
    person = ConnectedPerson(case=case, name=name.strip(), relationship=relationship.strip(),
                             identified_on=identified_on, adult=adult, recorded_by=actor, recorded_at=now)
    person.full_clean()
    person.save()
    audit_case(actor=actor, now=now, case=case, obj=person,
               action=f"{person} identified on {long_date(identified_on)} as a possible carer",
               after={"name": person.name, "identified_on": identified_on})
    refresh_case(case)
    return person


def _lock_person(person: ConnectedPerson) -> ConnectedPerson:
    return ConnectedPerson.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def connected_person_rule_out(*, actor: User, now: datetime, person: ConnectedPerson, on: date | None,
                              reason: str) -> ConnectedPerson:
    require_recorder(actor, person.case)
    case = lock_case(person.case)
    person = _lock_person(person)
    errors: dict[str, str] = {}
    if person.ruled_out_on is not None:
        errors["on"] = f"{person.name} was already ruled out on {long_date(person.ruled_out_on)}"
        raise_if(errors)
    day_errors(errors, "on", on, today=timezone.localdate(now), label="the date they were ruled out",
               not_before=(person.identified_on, "they were identified"))
    if not reason.strip():
        errors["reason"] = "Enter why they were ruled out"
    raise_if(errors)
    person.ruled_out_on, person.ruled_out_reason = on, reason.strip()
    person.save(update_fields=["ruled_out_on", "ruled_out_reason"])
    audit_case(actor=actor, now=now, case=case, obj=person,
               action=f"{person} ruled out as a carer on {long_date(on)}", reason=person.ruled_out_reason,
               before={"ruled_out_on": None}, after={"ruled_out_on": on})
    refresh_case(case)
    return person


@transaction.atomic
def viability_request(*, actor: User, now: datetime, person: ConnectedPerson,
                      requested_on: date | None) -> ViabilityAssessment:
    require_recorder(actor, person.case)
    case = lock_case(person.case)
    person = _lock_person(person)
    errors: dict[str, str] = {}
    pending = person.viability_assessments.filter(completed_on__isnull=True).first()
    if person.ruled_out_on is not None:
        errors["requested_on"] = f"{person.name} was ruled out on {long_date(person.ruled_out_on)}"
    elif pending is not None:
        errors["requested_on"] = (f"A viability assessment of {person.name} has been awaited since "
                                  f"{long_date(pending.requested_on)}")
    else:
        day_errors(errors, "requested_on", requested_on, today=timezone.localdate(now), label="the date it was requested",
                   not_before=(person.identified_on, "they were identified"))
    raise_if(errors)
    viability = ViabilityAssessment(person=person, requested_on=requested_on, recorded_by=actor,
                                    recorded_at=now)
    viability.full_clean()
    viability.save()
    audit_case(actor=actor, now=now, case=case, obj=viability,
               action=f"viability assessment of {person} requested on {long_date(requested_on)}",
               after={"requested_on": requested_on})
    refresh_case(case)
    return viability


@transaction.atomic
def viability_complete(*, actor: User, now: datetime, assessment: ViabilityAssessment,
                       completed_on: date | None, outcome: str, by_whom: str,
                       summary: str) -> ViabilityAssessment:
    """The viability assessment's outcome. A positive one counts as the person's assessment,
    so a placement with them stops being flagged as with an unassessed connected person."""
    person = assessment.person
    require_recorder(actor, person.case)
    case = lock_case(person.case)
    person = _lock_person(person)
    assessment = ViabilityAssessment.objects.select_for_update().get(pk=assessment.pk)
    errors: dict[str, str] = {}
    if assessment.completed_on is not None:
        errors["completed_on"] = f"The assessment was already completed on {long_date(assessment.completed_on)}"
        raise_if(errors)
    day_errors(errors, "completed_on", completed_on, today=timezone.localdate(now), label="the date it was completed",
               not_before=(assessment.requested_on, "it was requested"))
    if outcome not in ViabilityOutcome.values:
        errors["outcome"] = "Choose whether the outcome was positive or negative"
    if not by_whom.strip():
        errors["by_whom"] = "Enter who did the assessment"
    if not summary.strip():
        errors["summary"] = "Enter a summary of the assessment"
    raise_if(errors)
    assessment.completed_on, assessment.outcome = completed_on, outcome
    assessment.by_whom, assessment.summary = by_whom.strip(), summary.strip()
    assessment.full_clean()
    assessment.save(update_fields=["completed_on", "outcome", "by_whom", "summary"])
    if outcome == ViabilityOutcome.POSITIVE and (person.assessed_on is None or completed_on < person.assessed_on):
        person.assessed_on = completed_on
        person.save(update_fields=["assessed_on"])
    audit_case(actor=actor, now=now, case=case, obj=assessment,
               action=f"viability assessment of {person} completed on {long_date(completed_on)} by "
                      f"{assessment.by_whom}: {assessment.get_outcome_display().lower()}",
               before={"completed_on": None}, after={"completed_on": completed_on, "outcome": outcome})
    refresh_case(case)
    for child_id in Placement.objects.filter(connected_person=person).values_list("child_id", flat=True).distinct():
        if not case.memberships.filter(child_id=child_id).exists():
            obligations_refresh(child=Child.objects.get(pk=child_id))
    return assessment


def linkable_placements(case: LegalCase):
    """Open connected-person placements of the case's children."""
    return (Placement.objects.filter(child__legal_memberships__case=case, end__isnull=True,
                                     carer_kind=CarerKind.CONNECTED_PERSON)
            .select_related("child", "connected_person").order_by("child__first_name", "start", "pk"))


@transaction.atomic
def placement_connected_person_link(*, actor: User, now: datetime, placement: Placement | None,
                                    person: ConnectedPerson) -> Placement:
    """Name the connected person a child lives with, so their viability assessment counts as
    the carer's assessment."""
    require_recorder(actor, person.case)
    case = lock_case(person.case)
    person = _lock_person(person)
    errors: dict[str, str] = {}
    if placement is None:
        errors["placement"] = "Choose the placement with this person"
        raise_if(errors)
    placement = Placement.objects.select_for_update().select_related("child").get(pk=placement.pk)
    require_can_act(actor, placement.child)
    if not linkable_placements(case).filter(pk=placement.pk).exists():
        errors["placement"] = ("Only a current placement with a connected person, of a child in this "
                               "legal work, can be linked")
    elif placement.connected_person_id == person.pk:
        errors["placement"] = f"The placement is already linked to {person.name}"
    elif person.ruled_out_on is not None:
        errors["placement"] = f"{person.name} was ruled out on {long_date(person.ruled_out_on)}"
    raise_if(errors)
    before = placement.connected_person_id
    placement.connected_person = person
    placement.save(update_fields=["connected_person"])
    child = placement.child
    audit_event(actor=actor, at=now, obj=placement, child=child,
                action=f"{child.full_name}'s placement with {placement.carer_name} from "
                       f"{long_date(placement.start)} linked to {person} in the legal work with "
                       f"{case.family_name}",
                before={"connected_person": before}, after={"connected_person": person.pk})
    obligations_refresh(child=child)
    return placement


def open_pre_proceedings(case: LegalCase) -> PreProceedings | None:
    return case.pre_proceedings.filter(decision_on__isnull=True).order_by("-started_on").first()
