"""Child in need plans in the chronology: start, reviews and end (one shared query)."""

from lantern.web.chronology import Entry, part, person

from .models import EndReason, Plan, Review

KIND = "childinneed"
ENDINGS = dict(EndReason.choices)


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    return [
        part(Plan.objects.filter(child=child), "cin-plan", "start", "from_cp_plan_id"),
        part(Plan.objects.filter(child=child, end__isnull=False), "cin-plan-end", "end", "end_reason"),
        part(Review.objects.filter(plan__child=child), "cin-review", "held_on", "summary",
             by=person("recorded_by")),
    ]


def entry(row):
    tag, on, a, b, c, d, by = row
    if tag == "cin-plan":
        return [Entry(on, KIND, "Child in need plan started",
                      "Stepped down from a child protection plan" if a else "")]
    if tag == "cin-plan-end":
        return [Entry(on, KIND, f"Child in need plan ended: {ENDINGS.get(a, a).lower()}")]
    return [Entry(on, KIND, "Child in need review", a, by)]
