"""Forms of the reception pages. They parse input; stations.reception_services decides."""

from __future__ import annotations

import re
from datetime import date

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stations.models import AppointmentSlot, Booking, Reception, ReceptionRule, ReceptionTopic

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
TIME_WIDGET = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
_DATE_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class ReceptionRuleForm(forms.Form):
    kind = _field(ReceptionRule, "kind")
    nth = forms.TypedChoiceField(
        label=_("Which week"),
        choices=[("", "---------"), *ReceptionRule.Nth.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "---------"), *ReceptionRule.Weekday.choices[:5]],
        coerce=int,
        required=False,
        empty_value=None,
    )
    day_of_month = _field(ReceptionRule, "day_of_month", min_value=1, max_value=31)
    dates = forms.CharField(
        label=_("Dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For explicit dates: YYYY-MM-DD, one per line or separated by commas."),
    )
    start_time = forms.TimeField(label=_("Starts at"), **TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), **TIME_WIDGET)
    place = _field(ReceptionRule, "place")
    mode = _field(ReceptionRule, "mode")
    slot_minutes = _field(ReceptionRule, "slot_minutes", min_value=5, max_value=240)
    slot_capacity = _field(ReceptionRule, "slot_capacity", min_value=1, max_value=50)
    valid_from = forms.DateField(label=_("Valid from"), **DATE_WIDGET)
    valid_until = forms.DateField(label=_("Valid until"), required=False, **DATE_WIDGET)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_dates(self) -> list[str]:
        values = [v for v in _DATE_SEPARATORS.split(self.cleaned_data["dates"]) if v]
        try:
            return [date.fromisoformat(v).isoformat() for v in values]
        except ValueError as error:
            raise ValidationError(_("Enter dates as YYYY-MM-DD.")) from error

    @classmethod
    def initial_from(cls, rule: ReceptionRule) -> dict:
        initial = {name: getattr(rule, name) for name in cls.base_fields}
        initial["dates"] = "\n".join(rule.dates)
        return initial


class GenerateForm(forms.Form):
    until = forms.DateField(
        label=_("Generate up to"), required=False, help_text=_("Empty: three months ahead."), **DATE_WIDGET
    )


class MoveForm(forms.Form):
    new_date = forms.DateField(label=_("New date"), **DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class NoticeForm(forms.Form):
    notice = _field(Reception, "notice", widget=forms.Textarea(attrs={"rows": 4}))


class ReceptionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Reception.Status.choices, label=_("Status"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DATE_WIDGET["widget"]
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=DATE_WIDGET["widget"]
    )
    node = django_filters.ModelChoiceFilter(queryset=None, label=_("Station or point"))

    class Meta:
        model = Reception
        fields = []

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["node"].queryset = nodes


# The public notice. A honeypot field ("website") stays empty for people: it is hidden from view
# and from the keyboard; a bot that fills it is told "thank you" and nothing is saved.


class _PublicForm(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # display:none hides it from screen readers too; people never see it.
        self.helper.layout = Layout(
            *(Div(name, css_class="d-none") if name == "website" else name for name in self.fields)
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class TopicForm(_PublicForm):
    text = _field(ReceptionTopic, "text", widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}))
    name = _field(ReceptionTopic, "name", help_text=_("Optional."))
    phone = _field(ReceptionTopic, "phone", help_text=_("Optional: so that the station can call you back."))


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AppointmentSlot) -> str:
        return _("%(start)s–%(end)s (%(left)s places left)") % {
            "start": obj.start_time.strftime("%H:%M"),
            "end": obj.end_time.strftime("%H:%M"),
            "left": obj.places_left,
        }


class BookingForm(_PublicForm):
    slot = SlotChoiceField(label=_("Time"), queryset=AppointmentSlot.objects.none(), widget=forms.RadioSelect)
    name = _field(Booking, "name")
    phone = _field(Booking, "phone")
    topic = _field(Booking, "topic", widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))

    def __init__(self, *args, reception: Reception, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = reception.slots.order_by("start_time")
