"""The legal tracker (every family in pre-proceedings or proceedings), a family's legal
timeline and the legal measures."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lantern.staff.models import MANAGER_ROLES, Role

from ..measures import legal_measures
from ..selectors import FLAGS, STAGES, case_for, case_timeline, sort_and_filter, tracker

READERS = frozenset(Role) - {Role.ADMIN, Role.PERSONAL_ADVISER, Role.FRONT_DOOR}
MEASURE_READERS = MANAGER_ROLES | {Role.PERFORMANCE, Role.IRO}

SORT_LABELS = {"family": "Family", "stage": "Stage", "weeks": "Weeks", "next": "Next date"}


def _reader(request, readers=READERS) -> None:
    if request.user.role not in readers:
        raise Http404("No such page")


def _owner(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def tracker_page(request):
    """Every family with open pre-proceedings or proceedings that has a child the reader may
    see, sorted and filtered by the GET parameters sort, order, stage, owner and flag."""
    _reader(request)
    today = timezone.localdate()
    rows = tracker(request.user, today=today)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORT_LABELS else "weeks"
    descending = request.GET.get("order", "desc" if sort == "weeks" else "asc") == "desc"
    stage = request.GET.get("stage", "")
    flag = request.GET.get("flag", "")
    owner = _owner(request.GET.get("owner"))
    shown = sort_and_filter(rows, sort=sort, descending=descending, stage=stage, owner=owner, flag=flag)
    owners = sorted({(r.owner_id, r.owner_name) for r in rows}, key=lambda o: o[1])
    filters = request.GET.copy()
    for key in ("sort", "order"):
        filters.pop(key, None)
    headers = []
    for key, label in SORT_LABELS.items():
        query = filters.copy()
        query["sort"] = key
        query["order"] = "asc" if sort == key and descending else (
            "desc" if sort == key or key == "weeks" else "asc")
        headers.append({"key": key, "label": label, "href": f"?{query.urlencode()}",
                        "aria_sort": ("descending" if descending else "ascending") if sort == key else "none"})
    return render(request, "legal/tracker.html", {
        "rows": shown, "total": len(rows), "today": today, "headers": {h["key"]: h for h in headers},
        "stages": STAGES, "flags": FLAGS, "owners": owners,
        "chosen": {"stage": stage, "flag": flag, "owner": owner, "sort": sort},
        "can_measure": request.user.role in MEASURE_READERS,
        "filtered": bool(stage in STAGES or flag in FLAGS or owner is not None)})


def case_page(request, case_id: int):
    """A family's legal work: the timeline, the clocks and the drift flags."""
    _reader(request)
    case = case_for(request.user, case_id)
    today = timezone.localdate()
    timeline = case_timeline(case, today=today)
    return render(request, "legal/case.html", {"case": case, "timeline": timeline, "today": today})


def measures_page(request):
    """Managers, senior leaders, IROs and analysts; others get a 404."""
    _reader(request, MEASURE_READERS)
    measures = legal_measures(request.user, today=timezone.localdate())
    chosen = next((m for m in measures if m.key == request.GET.get("measure")), measures[0])
    return render(request, "legal/measures.html", {"measures": measures, "chosen": chosen})


urlpatterns = [
    path("legal/", tracker_page, name="tracker"),
    path("legal/measures/", measures_page, name="measures"),
    path("legal/<int:case_id>/", case_page, name="case"),
]
