"""Step ups and step downs in the chronology (one shared query): proposed, authorised or
declined, with the reason or trigger and the manager's rationale."""

from django.db.models.functions import Coalesce

from lantern.web.chronology import Entry, local_day, part, person

from .models import Direction, Kind, State, StepChange

KIND = "stepchange"
KINDS = dict(Kind.choices)


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    mine = StepChange.objects.filter(child=child)
    return [
        part(mine.filter(direction=Direction.DOWN), "step-proposed", local_day("proposed_at"), "kind",
             "reason", by=person("proposed_by")),
        part(mine.filter(state__in=(State.AUTHORISED, State.DECLINED, State.RECORDED)), "step",
             Coalesce("decided_on", "on"), "kind", "state", "trigger", "rationale",
             by=Coalesce(person("decided_by"), person("proposed_by"))),
    ]


def entry(row):
    tag, on, a, b, c, d, by = row
    kind = KINDS.get(a, a).lower()
    if tag == "step-proposed":
        return [Entry(on, KIND, f"Step down proposed: {kind}", b, by)]
    if b == State.RECORDED:
        return [Entry(on, KIND, f"Stepped up: {kind}", c, by)]
    if b == State.DECLINED:
        return [Entry(on, KIND, f"Step down declined: {kind}", d, by)]
    return [Entry(on, KIND, f"Step down authorised: {kind}", d, by)]
