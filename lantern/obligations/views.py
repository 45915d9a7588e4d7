from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lantern.staff.models import Team

from .selectors import team_worklist, worklist


def my_work(request):
    now = timezone.now()
    today = timezone.localdate(now)
    lines = worklist(request.user, today=today, now=now)
    return render(request, "obligations/my_work.html", {"lines": lines, "today": today})


def _teams_for(user):
    if user.is_manager:
        teams = Team.objects.filter(manager=user) | Team.objects.filter(manager__line_manager=user)
        if user.role == "senior_leader":
            teams = Team.objects.all()
        return teams.distinct().order_by("name")
    return Team.objects.filter(pk=user.team_id)


def team(request):
    now = timezone.now()
    today = timezone.localdate(now)
    teams = list(_teams_for(request.user))
    if not teams:
        return render(request, "obligations/no_team.html")
    chosen = teams[0]
    wanted = request.GET.get("team")
    if wanted:
        chosen = next((t for t in teams if str(t.pk) == wanted), None)
        if chosen is None:
            raise Http404("No such team")
    lines = team_worklist(chosen, today=today, now=now)
    return render(request, "obligations/team.html",
                  {"lines": lines, "team": chosen, "teams": teams, "today": today})
