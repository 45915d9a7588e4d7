"""Pages that record pre-proceedings (the letter before proceedings, the meetings, the
decision to issue or step down), family group conferences, commissioned assessments and
the alternatives to care (connected people, viability assessments, and linking a child's
placement to the person assessed). Who may see them: as :mod:`.cases`; the decision is a
manager's."""

from django.shortcuts import get_object_or_404
from django.urls import path

from lantern.core.text import long_date

from ..forms import preproceedings as f
from ..models import (
    CommissionedAssessment,
    ConnectedPerson,
    FamilyGroupConference,
    PreProceedings,
    ViabilityAssessment,
)
from ..services.preproceedings import (
    assessment_commission,
    assessment_complete,
    connected_person_identify,
    connected_person_rule_out,
    fgc_offer,
    fgc_outcome,
    letter_before_proceedings_record,
    linkable_placements,
    open_pre_proceedings,
    placement_connected_person_link,
    pp_decide,
    pp_meeting_record,
    viability_complete,
    viability_request,
)
from .cases import case_form_page


def _simple(form_class):
    return lambda data, _case, _thing: form_class(data)


def _pp_loader(pp_id):
    return lambda case: get_object_or_404(PreProceedings, case=case, pk=pp_id)


def _pp_caption(pp) -> str:
    return f"Pre-proceedings from {long_date(pp.started_on)}"


def _pp_ended(pp) -> str:
    if pp.is_open:
        return ""
    return (f"These pre-proceedings ended on {long_date(pp.decision_on)} with the decision to "
            f"{pp.get_decision_display().lower()}.")


def letter_page(request, case_id: int, pp_id: int):
    def needs(pp):
        if pp.letter_sent_on:
            return f"The letter before proceedings was sent on {long_date(pp.letter_sent_on)}."
        return _pp_ended(pp)

    def save(actor, now, _case, pp, form):
        letter_before_proceedings_record(actor=actor, now=now, pp=pp, **form.service_kwargs())

    return case_form_page(request, case_id, load=_pp_loader(pp_id), needs=needs, make=_simple(f.LetterForm),
                          save=save, caption=_pp_caption, heading="Record the letter before proceedings",
                          button="Save the letter", done="Letter before proceedings recorded")


def meeting_page(request, case_id: int, pp_id: int):
    def save(actor, now, _case, pp, form):
        pp_meeting_record(actor=actor, now=now, pp=pp, **form.service_kwargs())

    return case_form_page(request, case_id, load=_pp_loader(pp_id), make=_simple(f.MeetingForm), save=save,
                          caption=_pp_caption, heading="Record a pre-proceedings meeting",
                          button="Save the meeting", done="Pre-proceedings meeting recorded")


def decision_page(request, case_id: int, pp_id: int):
    def save(actor, now, _case, pp, form):
        pp_decide(actor=actor, now=now, pp=pp, **form.service_kwargs())

    return case_form_page(request, case_id, load=_pp_loader(pp_id), needs=_pp_ended, decision=True,
                          make=_simple(f.DecisionForm), save=save, caption=_pp_caption,
                          heading="Record the decision to issue or step down", button="Save the decision",
                          done="Decision recorded")


def _open_pp_on(case, day):
    """The open pre-proceedings a conference or assessment dated ``day`` belongs to."""
    pp = open_pre_proceedings(case)
    return pp if pp is not None and day is not None and day >= pp.started_on else None


def fgc_offer_page(request, case_id: int):
    def save(actor, now, case, _thing, form):
        kwargs = form.service_kwargs()
        fgc_offer(actor=actor, now=now, case=case, pre_proceedings=_open_pp_on(case, kwargs["offered_on"]),
                  **kwargs)

    return case_form_page(request, case_id, make=_simple(f.ConferenceOfferForm), save=save,
                          heading="Record a family group conference offer", button="Save the offer",
                          done="Family group conference offer recorded")


def fgc_outcome_page(request, case_id: int, conference_id: int):
    def load(case):
        return get_object_or_404(FamilyGroupConference, case=case, pk=conference_id)

    def needs(conference):
        if conference.declined:
            return "The family declined this conference."
        if conference.held_on:
            return f"This conference was held on {long_date(conference.held_on)}."
        return ""

    def save(actor, now, _case, conference, form):
        fgc_outcome(actor=actor, now=now, conference=conference, **form.service_kwargs())

    return case_form_page(request, case_id, load=load, needs=needs, make=_simple(f.ConferenceOutcomeForm),
                          save=save, caption=lambda c: f"Offered on {long_date(c.offered_on)}",
                          heading="Record what happened to the family group conference",
                          button="Save", done="Family group conference recorded")


def commission_page(request, case_id: int):
    def save(actor, now, case, _thing, form):
        kwargs = form.service_kwargs()
        assessment_commission(actor=actor, now=now, case=case,
                              pre_proceedings=_open_pp_on(case, kwargs["commissioned_on"]), **kwargs)

    return case_form_page(request, case_id, make=_simple(f.CommissionForm), save=save,
                          heading="Record a commissioned assessment", button="Save the assessment",
                          done="Commissioned assessment recorded")


