"""Missing episodes in the chronology: going missing (or away), the return, and the return
home interview held or declined, read with the other areas' parts in one query
(lantern.web.chronology)."""

from django.db.models import Case, Value, When
from django.db.models.functions import Cast, Concat, ExtractHour, ExtractMinute, LPad

from lantern.core.calendar import LONDON
from lantern.web.chronology import TEXT, Entry, local_day, part, person

from .models import MissingEpisode, ReturnInterview

KIND = "missing"


def _clock(field: str):
    """An aware datetime column as its London wall-clock time, 'HH:MM'."""
    def two(expr):
        return LPad(Cast(expr, output_field=TEXT), 2, Value("0"))

    return Concat(two(ExtractHour(field, tzinfo=LONDON)), Value(":"),
                  two(ExtractMinute(field, tzinfo=LONDON)), output_field=TEXT)


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    police = Case(When(reported_to_police_at__isnull=False, then=Value("police")), default=Value(""),
                  output_field=TEXT)
    concerns = Case(When(exploitation_concerns=True, then=Value("concerns")), default=Value(""),
                    output_field=TEXT)
    episodes = MissingEpisode.objects.filter(child=child)
    interviews = ReturnInterview.objects.filter(episode__child=child)
    return [
        part(episodes, "missing-start", local_day("started_at"), "kind", "missing_from",
             _clock("started_at"), police, by=person("recorded_by")),
        part(episodes.filter(returned_at__isnull=False), "missing-return", local_day("returned_at"),
             "kind", "where_found", _clock("returned_at")),
        part(interviews.filter(held_at__isnull=False), "missing-rhi", local_day("held_at"), "by_whom",
             "child_said", concerns, "actions", by=person("recorded_by")),
        part(interviews.filter(accepted=False), "missing-rhi-declined", local_day("offered_at"),
             "declined_reason", by=person("recorded_by")),
    ]


def _kind(code: str) -> str:
    return "Away from placement without authorisation" if code == "A" else "Missing"


def entry(row):
    tag, on, a, b, c, d, by = row
    if tag == "missing-start":
        title = ("Went missing" if a == "M" else "Away from placement without authorisation") + f" at {c}"
        detail = "; ".join(x for x in (f"From {b}" if b else "",
                                       "Reported to the police" if d else "") if x)
        return [Entry(on, KIND, title, detail, by)]
    if tag == "missing-return":
        detail = f"Found: {b}" if b else ""
        return [Entry(on, KIND, f"Returned at {c} ({_kind(a).lower()})", detail)]
    if tag == "missing-rhi":
        detail = "; ".join(x for x in (f"The child said: {b}" if b else "",
                                       "Concerns about exploitation" if c else "",
                                       f"Actions: {d}" if d else "") if x)
        return [Entry(on, KIND, f"Return home interview held by {a}", detail, by)]
    return [Entry(on, KIND, "Return home interview declined", a, by)]

