"""Lantern's component templates against the HTML fixtures of the npm packages.

govuk-frontend ships, for each component, the macro options and the HTML they
render (dist/govuk/components/<name>/fixtures.json). Each test turns a
fixture's options into our template's context and compares the markup by
structure (html.py). MoJ Frontend ships no fixtures, so its components are
checked against the markup of its templates, by the classes and attributes
that its CSS and JavaScript rely on.
"""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .html import normalise, pretty


def text(option):
    """A fixture's {"text": ...} or {"html": ...} option as a template value."""
    if option is None:
        return None
    return mark_safe(option["html"]) if "html" in option else option["text"]


def assert_same_html(rendered, expected):
    assert normalise(rendered) == normalise(expected), (
        f"rendered:\n{pretty(rendered)}\n\nexpected:\n{pretty(expected)}"
    )


def summary_list_context(options):
    def action(item):
        return {
            "href": item["href"],
            "text": item["text"],
            "visually_hidden_text": item.get("visuallyHiddenText"),
        }

    context = {
        "rows": [
            {
                "key": text(row["key"]),
                "value": text(row["value"]),
                "actions": [action(a) for a in row.get("actions", {}).get("items", [])],
            }
            for row in options["rows"]
        ]
    }
    if "card" in options:
        context["card_title"] = text(options["card"]["title"])
        context["card_actions"] = [action(a) for a in options["card"]["actions"]["items"]]
    return context


def table_context(options):
    def cell(c):
        return {"text": text(c), "format": c.get("format")}

    return {
        "caption": options.get("caption"),
        "caption_classes": options.get("captionClasses"),
        "first_cell_is_header": options.get("firstCellIsHeader"),
        "head": [cell(c) for c in options.get("head", [])],
        "rows": [[cell(c) for c in row] for row in options["rows"]],
    }


def button_context(options):
    return {
        "text": options["text"],
        "href": options.get("href"),
        "name": options.get("name"),
        "classes": options.get("classes"),
        "start": options.get("isStartButton"),
    }


def pagination_context(options):
    return {
        "previous": options.get("previous", {}).get("href"),
        "next": options.get("next", {}).get("href"),
        "items": options.get("items", []),
    }


CASES = [
    ("tag", "default", "tag", lambda o: {"text": o["text"]}),
    ("tag", "grey", "tag", lambda o: {"text": o["text"], "colour": "grey"}),
    ("summary-list", "default", "summary_list", summary_list_context),
    ("summary-list", "with some actions", "summary_list", summary_list_context),
    ("summary-list", "as a summary card with actions", "summary_list", summary_list_context),
    ("table", "with head and caption", "table", table_context),
    ("table", "with firstCellIsHeader true", "table", table_context),
    ("notification-banner", "default", "notification_banner", lambda o: {"text": o["text"]}),
    (
        "notification-banner",
        "with type as success",
        "notification_banner",
        lambda o: {"text": o["text"], "type": o["type"]},
    ),
    (
        "notification-banner",
        "with text as html",
        "notification_banner",
        lambda o: {"html": text(o)},
    ),
    ("inset-text", "default", "inset_text", lambda o: {"text": o["text"]}),
    ("warning-text", "default", "warning_text", lambda o: {"text": o["text"]}),
    ("details", "default", "details", lambda o: {"summary": o["summaryText"], "text": o["text"]}),
    (
        "details",
        "expanded",
        "details",
        lambda o: {"summary": o["summaryText"], "text": o["text"], "open": True, "id": o["id"]},
    ),
    (
        "panel",
        "default",
        "panel",
        lambda o: {"title": o["titleHtml"], "text": mark_safe(o["html"])},
    ),
    ("back-link", "default", "back_link", lambda o: {}),
    ("back-link", "with custom text and link", "back_link", lambda o: o),
    ("breadcrumbs", "default", "breadcrumbs", lambda o: o),
    ("breadcrumbs", "with last breadcrumb as current page", "breadcrumbs", lambda o: o),
    ("button", "default", "button", button_context),
    ("button", "link", "button", button_context),
    ("button", "start", "button", button_context),
    ("button", "secondary", "button", button_context),
    ("pagination", "with many pages", "pagination", pagination_context),
    ("pagination", "with prev and next only", "pagination", pagination_context),
    ("pagination", "first page", "pagination", pagination_context),
]


@pytest.mark.parametrize(
    ("component", "fixture", "template", "context"),
    CASES,
    ids=[f"{c[0]}: {c[1]}" for c in CASES],
)
def test_component_matches_govuk_fixture(govuk_fixture, component, fixture, template, context):
    expected = govuk_fixture(component, fixture)
    rendered = render_to_string(f"components/{template}.html", context(expected["options"]))
    assert_same_html(rendered, expected["html"])


def test_error_summary_matches_govuk_fixture(govuk_fixture):
    """The form renderer's error summary, fed the fixture's errors."""
    from django import forms

    expected = govuk_fixture("error-summary", "default")
    items = expected["options"]["errorList"]

    class Form(forms.Form):
        first = forms.CharField()
        second = forms.CharField()

    form = Form(data={}, auto_id="%s")
    form.errors["first"] = form.error_class([items[0]["text"]])
    form.errors["second"] = form.error_class([items[1]["text"]])
    form.fields["first"].widget.attrs["id"] = items[0]["href"][1:]
    form.fields["second"].widget.attrs["id"] = items[1]["href"][1:]
    rendered = render_to_string("govuk/forms/error_summary.html", {"form": form})
    assert_same_html(rendered, expected["html"])


