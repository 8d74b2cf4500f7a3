"""Forms of legislative consultation: a draft, an opinion (staff, clerk, deputy; and residents online),
a decision. Forms parse input; meetings.services.consultation checks the rules and writes."""

from __future__ import annotations

import re

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models.consultation import DraftRegulation, Opinion
from meetings.selectors_consultation import drafts_visible_to
from meetings.services import consultation as services
from stations.models import Node

MOBILE = re.compile(r"^1[3-9]\d{9}$")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.home_name or obj.name


class _MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.starts_at:%Y-%m-%d} · {obj.title}"


class _Plain(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DraftForm(_Plain):
    scope_node = _NodeChoice(
        label=_("Consulting"),
        queryset=DraftRegulation.objects.none(),
        help_text=_("The whole district, or one street: who is asked for opinions."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    issuing_body = forms.CharField(
        label=_("Issuing body"), max_length=200, help_text=DraftRegulation._meta.get_field("issuing_body").help_text
    )
    text = forms.CharField(
        label=_("Text of the draft"), required=False, max_length=100_000, widget=forms.Textarea(attrs={"rows": 12})
    )
    pdf = forms.FileField(
        label=_("Draft as PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("Optional if the text is given above; at most 20 MB."),
    )
    opinions_open_from = forms.DateField(label=_("Opinions open from"), widget=DATE)
    opinions_due = forms.DateField(
        label=_("Opinions due by"), widget=DATE, help_text=_("The last day opinions are taken.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_node"].queryset = services.draft_scope_nodes(user).order_by("kind", "code")

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload:
            try:
                services.check_pdf(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["pdf"]) from error
        return upload or None


class DraftEditForm(DraftForm):
    """The same fields without the scope (who is consulted is fixed), with the version read."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["scope_node"]
        self.fields["pdf"].help_text = _("Choose a file only to replace the current PDF; at most 20 MB.")
        self.fields["pdf"].widget = forms.FileInput(attrs={"accept": "application/pdf"})


class OpinionForm(_Plain):
    """Staff and clerks: where it was gathered, and optionally which meeting and which deputy.
    A deputy sending their own sees only the station and the text."""

    node = _NodeChoice(label=_("Station"), queryset=DraftRegulation.objects.none())
    meeting = _MeetingChoice(
        label=_("Consultation meeting"),
        queryset=DraftRegulation.objects.none(),
        required=False,
        help_text=_("The legislative consultation meeting (立法议事会) where it was raised, if any."),
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=DraftRegulation.objects.none(),
        required=False,
        help_text=_("The deputy who raised it, if any: an adopted opinion counts for them."),
    )
    contributor_name = forms.CharField(
        label=_("Contributor's name"), max_length=50, required=False, help_text=_("The resident or group, if known.")
    )
    article = forms.CharField(
        label=_("Article or clause"), max_length=100, required=False, help_text=_("Optional, e.g. Article 12.")
    )
    text = forms.CharField(label=_("Opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, draft, own: bool, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = services.entry_nodes(user, draft).order_by("code")
        self.fields["node"].queryset = nodes
        if own:
            for name in ("meeting", "deputy", "contributor_name"):
                del self.fields[name]
        else:
            self.fields["meeting"].queryset = services.entry_meetings(nodes)
            self.fields["deputy"].queryset = services.entry_deputies(nodes)
        # Preselect the user's one station (a clerk's station usually also has points under it).
        stations = [n for n in nodes if n.kind == Node.Kind.STATION] or list(nodes)
        if len(stations) == 1:
            self.fields["node"].initial = stations[0].pk

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "node": data["node"],
            "text": data["text"],
            "article": data["article"],
            "deputy": data.get("deputy"),
            "meeting": data.get("meeting"),
            "contributor_name": data.get("contributor_name", ""),
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Adopted or not"),
        choices=[(Opinion.Decision.ADOPTED, _("Adopted")), (Opinion.Decision.NOT_ADOPTED, _("Not adopted"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when not adopted."),
    )


class PublicOpinionForm(forms.Form):
    """A resident's opinion online: text required; name and phone optional. A honeypot ("website")
    stays empty for people (hidden by a CSS class); a bot that fills it is thanked, nothing saved."""

    article = forms.CharField(
        label=_("Which article? (optional)"), max_length=100, required=False, help_text=_("For example: Article 12.")
    )
    text = forms.CharField(
        label=_("Your opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000})
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Your mobile phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only if you would like us to be able to reach you about it. It is never shown in full."),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(Div(name, css_class="d-none") if name == "website" else name for name in self.fields)
        )

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]+", "", self.cleaned_data.get("phone", ""))
        if phone.startswith("+86"):
            phone = phone[3:]
        if phone and not MOBILE.match(phone):
            raise ValidationError(_("Enter a mobile phone number: 11 digits starting with 1."), code="invalid_phone")
        return phone

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class OpinionListFilter(django_filters.FilterSet):
    """Filters beside the opinion list; the draft choices come from the user's scope."""

    draft = django_filters.ModelChoiceFilter(label=_("Draft regulation"), queryset=DraftRegulation.objects.none())
    decision = django_filters.ChoiceFilter(label=_("Adopted or not"), choices=Opinion.Decision.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Opinion.Channel.choices)

    class Meta:
        model = Opinion
        fields = ["draft", "decision", "channel"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["draft"].queryset = drafts_visible_to(user)
