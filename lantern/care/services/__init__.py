"""Writes to children in care, by part of the journey (see each module)."""

from .iro import (
    dispute_close,
    dispute_escalate,
    dispute_raise,
    dispute_respond,
    dispute_stages,
    iro_contact_record,
)
from .journey import (
    CareError,
    PlacementDetails,
    approval_extend,
    care_cease,
    care_start,
    carer_approve,
    legal_status_change,
    placement_change,
    placement_details_update,
    placement_resolve,
    review_record,
    visit_record,
)
from .wellbeing import (
    family_time_arrange,
    family_time_end,
    family_time_session_record,
    health_record_add,
    pep_record,
)

__all__ = [
    "CareError", "PlacementDetails", "approval_extend", "care_cease", "care_start",
    "carer_approve", "legal_status_change", "placement_change", "placement_details_update",
    "placement_resolve", "review_record", "visit_record",
    "dispute_close", "dispute_escalate", "dispute_raise", "dispute_respond", "dispute_stages",
    "iro_contact_record", "family_time_arrange", "family_time_end", "family_time_session_record",
    "health_record_add", "pep_record",
]
