"""Django forms, rendered the GOV.UK way.

``settings.FORM_RENDERER`` names :class:`GovukFormRenderer`, so ``{{ form }}``
renders an error summary linked to the fields, then every field as a GOV.UK
form group: label (or fieldset and legend for radios, checkboxes and dates),
hint from ``help_text``, inline error message and the input with its error
class and ``aria-describedby``.

Dates are typed the GOV.UK way, as day, month and year boxes:
:class:`GovukDateField` gives a ``datetime.date`` and :class:`GovukDateTimeField`
(with hour and minute boxes) an aware datetime in Europe/London.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

# Django's own widget templates that Lantern renders differently. Django's
# templates directory is searched before the apps', so ours have other names.
WIDGET_TEMPLATES = {
    "django/forms/widgets/radio.html": "govuk/widgets/radios.html",
    "django/forms/widgets/checkbox_select.html": "govuk/widgets/checkboxes.html",
}

# The GOV.UK class for each kind of input, by BoundField.widget_type.
INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukBoundField(BoundField):
    """A bound field that knows its GOV.UK markup: classes, hint and error ids."""

    @property
    def kind(self) -> str:
        """Which GOV.UK pattern the field template uses for this field."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, GovukDateInput):
            return "date"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.MultiWidget):
            return "fieldset"
        return "input"

    @property
    def hint_id(self) -> str:
        # The ids Django itself points aria-describedby at (BoundField.aria_describedby).
        return f"{self.auto_id}_helptext"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the first input to fix."""
        if self.kind == "date":
            parts = error_parts(self)
            first = next(p for p in self.field.widget.parts if p in parts)
            return f"{self.auto_id}_{first}"
        if self.kind in ("radios", "checkboxes"):
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms leave validation to the server (no browser pop-ups) and
        # mark errors with classes and messages, not aria-invalid.
        attrs.pop("required", None)
        attrs.pop("aria-invalid", None)
        if self.kind == "date":
            attrs["_error_parts"] = error_parts(self)
            return attrs
        if self.kind in ("radios", "checkboxes", "hidden", "fieldset"):
            return attrs
        css = INPUT_CLASSES.get(self.widget_type, "govuk-input")
        classes = [css, attrs.get("class", "")]
        if self.errors and css in ERROR_CLASSES:
            classes.append(ERROR_CLASSES[css])
        attrs["class"] = " ".join(c for c in classes if c)
        if self.kind == "checkbox" and self.errors and "aria-describedby" not in attrs:
            attrs["aria-describedby"] = self.error_id
        return attrs


def error_parts(bound_field: BoundField) -> set[str]:
    """The parts of a date (or date and time) input that an error is about."""
    parts: set[str] = set()
    for error in bound_field.errors.as_data():
        named = (error.params or {}).get("parts")
        parts.update(named or bound_field.field.widget.parts)
    return parts


class GovukFormRenderer(DjangoTemplates):
    """Renders forms, fields and the few widgets that differ with GOV.UK markup."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField

    def get_template(self, template_name):
        return super().get_template(WIDGET_TEMPLATES.get(template_name, template_name))


# Dates ---------------------------------------------------------------------


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input); ``GovukDateTimeInput`` adds time."""

    template_name = "govuk/widgets/date_input.html"
    parts = ("day", "month", "year")
    labels = {"day": "Day", "month": "Month", "year": "Year", "hour": "Hour", "minute": "Minute"}
    widths = {"day": 2, "month": 2, "year": 4, "hour": 2, "minute": 2}

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value is None:
            return [None] * len(self.parts)
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value, LONDON) if timezone.is_aware(value) else value
            return [value.day, value.month, value.year, f"{value.hour:02}", f"{value.minute:02}"]
        return [value.day, value.month, value.year]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        errors = attrs.pop("_error_parts", set())
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            sub_attrs.pop("aria-describedby", None)  # it is on the fieldset
            if widget_id:
                sub_attrs["id"] = f"{widget_id}_{part}"
            classes = [
                "govuk-input",
                "govuk-date-input__input",
                f"govuk-input--width-{self.widths[part]}",
            ]
            if part in errors:
                classes.insert(2, "govuk-input--error")
            sub_attrs["class"] = " ".join(classes)
            subwidget["label"] = self.labels[part]
        return context


class GovukDateTimeInput(GovukDateInput):
    parts = ("day", "month", "year", "hour", "minute")


def _named(label: str | None) -> str:
    """'Date of birth' for messages that start with the field's name."""
    return str(label or "Date")


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # keep acronyms: "ICPC date"
        return text
    return text[:1].lower() + text[1:]


def _and(words: list[str]) -> str:
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


