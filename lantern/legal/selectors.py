"""Reads of legal work, scoped to the reader.

A family's case is visible to a reader who may see at least one of its children; the
children they may not see are left out of everything shown.
"""

from django.http import Http404

from lantern.access.policy import visible_child_ids
from lantern.people.models import Child

from .models import LegalCase


def case_for(user, case_id) -> LegalCase:
    """The case with this id if the user may see one of its children; otherwise 404, as if
    it did not exist. ``case.visible_children`` holds the children the user may see."""
    try:
        case = LegalCase.objects.select_related("owner").get(pk=int(case_id))
    except (LegalCase.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None
    children = list(Child.objects.filter(legal_memberships__case=case, pk__in=visible_child_ids(user))
                    .order_by("date_of_birth", "pk"))
    if not children:
        raise Http404("No such case")
    case.visible_children = children
    return case
