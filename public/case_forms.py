"""Forms of the residents' case pages: submit an opinion, track it, rate the answer.

Forms parse and check input (photos by their content, through petitions.attachments); the case
itself is written by petitions.services. A honeypot field ("website") stays empty for people: it is
hidden by a CSS class; a bot that fills it is thanked and nothing is saved.
"""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from petitions.attachments import prepare_uploads
from petitions.forms import MultipleFileField, MultipleFileInput
from petitions.models import Attachment, Category, Petition
from stations.models import Community

MAX_PHOTOS = 3
CONTENT_MAX = 2000
MOBILE = re.compile(r"^1[3-9]\d{9}$")
TRACKING_NO = re.compile(r"^[A-Za-z0-9-]{6,40}$")


class PhotoField(MultipleFileField):
    """Up to MAX_PHOTOS photos, each checked and re-encoded (no EXIF/GPS); PDFs are not taken here."""

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(max)d photos; you chose %(n)d.") % {"max": MAX_PHOTOS, "n": len(files)},
                code="too_many_files",
            )
        files = [forms.FileField.clean(self, f, initial) for f in files]
        prepared = prepare_uploads(files)
        if any(item.kind != Attachment.Kind.IMAGE for item in prepared):
            raise ValidationError(_("Only photos (JPEG, PNG or WebP) can be sent here."), code="not_a_photo")
        return prepared


class _HoneypotForm(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # d-none hides it from people and screen readers alike (no inline style under the CSP).
        self.helper.layout = Layout(
            *(Div(name, css_class="d-none") if name == "website" else name for name in self.fields)
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SubmitForm(_HoneypotForm):
    content = forms.CharField(
        label=_("What happened?"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTENT_MAX}),
        help_text=_("Say what the problem is, since when, and what you would like done."),
    )
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)
    place = forms.CharField(
        label=_("Where exactly?"),
        max_length=200,
        required=False,
        help_text=_("For example: the crossing at the east gate of the market."),
    )
    category = forms.ModelChoiceField(label=_("What is it about?"), queryset=Category.objects.none())
    photos = PhotoField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to 3 photos. Location data in the photos is removed."),
    )
    resident_name = forms.CharField(label=_("Your name"), max_length=50)
    resident_phone = forms.CharField(
        label=_("Your mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We send your tracking number to this phone by SMS, and call you about the answer."),
    )
    hide_name_from_deputy = forms.BooleanField(
        label=_("Keep my name from the deputy"),
        required=False,
        help_text=_("The deputy sees your opinion without your name; the station staff still see it to reply."),
    )
    consent = forms.BooleanField(
        label=_("I have read the notice on personal information above and agree."),
        error_messages={"required": _("Please agree to the notice on personal information, or we cannot reply.")},
    )

    field_order = [
        "content",
        "community",
        "place",
        "category",
        "photos",
        "resident_name",
        "resident_phone",
        "hide_name_from_deputy",
        "consent",
        "website",
    ]

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        street_id = node.street_id or node.pk
        self.fields["community"].queryset = Community.objects.filter(street_id=street_id).order_by("name")
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean_resident_phone(self) -> str:
        phone = re.sub(r"[\s-]+", "", self.cleaned_data["resident_phone"])
        if phone.startswith("+86"):
            phone = phone[3:]
        if not MOBILE.match(phone):
            raise ValidationError(_("Enter a mobile phone number: 11 digits starting with 1."), code="invalid_phone")
        return phone

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "content": data["content"],
            "community": data["community"],
            "place": data["place"],
            "category": data["category"],
            "resident_name": data["resident_name"],
            "resident_phone": data["resident_phone"],
            "hide_name_from_deputy": data["hide_name_from_deputy"],
            "attachments": data["photos"],
        }


class TrackForm(_HoneypotForm):
    tracking_no = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("As in the SMS we sent, e.g. LT01-20261126-0003."),
    )
    digits = forms.CharField(
        label=_("Last 4 digits of your phone number"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}),
    )

    def clean_tracking_no(self) -> str:
        value = self.cleaned_data["tracking_no"].strip().upper()
        # A malformed number is answered like a wrong one (the view), never with a different message.
        return value if TRACKING_NO.match(value) else ""

    def clean_digits(self) -> str:
        value = self.cleaned_data["digits"].strip()
        if not value.isdigit():
            raise ValidationError(_("Enter 4 digits."), code="invalid")
        return value


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Are you satisfied?"), choices=Petition.Rating.choices)
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
