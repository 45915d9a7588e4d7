"""A test-only URLconf: the URL names that web/base.html links to, and
throwaway pages that use the layout, a form with errors and the components.

Used with ``@pytest.mark.urls("lantern.web.tests.urls")``.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from lantern.web.forms import GovukDateField, GovukDateTimeField

PAGE = """{% extends "web/base.html" %}
{% block title %}{{ heading }}{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">{{ heading }}</h1>
{{ body }}
{% endblock %}"""

FORM_PAGE = """{% extends "web/base.html" %}
{% block title %}Record a visit{% endblock %}
{% block before_content %}{% include "components/back_link.html" with href="/" %}{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">Record a visit</h1>
<form method="post" novalidate>{% csrf_token %}
  {{ form }}
  {% include "components/button.html" with text="Save visit" %}
</form>
{% endblock %}"""

COMPONENTS_PAGE = """{% extends "web/base.html" %}
{% block title %}Components{% endblock %}
{% block before_content %}
{% include "components/breadcrumbs.html" with items=breadcrumbs %}
{% include "components/identity_bar.html" with identity=identity %}
{% include "components/sub_navigation.html" with items=tabs %}
{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">Components</h1>
{% include "components/tag.html" with text="Overdue" colour="red" %}
{% include "components/badge.html" with text="Restricted" colour="red" %}
{% include "components/summary_list.html" with rows=summary %}
{% include "components/table.html" with caption="Visits due" head=head rows=rows sortable=True %}
{% include "components/inset_text.html" with text="Seen alone at every visit." %}
{% include "components/warning_text.html" with text="This record is restricted." %}
{% include "components/details.html" with summary="Why this is due" text="Visits are due every 10 working days." %}
{% include "components/timeline.html" with items=timeline %}
{% include "components/pagination.html" with previous="?page=1" next="?page=3" items=pages %}
{% include "components/panel.html" with title="Visit recorded" heading_level=2 %}
{% endblock %}"""


def render(request, source, **context):
    template = engines["django"].from_string(source)
    return HttpResponse(template.render(context, request))


@login_not_required
def placeholder(request, **kwargs):
    return render(request, PAGE, heading="Placeholder")


class VisitForm(forms.Form):
    seen_on = GovukDateField(
        label="Date of visit", must_not_be_future=True, help_text="For example, 27 3 2025"
    )
    returned_at = GovukDateTimeField(label="Time the child returned", required=False)
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns raised",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[("home", "Home conditions"), ("school", "School attendance")],
    )
    visit_type = forms.ChoiceField(
        label="Type of visit", choices=[("", "Choose"), ("home", "Home")]
    )
    worker = forms.CharField(label="Worker", help_text="Who visited")
    notes = forms.CharField(label="What happened", widget=forms.Textarea)
    agreed = forms.BooleanField(label="The child agreed to this record")


@login_not_required
def form_page(request):
    """A form, bound to an empty submission so that every field shows its error."""
    return render(request, FORM_PAGE, form=VisitForm(data={}))


@login_not_required
def components_page(request):
    messages.success(request, "Visit recorded")
    return render(
        request,
        COMPONENTS_PAGE,
        breadcrumbs=[{"text": "Children", "href": "/people/"}, {"text": "Sam Taylor"}],
        identity={
            "name": "Sam Taylor",
            "date_of_birth": dt.date(2014, 5, 1),
            "age": 11,
            "id": "LA-000123",
            "allocated_worker": "Alex Morgan",
            "status": "Child in need",
        },
        tabs=[
            {"text": "Summary", "href": "#", "active": True},
            {"text": "Chronology", "href": "#c"},
        ],
        summary=[
            {
                "key": "Name",
                "value": "Sam Taylor",
                "actions": [{"href": "#", "text": "Change", "visually_hidden_text": "name"}],
            },
            {"key": "Date of birth", "value": "1 May 2014"},
        ],
        head=[{"text": "Child"}, {"text": "Due"}, {"text": "Days", "format": "numeric"}],
        rows=[["Sam Taylor", "3 June 2025", {"text": 2, "format": "numeric"}]],
        timeline=[
            {
                "title": "Visit",
                "by": "Alex Morgan",
                "date": dt.date(2025, 6, 3),
                "description": "Seen alone.",
            }
        ],
        pages=[
            {"number": 1, "href": "?page=1"},
            {"number": 2, "href": "?page=2", "current": True},
            {"number": 3, "href": "?page=3"},
        ],
    )


def section(name, *names):
    return include(([path(f"{n}/", placeholder, name=n) for n in names], name))


urlpatterns = [
    path("", section("web", "sign-in", "sign-out")),
    path("people/", section("people", "search")),
    path("obligations/", section("obligations", "my-work", "team", "rules")),
    path("front-door/", section("frontdoor", "queue")),
    path("returns/", section("returns", "quality")),
    path("plans/", section("plans", "quality")),
    path("step-downs/", section("stepchange", "measure")),
    path("legal/", section("legal", "tracker")),
    path("security/", section("security", "enrol")),
    path("form/", form_page, name="form"),
    path("components/", components_page, name="components"),
]