# MoJ Frontend: no fixtures in the package -------------------------------------


def test_moj_identity_bar():
    html = render_to_string(
        "components/identity_bar.html",
        {
            "identity": {
                "name": "Sam Taylor",
                "date_of_birth": dt.date(2014, 5, 1),
                "age": 11,
                "id": "LA-000123",
                "allocated_worker": "Alex Morgan",
                "status": "Child protection plan",
            }
        },
    )
    tokens = normalise(html)
    assert tokens[:6] == [
        ("<", "div", (("class", "moj-identity-bar"),)),
        ("<", "div", (("class", "moj-identity-bar__container"),)),
        ("<", "div", (("class", "moj-identity-bar__details"),)),
        ("<", "span", (("class", "lantern-identity__name moj-identity-bar__title"),)),
        ("text", "Sam Taylor"),
        (">", "span"),
    ]
    texts = [t[1] for t in tokens if t[0] == "text"]
    assert texts[1:] == [
        "Date of birth",
        "1 May 2014 (age 11)",
        "ID",
        "LA-000123",
        "Allocated worker",
        "Alex Morgan",
        "Status",
        "Child protection plan",
    ]


def test_moj_identity_bar_leaves_out_what_is_not_known():
    html = render_to_string("components/identity_bar.html", {"identity": {"name": "Baby Taylor"}})
    assert "Date of birth" not in html and "Allocated worker" not in html


def test_moj_sub_navigation():
    html = render_to_string(
        "components/sub_navigation.html",
        {
            "items": [
                {"text": "Summary", "href": "/child/1/", "active": True},
                {"text": "Chronology", "href": "/child/1/chronology/"},
            ]
        },
    )
    expected = """
    <nav class="moj-sub-navigation" aria-label="Secondary navigation region">
      <ul class="moj-sub-navigation__list">
        <li class="moj-sub-navigation__item">
          <a class="moj-sub-navigation__link" aria-current="page" href="/child/1/">Summary</a>
        </li>
        <li class="moj-sub-navigation__item">
          <a class="moj-sub-navigation__link" href="/child/1/chronology/">Chronology</a>
        </li>
      </ul>
    </nav>"""
    assert_same_html(html, expected)


def test_moj_timeline():
    html = render_to_string(
        "components/timeline.html",
        {
            "items": [
                {
                    "title": "Home visit",
                    "by": "Alex Morgan",
                    "date": dt.datetime(2025, 6, 3, 14, 30, tzinfo=dt.UTC),
                    "description": "Seen alone <in her room>",
                }
            ]
        },
    )
    expected = """
    <div class="moj-timeline">
      <div class="moj-timeline__item">
        <div class="moj-timeline__header">
          <h2 class="moj-timeline__title">Home visit</h2>
          <p class="moj-timeline__byline">by Alex Morgan</p>
        </div>
        <p class="moj-timeline__date">
          <time datetime="2025-06-03T15:30:00+01:00">3 June 2025 at 15:30</time>
        </p>
        <div class="moj-timeline__description">Seen alone &lt;in her room&gt;</div>
      </div>
    </div>"""
    assert_same_html(html, expected)


def test_moj_badge():
    html = render_to_string("components/badge.html", {"text": "Restricted", "colour": "red"})
    assert_same_html(html, '<span class="moj-badge moj-badge--red">Restricted</span>')


def test_moj_filter_layout_includes_both_parts():
    html = render_to_string(
        "components/filter_layout.html",
        {
            "filter_template": "components/inset_text.html",
            "content_template": "components/tag.html",
            "text": "x",
        },
    )
    classes = [dict(t[2]).get("class") for t in normalise(html) if t[0] == "<"]
    assert classes[:2] == ["moj-filter-layout", "moj-filter-layout__filter"]
    assert "moj-filter-layout__content" in classes


def test_sortable_table_marks_headers_for_moj_script():
    html = render_to_string(
        "components/table.html",
        {"head": ["Child", "Due"], "rows": [["Sam", "3 June"]], "sortable": True},
    )
    assert 'data-module="moj-sortable-table"' in html
    assert html.count('aria-sort="none"') == 2
    assert '<td class="govuk-table__cell">Sam</td>' in html


def test_summary_list_escapes_values():
    html = render_to_string(
        "components/summary_list.html", {"rows": [{"key": "Name", "value": "<script>"}]}
    )
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_pagination_links_from_a_django_page(rf):
    from django.core.paginator import Paginator
    from django.template import Context, Template

    page = Paginator(range(400), 10).page(10)
    request = rf.get("/children/", {"q": "Sam", "page": "10"})
    template = Template(
        "{% load govuk %}{% pagination_links page as p %}"
        "{% include 'components/pagination.html' with previous=p.previous next=p.next items=p.items %}"
    )
    html = template.render(Context({"page": page, "request": request}))
    numbers = [t[1] for t in normalise(html) if t[0] == "text" and t[1].isdigit()]
    assert numbers == ["1", "9", "10", "11", "40"]
    assert html.count("govuk-pagination__item--ellipsis") == 2
    assert 'href="?q=Sam&amp;page=9" rel="prev"' in html
    assert 'href="?q=Sam&amp;page=10" aria-label="Page 10" aria-current="page"' in html
