"""Legal work written straight to the tables, for tests and the bench (synthetic). Pages and
services are tested through the services; these build the world around them."""

from datetime import date, datetime, timedelta

from .models import (
    ConnectedPerson,
    GatewayDecision,
    GatewayMeeting,
    Hearing,
    HearingKind,
    LegalCase,
    LegalCaseChild,
    MeetingKind,
    PreProceedings,
    PreProceedingsMeeting,
    Proceedings,
    Threshold,
    ViabilityAssessment,
)


def legal_case(children, owner, *, opened_on: date, at: datetime, reference: str = "",
               family_name: str = "The Synthetic family") -> LegalCase:
    case = LegalCase.objects.create(
        reference=reference or f"LF-{LegalCase.objects.count() + 1:05d}", family_name=family_name,
        owner=owner, legal_adviser="Council solicitor", opened_on=opened_on, recorded_by=owner,
        recorded_at=at)
    LegalCaseChild.objects.bulk_create([LegalCaseChild(case=case, child=c, added_on=opened_on)
                                        for c in children])
    return case


def gateway(case, chair, *, held_on: date, at: datetime,
            decision: str = GatewayDecision.PRE_PROCEEDINGS) -> GatewayMeeting:
    return GatewayMeeting.objects.create(
        case=case, held_on=held_on, chair=chair, legal_adviser="Council solicitor",
        social_worker=case.owner, threshold=Threshold.MET, decision=decision,
        rationale="Synthetic rationale: concerns continue despite the child protection plan.",
        recorded_by=chair, recorded_at=at)


def pre_proceedings(case, *, started_on: date, at: datetime, reviews: int = 0,
                    gateway_meeting=None) -> PreProceedings:
    """Pre-proceedings with the letter sent 5 days in, the initial meeting 10 days in and
    ``reviews`` review meetings 6 weeks apart."""
    pp = PreProceedings.objects.create(
        case=case, gateway=gateway_meeting, started_on=started_on,
        letter_sent_on=started_on + timedelta(days=5), parents_represented=True,
        recorded_by=case.owner, recorded_at=at)
    first = started_on + timedelta(days=10)
    PreProceedingsMeeting.objects.bulk_create(
        [PreProceedingsMeeting(pre_proceedings=pp, kind=MeetingKind.INITIAL, held_on=first,
                               parents_attended=True, recorded_by=case.owner, recorded_at=at)]
        + [PreProceedingsMeeting(pre_proceedings=pp, kind=MeetingKind.REVIEW,
                                 held_on=first + timedelta(weeks=6 * (i + 1)), parents_attended=True,
                                 recorded_by=case.owner, recorded_at=at) for i in range(reviews)])
    return pp


def proceedings(case, *, issued_on: date, at: datetime, application: str = "care",
                hearings: tuple[tuple[str, date], ...] = ()) -> Proceedings:
    proc = Proceedings.objects.create(
        case=case, application=application, issued_on=issued_on, court="Synthetic Family Court",
        case_number=f"SY{issued_on:%y}C{case.pk:05d}", recorded_by=case.owner, recorded_at=at)
    Hearing.objects.bulk_create([
        Hearing(proceedings=proc, kind=kind, listed_for=on, held=on < at.date(),
                outcome="Synthetic outcome" if on < at.date() else "", recorded_by=case.owner,
                recorded_at=at) for kind, on in hearings])
    return proc


def connected_person(case, *, identified_on: date, at: datetime, name: str = "Synthetic grandparent",
                     viability: str | None = None, completed_on: date | None = None) -> ConnectedPerson:
    """A connected person, with a viability assessment when ``viability`` is given
    ("requested", "positive" or "negative")."""
    person = ConnectedPerson.objects.create(case=case, name=name, relationship="Grandparent",
                                            identified_on=identified_on, recorded_by=case.owner,
                                            recorded_at=at)
    if viability:
        done = completed_on if viability != "requested" else None
        ViabilityAssessment.objects.create(
            person=person, requested_on=identified_on, completed_on=done,
            outcome="" if viability == "requested" else viability, by_whom="Kinship team",
            recorded_by=case.owner, recorded_at=at)
        if viability == "positive" and done:
            person.assessed_on = done
            person.save(update_fields=["assessed_on"])
    return person


FINAL = HearingKind.FINAL
