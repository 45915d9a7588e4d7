"""The legal tracker, a family's legal timeline and the legal measures (being built)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from lantern.staff.models import Role

from ..selectors import case_for

READERS = frozenset(Role) - {Role.ADMIN, Role.PERSONAL_ADVISER, Role.FRONT_DOOR}


def case_page(request, case_id: int):
    """A family's legal work."""
    if request.user.role not in READERS:
        raise Http404("No such page")
    case = case_for(request.user, case_id)
    return render(request, "legal/case.html", {"case": case})


urlpatterns = [
    path("legal/<int:case_id>/", case_page, name="case"),
]
