from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lantern.core.rules import Status
from lantern.frontdoor.selectors import QueueFilter, queue
from lantern.staff.models import Team
from lantern.stepchange.selectors import awaiting_decision

from .models import RuleSetting
from .selectors import caseload, team_worklist, worklist
from .services import council_rulebook, recordable_rules


def my_work(request):
    now = timezone.now()
    today = timezone.localdate(now)
    lines = worklist(request.user, today=today, now=now)
    away = request.GET.get("placed") == "out-of-area"
    children = caseload(today=today, viewer=request.user, worker=request.user, out_of_area=away)
    screening = None
    if request.user.works_at_front_door:
        screening = queue(now=now, filters=QueueFilter(screener=request.user.pk))
    return render(request, "obligations/my_work.html", {
        "lines": lines, "children": children, "today": today, "screening": screening, "now": now,
        "out_of_area": away})


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
    away = request.GET.get("placed") == "out-of-area"
    children = caseload(today=today, viewer=request.user, team=chosen, out_of_area=away)
    return render(request, "obligations/team.html",
                  {"lines": lines, "children": children, "team": chosen, "teams": teams,
                   "out_of_area": away,
                   "step_downs": awaiting_decision(request.user, team=chosen, today=today),
                   "today": today})


STATUS_LABELS = {
    Status.STAT_REG: "Statutory regulation",
    Status.STAT_GUID: "Statutory guidance",
    Status.LOCAL: "Local practice",
    Status.KPI: "National measure",
}


def rules(request):
    """Every timescale Lantern holds, with its source and this council's setting."""
    book = council_rulebook()
    settings_by_rule = {s.rule_id: s for s in RuleSetting.objects.select_related("changed_by")}
    recordable = recordable_rules(book)
    areas: dict[str, list[dict]] = {}
    for rule in book.catalogue:
        current = book.rule(rule.id)
        areas.setdefault(rule.area.value, []).append({
            "rule": rule,
            "period": current.period,
            "then": current.then_period,
            "variants": [f"{value} {period}" for _, value, period in current.period_by_attr],
            "enabled": book.is_enabled(rule.id),
            "setting": settings_by_rule.get(rule.id),
            "tracked": rule.id in recordable,
            "status": STATUS_LABELS[rule.status],
        })
    return render(request, "obligations/rules.html", {"areas": areas})
