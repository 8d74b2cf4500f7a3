"""Forms of the case pages: staff entry, a deputy's snapshot report, adding files to a case.

Forms parse input and check uploads by content (so an error shows beside the field); the services
validate the case and write it. Choices come from the user's scope.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from deputies.forms import NodeChoiceField
from deputies.services import normalize_phone
from petitions.attachments import MAX_FILES, prepare_uploads
from petitions.models import Category, Petition
from stations.models import Community, Node
from stations.scope import scope_for


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content (petitions.attachments), and the
    cleaned value is the list of checked files ready to store."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        return prepare_uploads(files)


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, community: Community) -> str:
        return f"{community.street.name} · {community.name}"


def entry_nodes(user):
    """Where a clerk or committee staff may take a case in: the homes, stations and points under
    their positions (never a district itself)."""
    return (
        Node.objects.filter(scope_for(user).positions_q(), is_active=True)
        .exclude(kind=Node.Kind.DISTRICT)
        .select_related("street", "station")
        .order_by("code")
    )


def snapshot_nodes(user):
    """Where a deputy may report: the homes, stations and points they are assigned to."""
    deputy_id = scope_for(user).deputy_id
    return (
        Node.objects.filter(deputy_assignments__deputy_id=deputy_id, is_active=True)
        .exclude(kind=Node.Kind.DISTRICT)
        .select_related("street", "station")
        .order_by("code")
    )


def _files_help() -> str:
    return _(
        "Up to %(n)d files: JPEG, PNG or WebP photos (at most 10 MB, location data is removed) "
        "or PDF documents (at most 20 MB)."
    ) % {"n": MAX_FILES}


class _CaseFields(forms.Form):
    """What every entry form asks; subclasses add the resident and the channel."""

    node = NodeChoiceField(label=_("Station or point"), queryset=Node.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    content = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), strip=True
    )

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        if not self.is_bound:
            stations = [n for n in nodes if n.kind == Node.Kind.STATION] or list(nodes)
            if len(stations) == 1:
                self.initial.setdefault("node", stations[0].pk)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["attachments"] = data.pop("attachments", [])
        return data


class CaseEntryForm(_CaseFields):
    """A clerk or committee staff taking a resident's opinion in (station entry or reception day)."""

    field_order = [
        "channel",
        "node",
        "community",
        "place",
        "category",
        "grade",
        "content",
        "resident_name",
        "resident_phone",
        "hide_name_from_deputy",
        "attachments",
    ]

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (Petition.Channel.STATION, Petition.Channel.STATION.label),
            (Petition.Channel.RECEPTION, Petition.Channel.RECEPTION.label),
        ],
        initial=Petition.Channel.STATION,
    )
    community = CommunityChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)
    grade = forms.ChoiceField(label=_("Grade"), choices=Petition.Grade.choices, initial=Petition.Grade.NORMAL)
    resident_name = forms.CharField(label=_("Resident's name"), max_length=50)
    resident_phone = PhoneField(
        label=_("Resident's phone"),
        max_length=30,
        help_text=_("A mobile number (11 digits) or a landline such as 0755-12345678, to call back."),
    )
    hide_name_from_deputy = forms.BooleanField(
        label=_("Keep the name from the deputy"),
        required=False,
        help_text=_("The resident asked: the deputy sees the case without the name."),
    )
    attachments = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )

    def __init__(self, *args, user, **kwargs):
        nodes = entry_nodes(user)
        super().__init__(*args, nodes=nodes, **kwargs)
        self.fields["attachments"].help_text = _files_help()
        if scope_for(user).is_admin:
            communities = Community.objects.all()
        else:
            communities = Community.objects.filter(street_id__in=nodes.values("street_id"))
        self.fields["community"].queryset = communities.select_related("street").order_by("street__code", "name")

    def clean(self):
        cleaned = super().clean()
        node, community = cleaned.get("node"), cleaned.get("community")
        if node and community and community.street_id != node.street_id:
            self.add_error("community", _("Choose a community of the station's street."))
        return cleaned


class SnapshotForm(_CaseFields):
    """A deputy's snapshot report (随手拍) from a phone: photos, place, text; the resident is optional."""

    field_order = ["photos", "place", "content", "category", "node", "resident_name", "resident_phone"]

    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    resident_name = forms.CharField(label=_("Resident's name (optional)"), max_length=50, required=False)
    resident_phone = PhoneField(
        label=_("Resident's phone (optional)"),
        max_length=30,
        required=False,
        help_text=_("Leave both empty when you saw the problem yourself."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, nodes=snapshot_nodes(user), **kwargs)
        self.fields["photos"].help_text = _("Up to %(n)d photos, at most 10 MB each; location data is removed.") % {
            "n": MAX_FILES
        }
        self.fields["content"].label = _("What did you see?")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["attachments"] = data.pop("photos", [])
        return data


class AttachForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Add photos or documents"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _files_help()
