"""The GOV.UK form renderer and the date fields."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms

from lantern.web.forms import GovukDateField, GovukDateTimeField

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2025, 6, 10)


class ChildForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on the birth certificate")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("north", "North")])
    sex = forms.ChoiceField(
        label="Sex", widget=forms.RadioSelect, choices=[("f", "Female"), ("m", "Male")]
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        widget=forms.CheckboxSelectMultiple,
        choices=[("n1", "Abuse or neglect"), ("n2", "Disability")],
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        must_be_past=True,
        help_text="For example, 27 3 2010",
        today=lambda: TODAY,
    )
    consent = forms.BooleanField(label="Consent given")


def render(data):
    form = ChildForm(data=data)
    form.is_valid()
    return form, str(form)


def tag_with(html, attribute, value):
    """The opening tag that has attribute="value"."""
    match = re.search(rf'<[a-z]+[^>]*\s{attribute}="{re.escape(value)}"[^>]*>', html)
    assert match, f'no tag with {attribute}="{value}"'
    return match.group(0)


def date_data(prefix="date_of_birth", day="", month="", year="", **extra):
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year, **extra}


# Rendering -------------------------------------------------------------------


def test_error_summary_links_to_the_first_input_of_each_field():
    form, html = render({})
    summary = html.split('<div class="govuk-form-group', 1)[0]
    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in summary
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == [
        "id_name",
        "id_team",
        "id_sex_0",
        "id_needs_0",
        "id_date_of_birth_day",
        "id_consent",
    ]
    for target in links:
        assert f'id="{target}"' in html


def test_every_field_in_error_shows_its_message_and_error_classes():
    form, html = render({})
    assert html.count("govuk-form-group govuk-form-group--error") == 6
    assert html.count('<span class="govuk-visually-hidden">Error:</span>') == 6
    assert "govuk-input govuk-input--error" in tag_with(html, "id", "id_name")
    assert "govuk-select govuk-select--error" in tag_with(html, "id", "id_team")
    assert "govuk-textarea" in tag_with(html, "id", "id_notes")
    assert "govuk-textarea--error" not in tag_with(html, "id", "id_notes")
    assert 'id="id_name_error" class="govuk-error-message"' in html


def test_input_is_described_by_hint_and_error():
    form, html = render({})
    assert 'id="id_name_helptext" class="govuk-hint">As on the birth certificate' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in tag_with(html, "id", "id_name")


def test_no_error_markup_on_a_valid_field():
    form, html = render({"name": "Sam Taylor"})
    name = tag_with(html, "id", "id_name")
    assert "govuk-input--error" not in name
    assert 'aria-describedby="id_name_helptext"' in name
    assert 'href="#id_name"' not in html


def test_every_input_has_a_label():
    form, html = render({})
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert re.search(rf'<label class="govuk-label[^"]*" for="{input_id}">', html), input_id


def test_radios_and_checkboxes_are_in_a_fieldset_with_a_legend():
    form, html = render({})
    for name, label, module in (
        ("sex", "Sex", "govuk-radios"),
        ("needs", "Needs", "govuk-checkboxes"),
    ):
        group = re.search(
            rf'<fieldset class="govuk-fieldset" aria-describedby="id_{name}_error">\s*'
            rf'<legend class="govuk-fieldset__legend[^"]*">{label}</legend>.*?</fieldset>',
            html,
            re.S,
        )
        assert group, name
        assert f'class="{module}" data-module="{module}"' in group.group(0)
        assert f'<input class="{module}__input"' in group.group(0)


def test_no_browser_validation_attributes():
    form, html = render({})
    assert not re.search(r"<[^>]*\srequired[\s>=]", html)
    assert "aria-invalid" not in html


def test_date_input_is_a_group_of_day_month_and_year():
    form, html = render({})
    fieldset = tag_with(
        html, "aria-describedby", "id_date_of_birth_helptext id_date_of_birth_error"
    )
    assert fieldset.startswith('<fieldset class="govuk-fieldset" role="group"')
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>'
        in html
    )
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in html
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        box = tag_with(html, "id", f"id_date_of_birth_{part}")
        assert f'name="date_of_birth_{part}"' in box
        assert 'inputmode="numeric"' in box
        assert f"govuk-input--width-{width}" in box
        assert "govuk-input--error" in box
        assert "aria-describedby" not in box
        assert f'for="id_date_of_birth_{part}">{part.title()}</label>' in html


def test_date_error_highlights_only_the_missing_part():
    form, html = render(date_data(day="1", month="5"))
    assert form.errors["date_of_birth"] == ["Date of birth must include a year"]
    assert "govuk-input--error" in tag_with(html, "id", "id_date_of_birth_year")
    assert "govuk-input--error" not in tag_with(html, "id", "id_date_of_birth_day")
    assert "govuk-input--error" not in tag_with(html, "id", "id_date_of_birth_month")
    assert 'href="#id_date_of_birth_year"' in html
    assert 'value="1"' in tag_with(html, "id", "id_date_of_birth_day")


def test_date_field_shows_its_initial_date():
    class Form(forms.Form):
        seen_on = GovukDateField(label="Date of visit")

    html = str(Form(initial={"seen_on": dt.date(2025, 3, 7)}))
    assert 'value="7"' in tag_with(html, "id", "id_seen_on_day")
    assert 'value="3"' in tag_with(html, "id", "id_seen_on_month")
    assert 'value="2025"' in tag_with(html, "id", "id_seen_on_year")
    assert "govuk-error-summary" not in html


# Date parsing and validation ---------------------------------------------------


def clean_date(data=None, **options):
    class Form(forms.Form):
        date_of_birth = GovukDateField(label="Date of birth", today=lambda: TODAY, **options)

    form = Form(data=date_data(**(data or {})))
    if form.is_valid():
        return form.cleaned_data["date_of_birth"]
    return form.errors["date_of_birth"]


def test_a_real_date_is_a_date():
    assert clean_date({"day": "31", "month": "12", "year": "2024"}) == dt.date(2024, 12, 31)
    assert clean_date({"day": " 07 ", "month": "03", "year": "2010"}) == dt.date(2010, 3, 7)


def test_month_may_be_a_name():
    assert clean_date({"day": "7", "month": "March", "year": "2010"}) == dt.date(2010, 3, 7)
    assert clean_date({"day": "7", "month": "sep", "year": "2010"}) == dt.date(2010, 9, 7)


@pytest.mark.parametrize(
    "data",
    [
        {"day": "31", "month": "2", "year": "2025"},
        {"day": "29", "month": "2", "year": "2023"},
        {"day": "0", "month": "1", "year": "2020"},
        {"day": "1", "month": "13", "year": "2020"},
        {"day": "first", "month": "1", "year": "2020"},
        {"day": "-1", "month": "1", "year": "2020"},
    ],
)
def test_impossible_dates_are_refused(data):
    assert clean_date(data) == ["Date of birth must be a real date"]


def test_leap_day_is_real():
    assert clean_date({"day": "29", "month": "2", "year": "2024"}) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "1", "month": "5"}, "Date of birth must include a year"),
        ({"day": "1", "year": "2020"}, "Date of birth must include a month"),
        ({"year": "2020"}, "Date of birth must include a day and month"),
        ({"day": "1"}, "Date of birth must include a month and year"),
    ],
)
def test_missing_parts_are_named(data, message):
    assert clean_date(data) == [message]


def test_year_must_have_four_digits():
    assert clean_date({"day": "1", "month": "5", "year": "20"}) == ["Year must include 4 numbers"]


def test_nothing_entered():
    assert clean_date({}) == ["Enter date of birth"]
    assert clean_date({}, required=False) is None


def test_must_be_past():
    assert clean_date({"day": "9", "month": "6", "year": "2025"}, must_be_past=True) == dt.date(
        2025, 6, 9
    )
    for day in ("10", "11"):
        assert clean_date({"day": day, "month": "6", "year": "2025"}, must_be_past=True) == [
            "Date of birth must be in the past"
        ]


def test_must_not_be_future():
    today = {"day": "10", "month": "6", "year": "2025"}
    assert clean_date(today, must_not_be_future=True) == TODAY
    assert clean_date({**today, "day": "11"}, must_not_be_future=True) == [
        "Date of birth must be today or in the past"
    ]


def test_min_and_max_dates():
    options = {"min_date": dt.date(2000, 1, 1), "max_date": dt.date(2020, 12, 31)}
    assert clean_date({"day": "1", "month": "1", "year": "2000"}, **options) == dt.date(2000, 1, 1)
    assert clean_date({"day": "31", "month": "12", "year": "1999"}, **options) == [
        "Date of birth must be the same as or after 1 January 2000"
    ]
    assert clean_date({"day": "1", "month": "1", "year": "2021"}, **options) == [
        "Date of birth must be the same as or before 31 December 2020"
    ]


def test_messages_can_be_replaced():
    assert clean_date(
        {"day": "31", "month": "2", "year": "2025"}, error_messages={"invalid": "Enter a real date"}
    ) == ["Enter a real date"]


# Date and time -------------------------------------------------------------------

NOW = dt.datetime(2025, 6, 10, 12, 0, tzinfo=dt.UTC)


def clean_datetime(day, month, year, hour, minute, **options):
    class Form(forms.Form):
        returned_at = GovukDateTimeField(label="Time returned", now=lambda: NOW, **options)

    form = Form(
        data={
            "returned_at_day": day,
            "returned_at_month": month,
            "returned_at_year": year,
            "returned_at_hour": hour,
            "returned_at_minute": minute,
        }
    )
    if form.is_valid():
        return form.cleaned_data["returned_at"]
    return form.errors["returned_at"]


def test_datetime_is_aware_uk_time():
    summer = clean_datetime("1", "6", "2025", "14", "30")
    assert summer == dt.datetime(2025, 6, 1, 13, 30, tzinfo=dt.UTC)
    assert summer.tzinfo == LONDON and summer.utcoffset() == dt.timedelta(hours=1)
    winter = clean_datetime("1", "1", "2025", "09", "05")
    assert winter == dt.datetime(2025, 1, 1, 9, 5, tzinfo=dt.UTC)


def test_time_the_clocks_skip_is_refused():
    # Clocks went forward at 01:00 on 30 March 2025: 01:30 did not happen.
    assert clean_datetime("30", "3", "2025", "1", "30") == ["Time returned must be a real time"]


def test_time_that_happens_twice_is_the_first():
    # Clocks went back at 02:00 BST on 26 October 2025: 01:30 happened twice.
    # (Python never finds a time in the repeated hour equal to a time in
    # another zone, so compare in UTC.)
    returned = clean_datetime("26", "10", "2025", "1", "30")
    assert returned.astimezone(dt.UTC) == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(("hour", "minute"), [("24", "00"), ("12", "60"), ("noon", "00")])
def test_impossible_times_are_refused(hour, minute):
    assert clean_datetime("1", "6", "2025", hour, minute) == ["Time returned must be a real time"]


def test_missing_time():
    assert clean_datetime("1", "6", "2025", "", "") == [
        "Time returned must include an hour and minute"
    ]
    assert clean_datetime("1", "6", "2025", "9", "") == ["Time returned must include a minute"]


def test_datetime_must_be_past_compares_with_now():
    # NOW is 13:00 in London.
    assert clean_datetime("10", "6", "2025", "12", "59", must_be_past=True) == dt.datetime(
        2025, 6, 10, 11, 59, tzinfo=dt.UTC
    )
    assert clean_datetime("10", "6", "2025", "13", "01", must_be_past=True) == [
        "Time returned must be in the past"
    ]


def test_datetime_renders_hour_and_minute_boxes():
    class Form(forms.Form):
        returned_at = GovukDateTimeField(label="Time returned")

    html = str(Form(initial={"returned_at": dt.datetime(2025, 6, 1, 13, 5, tzinfo=dt.UTC)}))
    assert 'value="14"' in tag_with(html, "id", "id_returned_at_hour")
    assert 'value="05"' in tag_with(html, "id", "id_returned_at_minute")
    assert 'for="id_returned_at_hour">Hour</label>' in html
