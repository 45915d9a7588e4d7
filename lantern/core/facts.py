"""The vocabulary of practice facts that start, satisfy and end clocks.

A *fact* is something that happened in practice on a date (or, for hour
clocks, at an aware datetime): a referral arrived, a visit took place, a plan
ended. The Django services turn records into facts; the engine turns facts
into obligations. Kinds are plain strings so the ledger can store them.

Scope conventions (the ``scope`` of a fact is the episode it belongs to; a
satisfying fact must share the scope of the fact that started the clock
unless the rule says it matches child-wide):

- ``contact:<id>``      a front-door contact and its screening decision
- ``cin:<id>``          a children's social care episode, referral to closure
                        (referral, decision, assessments, strategy
                        discussions, s47, ICPC)
- ``cp:<id>``           a child protection plan (its start, core groups,
                        review conferences, visits, end)
- ``cinplan:<id>``      a child in need plan (its reviews and visits)
- ``period:<id>``       a period of care (became looked after to ceased:
                        care plan, LAC reviews, health, PEP)
- ``placement:<id>``    one placement (placement plan, notifications, reg 28
                        visits, temporary approval and its extension, a full
                        care order made while the child lives at home). Its
                        start carries ``reg28`` ("", "parent_assessment" or
                        "temporary_approval") and ``period``, the id of its
                        period of care, whose reviews end weekly visits.
- ``missing:<id>``      one missing episode
- ``dispute:<id>``      one IRO dispute (raised, its stages and their
                        responses, resolved)
- ``proceedings:<id>``, ``preproceedings:<id>``, ``adoption:<id>``,
  ``adoptiveplacement:<id>``, ``leavingcare:<id>``, ``pf:<id>`` (private
  fostering arrangement), ``earlyhelp:<id>``, ``service:<id>``.
"""

from __future__ import annotations

from typing import Final

# --- Front door -------------------------------------------------------------
CONTACT_RECEIVED: Final = "contact_received"  #: contact arrives (datetime; hour SLAs)
CONTACT_DECISION: Final = "contact_decision"  #: front-door screening (RAG) decision on a contact
REFERRAL_RECEIVED: Final = "referral_received"  #: referral received by children's social care
REFERRAL_DECISION: Final = "referral_decision"  #: decision on the type of response to a referral
REFERRAL_NFA: Final = "referral_nfa"  #: referral closed with no further action (ends A1)
CHECK_REQUESTED: Final = "check_requested"  #: multi-agency check asked of a partner agency
CHECK_ANSWERED: Final = "check_answered"  #: the partner agency answered the check
REFERRER_FEEDBACK: Final = "referrer_feedback"  #: professional referrer told the outcome
IMMEDIATE_PROTECTION_NEEDED: Final = "immediate_protection_needed"  #: emergency action needed
EARLY_HELP_STARTED: Final = "early_help_started"  #: early help plan agreed
EARLY_HELP_REVIEW: Final = "early_help_review"  #: early help plan reviewed
EARLY_HELP_ENDED: Final = "early_help_ended"  #: early help episode closed

# --- Assessment ---------------------------------------------------------------
ASSESSMENT_STARTED: Final = "assessment_started"  #: assessment actual start date
ASSESSMENT_COMPLETED: Final = "assessment_completed"  #: assessment concluded (attr child_in_need)
ASSESSMENT_AUTHORISED: Final = "assessment_authorised"  #: manager authorised the assessment
CARER_ASSESSMENT_REQUESTED: Final = "carer_assessment_requested"  #: young/parent carer request
CARER_ASSESSMENT_COMPLETED: Final = "carer_assessment_completed"  #: carer assessment concluded
CIN_EPISODE_CLOSED: Final = "cin_episode_closed"  #: social care episode closed

# --- Child protection ---------------------------------------------------------
SIGNIFICANT_HARM_SUSPECTED: Final = "significant_harm_suspected"  #: reasonable cause to suspect
STRATEGY_DISCUSSION: Final = "strategy_discussion"  #: strategy discussion (attr s47=True if it started s47)
S47_STARTED: Final = "s47_started"  #: section 47 enquiry actual start date (DfE measure)
S47_COMPLETED: Final = "s47_completed"  #: section 47 enquiry outcome recorded
ICPC_NOT_REQUIRED: Final = "icpc_not_required"  #: s47 concluded no conference needed
ICPC: Final = "icpc"  #: initial child protection conference held
CP_TRANSFER_IN_NOTIFIED: Final = "cp_transfer_in_notified"  #: child on another LA's plan moved in
TRANSFER_IN_CONFERENCE: Final = "transfer_in_conference"  #: transfer-in conference held
CP_PLAN_STARTED: Final = "cp_plan_started"  #: CP plan starts (the ICPC date); attr interval_days
CORE_GROUP: Final = "core_group"  #: core group meeting held
RCPC: Final = "rcpc"  #: review child protection conference held
CP_VISIT: Final = "cp_visit"  #: statutory visit to a child on a CP plan
CP_PLAN_ENDED: Final = "cp_plan_ended"  #: CP plan ended

# --- Child in need ------------------------------------------------------------
CIN_PLAN_STARTED: Final = "cin_plan_started"  #: CIN plan in place
CIN_REVIEW: Final = "cin_review"  #: CIN review meeting held
CIN_VISIT: Final = "cin_visit"  #: visit to a child on a CIN plan
CIN_PLAN_ENDED: Final = "cin_plan_ended"  #: CIN plan ended

