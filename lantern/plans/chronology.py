"""Visits and plan actions in the chronology (one shared query): each visit with whether
the child was seen and seen alone and what they said; actions agreed and reviewed."""

from django.db.models import Case, Value, When
from django.db.models.functions import Concat

from lantern.web.chronology import TEXT, Entry, part, person

from .models import ActionReview, Progress, Visit

PROGRESS = dict(Progress.choices)


def _plan(prefix=""):
    return Case(When(**{f"{prefix}cp_plan__isnull": False}, then=Value("child protection")),
                default=Value("child in need"), output_field=TEXT)


def parts(child, kinds):
    out = []
    if kinds is None or "visit" in kinds:
        how = Case(When(seen=False, then=Value("not_seen")), When(seen_alone=True, then=Value("alone")),
                   default=Value("not_alone"), output_field=TEXT)
        why = Concat("not_seen_reason", "not_alone_reason", output_field=TEXT)
        out.append(part(Visit.objects.filter(child=child), "visit", "visited_on", _plan(), how, why,
                        "child_said", by=person("worker")))
    if kinds is None or "plan" in kinds:
        out.append(part(ActionReview.objects.filter(action__child=child), "plan-review", "reviewed_on",
                        _plan("action__"), "progress", "action__what", "note",
                        by=person("recorded_by")))
    return out


def entry(row):
    tag, on, a, b, c, d, by = row
    if tag == "visit":
        title = {"not_seen": "Visit: child not seen", "alone": "Visit: child seen alone",
                 "not_alone": "Visit: child seen, not alone"}[b]
        detail = "; ".join(x for x in (f"{a.capitalize()} plan", c, f"The child said: {d}" if d else "") if x)
        return [Entry(on, "visit", title, detail, by)]
    return [Entry(on, "plan", f"Plan action reviewed: {PROGRESS.get(b, b).lower()}",
                  f"{c}" + (f". {d}" if d else ""), by)]
