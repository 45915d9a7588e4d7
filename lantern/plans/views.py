"""The plan quality measure: how many actions on open plans have no owner, no date or no
measurable outcome, for the service and by team, with the children behind each number."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lantern.staff.models import MANAGER_ROLES, Role

from .selectors import FLAGS, plan_quality

READERS = MANAGER_ROLES | {Role.PERFORMANCE}
FILTERS = {"flagged": "Any flag", **dict(FLAGS)}


def quality_page(request):
    """For managers, senior leaders and performance analysts; others get a 404."""
    if request.user.role not in READERS:
        raise Http404("No such page")
    quality = plan_quality(request.user, today=timezone.localdate())
    flag = request.GET.get("flag") if request.GET.get("flag") in FILTERS else "flagged"
    team = request.GET.get("team") or "all"
    teams = {line.key: line for line in quality.teams}
    line = teams.get(team, quality.total)
    children = [c for c in quality.children
                if c.count(flag) and (line is quality.total or c.team_key == line.key)]
    return render(request, "plans/quality.html", {
        "q": quality, "flag": flag, "flag_label": FILTERS[flag], "line": line, "children": children,
        "head": list(FILTERS.values()), "share": quality.total.share("flagged"),
        "rows": [(each, [(f, label, each.count(f), each.share(f)) for f, label in FILTERS.items()])
                 for each in (*quality.teams, quality.total)]})
