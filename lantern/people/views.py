from django import forms
from django.shortcuts import render
from django.utils import timezone

from lantern.audit.models import AccessKind
from lantern.audit.services import access_record, access_record_many
from lantern.obligations.selectors import child_panel
from lantern.web.chronology import KIND_LABELS, chronology_for

from .selectors import age_on, child_record, child_search


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, council ID or NHS number", max_length=100, required=False,
        help_text="For example, Jamie Smith, 14/03/2015, or 943 476 5919",
    )


def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = child_search(request.user, form.cleaned_data["q"])
        access_record_many(user=request.user, children=results, page="people:search",
                           kind=AccessKind.SEARCH)
    return render(request, "people/search.html", {"form": form, "results": results})


class ChronologyFilter(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show", required=False, choices=sorted(KIND_LABELS.items(), key=lambda kv: kv[1]),
        widget=forms.CheckboxSelectMultiple,
    )


def record(request, child_id: int):
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="people:record")
    filt = ChronologyFilter(request.GET or None)
    kinds = frozenset(filt.cleaned_data["kind"]) if filt.is_valid() and filt.cleaned_data["kind"] else None
    return render(request, "people/record.html", {
        "child": child,
        "age": age_on(child.date_of_birth, today),
        "today": today,
        "panel": child_panel(child, today=today, now=now),
        "chronology": chronology_for(child, kinds=kinds),
        "kind_labels": KIND_LABELS,
        "filter": filt,
    })
