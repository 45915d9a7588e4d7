"""The frame every page of a child's record shares: identity bar and sub navigation."""

from django.urls import reverse

from lantern.access.services import CHANGERS as ACCESS_CHANGERS
from lantern.staff.models import MANAGER_ROLES, Role
from lantern.staff.services import ALLOCATORS

from .selectors import age_on


def _warnings(child) -> list[str]:
    """What every page of the record must show about the child: read with the child by
    ``child_record`` (``connected_unassessed``), otherwise one query."""
    from lantern.legal.selectors import unassessed_placements

    unassessed = getattr(child, "connected_unassessed", None)
    if unassessed is None:
        unassessed = unassessed_placements().filter(child=child).exists()
    if unassessed:
        return ["Connected person not assessed"]
    return []


def record_frame(user, child, *, today, section: str) -> dict:
    """Context for the identity bar and sub navigation of ``child`` (from ``child_record``)."""
    if child.date_of_birth is None:
        born = None
        status_extra = f" (unborn, expected {child.expected_date_of_birth:%-d %B %Y})"
    else:
        born, status_extra = child.date_of_birth, ""
    level = child.current_level.get_level_display() if child.current_level else "Not open to a service"
    identity = {
        "name": child.full_name,
        "date_of_birth": born,
        "age": age_on(born, today),
        "id": child.council_id,
        "id_label": "Council ID",
        "allocated_worker": str(child.social_worker.worker) if child.social_worker else "Unallocated",
        "status": level + status_extra,
        "warnings": _warnings(child),
    }
    items = [{"text": "Overview and chronology", "href": reverse("people:record", args=[child.pk]),
              "active": section == "record"},
             {"text": "Early help", "href": reverse("earlyhelp:index", args=[child.pk]),
              "active": section == "early-help"},
             {"text": "Assessments", "href": reverse("assessment:list", args=[child.pk]),
              "active": section == "assessments"},
             {"text": "Child protection", "href": reverse("protection:index", args=[child.pk]),
              "active": section == "protection"},
             {"text": "Child in need", "href": reverse("childinneed:index", args=[child.pk]),
              "active": section == "childinneed"},
             {"text": "Children in care", "href": reverse("care:index", args=[child.pk]),
              "active": section == "care"},
             {"text": "Legal and permanence", "href": reverse("legal:permanence", args=[child.pk]),
              "active": section == "permanence"},
             {"text": "Level of need", "href": reverse("stepchange:index", args=[child.pk]),
              "active": section == "level-of-need"}]
    items.append({"text": "Leaving care", "href": reverse("leavingcare:index", args=[child.pk]),
                  "active": section == "leaving-care"})
    items.append({"text": "Missing episodes", "href": reverse("missing:index", args=[child.pk]),
                  "active": section == "missing"})
    if user.role in ALLOCATORS:
        items.append({"text": "Allocate", "href": reverse("staff:allocate", args=[child.pk]),
                      "active": section == "allocate"})
    if user.role in ACCESS_CHANGERS:
        items.append({"text": "Restriction and access", "href": reverse("access:child", args=[child.pk]),
                      "active": section == "access"})
    if user.role in MANAGER_ROLES | {Role.ADMIN}:
        items.append({"text": "Who has viewed this record",
                      "href": reverse("audit:viewed-by", args=[child.pk]),
                      "active": section == "viewed-by"})
    return {"identity": identity, "record_nav": items}