# --- Looked after -------------------------------------------------------------
BECAME_LOOKED_AFTER: Final = "became_looked_after"  #: start of a period of care
CEASED_LOOKED_AFTER: Final = "ceased_looked_after"  #: end of a period of care
CARE_PLAN: Final = "care_plan"  #: care plan prepared (CPPCR reg 4)
PLACEMENT_STARTED: Final = "placement_started"  #: placement begins (attrs long_term, kind, reg28, period)
PLACEMENT_LONG_TERM: Final = "placement_long_term"  #: placement designated long-term (until 18)
PLACEMENT_PLAN: Final = "placement_plan"  #: placement plan agreed (reg 9)
PLACEMENT_NOTIFIED: Final = "placement_notified"  #: reg 13 notifications sent
PLACEMENT_ENDED: Final = "placement_ended"  #: placement ends
LAC_VISIT: Final = "lac_visit"  #: reg 28 statutory visit to a looked-after child
LAC_REVIEW: Final = "lac_review"  #: IRO-chaired looked-after review held
CARE_ORDER_MADE: Final = "care_order_made"  #: full care order made (attr at_home; placement scope)
CONNECTED_PERSON_APPROVED: Final = "connected_person_approved"  #: full approval as foster carer
TEMPORARY_APPROVAL_EXTENDED: Final = "temporary_approval_extended"  #: reg 25 extension takes effect
HEALTH_ASSESSMENT_INITIAL: Final = "health_assessment_initial"  #: initial health assessment
HEALTH_ASSESSMENT_REVIEW: Final = "health_assessment_review"  #: review health assessment
PEP: Final = "pep"  #: personal education plan initiated

# --- Missing ------------------------------------------------------------------
MISSING_STARTED: Final = "missing_started"  #: child went missing (datetime)
MISSING_RETURNED: Final = "missing_returned"  #: child returned (datetime; starts the RHI clock)
RHI_HELD: Final = "rhi_held"  #: return home interview held (datetime)
RHI_DECLINED: Final = "rhi_declined"  #: the child declined the interview offered (datetime)

# --- Legal --------------------------------------------------------------------
PRE_PROCEEDINGS_STARTED: Final = "pre_proceedings_started"  #: letter before proceedings
PRE_PROCEEDINGS_DECISION: Final = "pre_proceedings_decision"  #: decision to issue or step down
PROCEEDINGS_ISSUED: Final = "proceedings_issued"  #: care/supervision application issued
PROCEEDINGS_DISPOSED: Final = "proceedings_disposed"  #: application finally disposed of
PROCEEDINGS_EXTENDED: Final = "proceedings_extended"  #: the court extended the timetable (attr interval_days)
PRE_PROCEEDINGS_MEETING: Final = "pre_proceedings_meeting"  #: initial or review meeting with the parents
PERMANENCE_PLAN: Final = "permanence_plan"  #: the plan for permanence agreed (scope period:<id>)

# --- Adoption -----------------------------------------------------------------
AUTHORITY_TO_PLACE: Final = "authority_to_place"  #: placement order or consent to placement
PLACED_FOR_ADOPTION: Final = "placed_for_adoption"  #: child placed with prospective adopters
ADOPTION_REVIEW: Final = "adoption_review"  #: AAR reg 36 review held
ADOPTIVE_PLACEMENT_ENDED: Final = "adoptive_placement_ended"  #: adoptive placement disrupted, or the plan ended
ADOPTION_ORDER_MADE: Final = "adoption_order_made"  #: adoption order made
ADOPTION_PANEL_RECOMMENDATION: Final = "adoption_panel_recommendation"  #: panel recommendation
ADOPTION_DECISION: Final = "adoption_decision"  #: agency decision maker's decision

# --- Care leavers -------------------------------------------------------------
PATHWAY_PLAN: Final = "pathway_plan"  #: pathway plan first agreed
PATHWAY_PLAN_REVIEW: Final = "pathway_plan_review"  #: pathway plan reviewed
LEAVING_CARE_ENDED: Final = "leaving_care_ended"  #: care-leaver support ended

# --- Private fostering --------------------------------------------------------
PF_NOTIFICATION_RECEIVED: Final = "pf_notification_received"  #: LA becomes aware of arrangement
PF_VISIT: Final = "pf_visit"  #: officer visit to a privately fostered child
PF_ARRANGEMENT_ENDED: Final = "pf_arrangement_ended"  #: private fostering arrangement ended

# --- IRO and safeguarding -----------------------------------------------------
IRO_DISPUTE_RAISED: Final = "iro_dispute_raised"  #: IRO starts formal dispute resolution
IRO_DISPUTE_RESOLVED: Final = "iro_dispute_resolved"  #: dispute resolved
IRO_DISPUTE_STAGE: Final = "iro_dispute_stage"  #: a dispute stage opened (attr interval_working_days)
IRO_DISPUTE_RESPONSE: Final = "iro_dispute_response"  #: the stage's response received
SERIOUS_INCIDENT_KNOWN: Final = "serious_incident_known"  #: LA aware of serious incident
SERIOUS_INCIDENT_NOTIFIED: Final = "serious_incident_notified"  #: national panel notified
RAPID_REVIEW_COMPLETED: Final = "rapid_review_completed"  #: rapid review sent to panel
ALLEGATION_RECEIVED: Final = "allegation_received"  #: allegation against a person working with children
LADO_CONSIDERED: Final = "lado_considered"  #: LADO considered the allegation

# --- Workforce ----------------------------------------------------------------
SERVICE_STARTED: Final = "service_started"  #: child opened to a service (needs a worker)
SERVICE_ENDED: Final = "service_ended"  #: child closed to that service
WORKER_ALLOCATED: Final = "worker_allocated"  #: qualified social worker allocated
WORKER_UNALLOCATED: Final = "worker_unallocated"  #: allocated worker left; child unallocated
SUPERVISION: Final = "supervision"  #: case supervision / management oversight recorded


def all_kinds() -> frozenset[str]:
    """Every fact kind defined in this module."""
    return frozenset(
        value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str)
    )
