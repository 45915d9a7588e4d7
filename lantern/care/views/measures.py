"""Pages of the children-in-care area: the service's stability and sufficiency measures,
and every child placed out of area, so that no child far from home drops out of sight."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lantern.staff.models import MANAGER_ROLES, Role

from ..measures import FAR_MILES, care_measures, placed_out_of_area

READERS = MANAGER_ROLES | {Role.PERFORMANCE, Role.IRO}


def _reader(request) -> None:
    if request.user.role not in READERS:
        raise Http404("No such page")


def measures_page(request):
    """Managers, senior leaders, IROs and analysts; others get a 404."""
    _reader(request)
    measures = care_measures(request.user, today=timezone.localdate())
    chosen = next((m for m in measures if m.key == request.GET.get("measure")), measures[0])
    return render(request, "care/measures/measures.html",
                  {"measures": measures, "chosen": chosen})


def out_of_area_page(request):
    _reader(request)
    far, overdue = request.GET.get("far") == "1", request.GET.get("overdue") == "1"
    rows = placed_out_of_area(request.user, today=timezone.localdate(), far_only=far,
                              overdue_only=overdue)
    return render(request, "care/measures/out_of_area.html",
                  {"rows": rows, "far": far, "overdue": overdue, "far_miles": FAR_MILES})


urlpatterns = [
    path("care/measures/", measures_page, name="measures"),
    path("care/out-of-area/", out_of_area_page, name="out-of-area"),
]
