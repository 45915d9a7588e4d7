from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.audit.models import AccessKind
from lantern.audit.services import access_record, access_record_many
from lantern.obligations.selectors import child_panel
from lantern.web.chronology import KIND_LABELS, chronology_for
from lantern.web.forms import add_service_errors

from .forms import AddChildForm
from .frame import record_frame
from .selectors import child_record, child_search
from .services import CHILD_CREATORS, child_create


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
    return render(request, "people/search.html", {
        "form": form, "results": results, "can_add": request.user.role in CHILD_CREATORS})


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
        **record_frame(request.user, child, today=today, section="record"),
        "child": child,
        "today": today,
        "panel": child_panel(child, today=today, now=now),
        "chronology": chronology_for(child, kinds=kinds),
        "kind_labels": KIND_LABELS,
        "filter": filt,
    })


def add(request):
    """Add a child to the record (after searching for them first)."""
    if request.user.role not in CHILD_CREATORS:
        raise Http404("No such page")
    form = AddChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = child_create(actor=request.user, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{child.full_name} added with council ID {child.council_id}")
            return redirect("people:record", child.pk)
    return render(request, "people/add.html", {"form": form})
