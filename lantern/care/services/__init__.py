"""Writes to children in care, by part of the journey (see each module)."""

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

__all__ = [
    "CareError", "PlacementDetails", "approval_extend", "care_cease", "care_start",
    "carer_approve", "legal_status_change", "placement_change", "placement_details_update",
    "placement_resolve", "review_record", "visit_record",
]