def complete_page(request, case_id: int, assessment_commissioned_id: int):
    def load(case):
        return get_object_or_404(CommissionedAssessment, case=case, pk=assessment_commissioned_id)

    def save(actor, now, _case, assessment, form):
        assessment_complete(actor=actor, now=now, assessment=assessment, **form.service_kwargs())

    return case_form_page(
        request, case_id, load=load, make=_simple(f.CompleteForm), save=save,
        needs=lambda a: f"This assessment was completed on {long_date(a.completed_on)}." if a.completed_on else "",
        caption=lambda a: f"{a.get_kind_display()} of {a.subject}",
        heading="Record the assessment's findings", button="Save the findings", done="Assessment completed")


def person_add_page(request, case_id: int):
    def save(actor, now, case, _thing, form):
        connected_person_identify(actor=actor, now=now, case=case, **form.service_kwargs())

    return case_form_page(request, case_id, make=_simple(f.PersonForm), save=save,
                          heading="Add a family member or friend who could care for the children",
                          button="Save the person", done="Connected person recorded")


def _person_loader(person_id):
    return lambda case: get_object_or_404(ConnectedPerson, case=case, pk=person_id)


def _ruled_out(person) -> str:
    if person.ruled_out_on:
        return f"{person.name} was ruled out on {long_date(person.ruled_out_on)}."
    return ""


def rule_out_page(request, case_id: int, person_id: int):
    def save(actor, now, _case, person, form):
        connected_person_rule_out(actor=actor, now=now, person=person, **form.service_kwargs())

    return case_form_page(request, case_id, load=_person_loader(person_id), needs=_ruled_out, caption=str,
                          make=_simple(f.RuleOutForm), save=save, heading="Rule out a connected person",
                          button="Rule them out", done="Connected person ruled out")


def viability_request_page(request, case_id: int, person_id: int):
    def needs(person):
        pending = person.viability_assessments.filter(completed_on__isnull=True).first()
        if pending:
            return (f"A viability assessment of {person.name} has been awaited since "
                    f"{long_date(pending.requested_on)}.")
        return _ruled_out(person)

    def save(actor, now, _case, person, form):
        viability_request(actor=actor, now=now, person=person, **form.service_kwargs())

    return case_form_page(request, case_id, load=_person_loader(person_id), needs=needs, caption=str,
                          make=_simple(f.ViabilityRequestForm), save=save,
                          heading="Request a viability assessment", button="Save the request",
                          done="Viability assessment requested")


def viability_complete_page(request, case_id: int, viability_id: int):
    def load(case):
        return get_object_or_404(ViabilityAssessment.objects.select_related("person"), person__case=case,
                                 pk=viability_id)

    def save(actor, now, _case, viability, form):
        viability_complete(actor=actor, now=now, assessment=viability, **form.service_kwargs())

    return case_form_page(
        request, case_id, load=load, make=_simple(f.ViabilityCompleteForm), save=save,
        needs=lambda v: f"This assessment was completed on {long_date(v.completed_on)}." if v.completed_on else "",
        caption=lambda v: f"{v.person}, requested {long_date(v.requested_on)}",
        heading="Record the viability assessment", button="Save the assessment",
        done="Viability assessment recorded")


def placement_link_page(request, case_id: int, person_id: int):
    def make(data, case, _person):
        return f.PlacementLinkForm(data, placements=linkable_placements(case))

    def needs(person):
        if not linkable_placements(person.case).exists():
            return "No child in this legal work has a current placement with a connected person."
        return _ruled_out(person)

    def save(actor, now, _case, person, form):
        placement_connected_person_link(actor=actor, now=now, person=person, **form.service_kwargs())

    return case_form_page(request, case_id, load=_person_loader(person_id), needs=needs, make=make, save=save,
                          caption=str, heading="Link a placement to this person",
                          button="Link the placement", done="Placement linked")


PP = "legal/<int:case_id>/pre-proceedings/<int:pp_id>"
urlpatterns = [
    path(f"{PP}/letter/", letter_page, name="letter"),
    path(f"{PP}/meeting/", meeting_page, name="pp-meeting"),
    path(f"{PP}/decision/", decision_page, name="pp-decision"),
    path("legal/<int:case_id>/conferences/new/", fgc_offer_page, name="fgc-offer"),
    path("legal/<int:case_id>/conferences/<int:conference_id>/", fgc_outcome_page, name="fgc-outcome"),
    path("legal/<int:case_id>/assessments/new/", commission_page, name="assessment-commission"),
    path("legal/<int:case_id>/assessments/<int:assessment_commissioned_id>/", complete_page,
         name="assessment-complete"),
    path("legal/<int:case_id>/people/new/", person_add_page, name="person-add"),
    path("legal/<int:case_id>/people/<int:person_id>/rule-out/", rule_out_page, name="person-rule-out"),
    path("legal/<int:case_id>/people/<int:person_id>/viability/", viability_request_page,
         name="viability-request"),
    path("legal/<int:case_id>/viability/<int:viability_id>/", viability_complete_page,
         name="viability-complete"),
    path("legal/<int:case_id>/people/<int:person_id>/placement/", placement_link_page, name="placement-link"),
]