class GovukDateField(forms.Field):
    """A date typed as day, month and year, checked with GOV.UK's error messages.

    Options: ``must_be_past`` (strictly before today), ``must_not_be_future``
    (today or before), ``min_date`` and ``max_date`` (inclusive). ``today`` is
    a callable giving the practice date to compare with (default: today in
    the project's time zone). Messages start with the field's label, so give
    it one ("Date of birth must include a year").
    """

    widget = GovukDateInput
    parts = ("day", "month", "year")
    default_error_messages = {
        "required": "Enter {name_lower}",
        "incomplete": "{name} must include {missing}",
        "invalid": "{name} must be a real date",
        "year": "Year must include 4 numbers",
        "past": "{name} must be in the past",
        "not_future": "{name} must be today or in the past",
        "min_date": "{name} must be the same as or after {min_date}",
        "max_date": "{name} must be the same as or before {max_date}",
    }

    def __init__(
        self,
        *,
        must_be_past: bool = False,
        must_not_be_future: bool = False,
        min_date: dt.date | None = None,
        max_date: dt.date | None = None,
        today: Callable[[], dt.date] = timezone.localdate,
        **kwargs,
    ):
        self.must_be_past = must_be_past
        self.must_not_be_future = must_not_be_future
        self.min_date = min_date
        self.max_date = max_date
        self.today = today
        super().__init__(**kwargs)

    def _error(self, code: str, parts=None, **params) -> ValidationError:
        name = _named(self.label)
        params = {"name": name, "name_lower": _lower_first(name), **params}
        message = self.error_messages[code].format(**params)
        return ValidationError(message, code=code, params={"parts": parts})

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required")

    def _raw_parts(self, value) -> dict[str, str]:
        if isinstance(value, (list, tuple)):
            return {p: str(v or "").strip() for p, v in zip(self.parts, value, strict=False)}
        return {}

    def to_python(self, value):
        if isinstance(value, dt.date) or value in self.empty_values:
            return value or None
        raw = self._raw_parts(value)
        if not any(raw.values()):
            return None
        missing = [p for p in self.parts if not raw.get(p)]
        if missing:
            article = "an" if missing[0] == "hour" else "a"
            raise self._error("incomplete", parts=missing, missing=f"{article} {_and(missing)}")
        return self._parse(raw)

    def _parse_date(self, raw: dict[str, str]) -> dt.date:
        day, month, year = raw["day"], raw["month"].lower(), raw["year"]
        month_number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
        if not (day.isdigit() and year.isdigit() and month_number):
            raise self._error("invalid")
        if len(year) != 4:
            raise self._error("year", parts=["year"])
        try:
            return dt.date(int(year), month_number, int(day))
        except ValueError:
            raise self._error("invalid") from None

    def _parse(self, raw: dict[str, str]):
        return self._parse_date(raw)

    def _as_date(self, value) -> dt.date:
        return value

    def run_validators(self, value):
        super().run_validators(value)
        if value in self.empty_values:
            return
        self._check_past(value)
        day = self._as_date(value)
        if self.min_date and day < self.min_date:
            raise self._error("min_date", min_date=_long_date(self.min_date))
        if self.max_date and day > self.max_date:
            raise self._error("max_date", max_date=_long_date(self.max_date))

    def _check_past(self, value):
        today = self.today()
        if self.must_be_past and value >= today:
            raise self._error("past")
        if self.must_not_be_future and value > today:
            raise self._error("not_future")


class GovukDateTimeField(GovukDateField):
    """A date and a 24-hour time (hour and minute boxes), as an aware datetime.

    The time is read as UK clock time (Europe/London). A time that the clocks
    skip in spring is refused; a time that happens twice in autumn is read
    as the first (British Summer Time). ``must_be_past``, ``must_not_be_future``
    compare with ``now`` (a callable, default ``timezone.now``);
    ``min_date``/``max_date`` compare the UK date.
    """

    widget = GovukDateTimeInput
    parts = ("day", "month", "year", "hour", "minute")
    default_error_messages = {
        "invalid_time": "{name} must be a real time",
        "not_future": "{name} must be now or in the past",
    }

    def __init__(self, *, now: Callable[[], dt.datetime] = timezone.now, **kwargs):
        self.now = now
        super().__init__(**kwargs)

    def _parse(self, raw: dict[str, str]) -> dt.datetime:
        day = self._parse_date(raw)
        hour, minute = raw["hour"], raw["minute"]
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise self._error("invalid_time", parts=["hour", "minute"])
        naive = dt.datetime.combine(day, dt.time(int(hour), int(minute)))
        aware = naive.replace(tzinfo=LONDON)
        # Spring forward: a wall time that does not exist changes on a round trip.
        if aware.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None) != naive:
            raise self._error("invalid_time", parts=["hour", "minute"])
        return aware

    def _as_date(self, value) -> dt.date:
        return timezone.localtime(value, LONDON).date()

    def _check_past(self, value):
        now = self.now()
        if self.must_be_past and value >= now:
            raise self._error("past")
        if self.must_not_be_future and value > now:
            raise self._error("not_future")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors next to their fields (or at the
    top when the form has no such field), anything else in the error summary."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
