"""Form helpers every app's pages share. Forms parse and present; rules live in the services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Dates the system reasons about: statistics shift a date by years and months, which overflows
# near year 1 or 9999; nothing in the programme lies outside 1900 … a few years ahead.
EARLIEST_DATE = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def date_bounds_error(value: datetime.date | None) -> str | None:
    """The Vietnamese message for a date outside 01/01/1900 … today + 10 years, else None."""
    if value is None or EARLIEST_DATE <= value <= latest_date():
        return None
    return _("Ngày phải trong khoảng %(first)s – %(last)s.") % {
        "first": f"{EARLIEST_DATE:%d/%m/%Y}",
        "last": f"{latest_date():%d/%m/%Y}",
    }


class BoundedDateField(forms.DateField):
    """A date field that refuses dates outside 01/01/1900 … today + 10 years."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if message := date_bounds_error(value):
            raise ValidationError(message, code="out_of_range")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field messages beside their field, the rest
    at the top. The form keeps what the user typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            messages = [message for e in errors for message in e.messages]
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DataSelect(forms.Select):
    """A select whose options carry a data attribute (the province of a commune, the group of a
    product set, the scheme of a province), so a few lines of JS can narrow the list to the chosen
    parent; without JS every option stays."""

    def __init__(self, *args, data_name: str, data_of: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_name = data_name
        self.data_of = data_of or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        for candidate in (key, str(key)):
            if candidate in self.data_of:
                option["attrs"][f"data-{self.data_name}"] = self.data_of[candidate]
                break
        return option
