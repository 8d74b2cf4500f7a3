"""Forms parse input; the services validate the model and write. No business rule lives here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from deputies.models import Assignment, Deputy, VoterContact
from deputies.selectors import assignable_nodes, districts_managed_by, linkable_users, streets_visible_to
from deputies.services import normalize_phone, photo_prepare, split_specialties
from stations.models import Node


def apply_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """A ValidationError from a service onto the form: beside its field when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value


class NodeChoiceField(forms.ModelChoiceField):
    """Nodes shown with their place in the network: 龙田街道 › 南岭社区联络站 › 南岭产业园联系点."""

    def label_from_instance(self, node: Node) -> str:
        if node.kind == Node.Kind.STREET:
            return node.display_name  # the street's deputies' home
        parts = [node.street.name if node.street_id else ""]
        if node.station_id and node.station_id != node.pk:
            parts.append(node.station.name)
        parts.append(node.name)
        return " › ".join(p for p in parts if p)


class DeputyForm(forms.ModelForm):
    specialties_text = forms.CharField(
        label=_("Specialties"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas or 、, e.g. 律师、医生. New specialties are added."),
    )
    phone = PhoneField(label=_("Phone"), required=False, max_length=30)

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "level",
            "district",
            "street",
            "electoral_district",
            "profession",
            "specialties_text",
            "is_leader",
            "phone",
            "term_start",
            "term_end",
            "is_active",
            "bio",
            "photo",
            "user",
        ]
        widgets = {
            "term_start": DateInput(),
            "term_end": DateInput(),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {"photo": _("JPEG, PNG or WebP, at most 5 MB. Location data is removed.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        self.fields["district"].queryset = districts_managed_by(user)
        self.fields["street"].queryset = streets_visible_to(user)
        self.fields["user"].queryset = linkable_users(user, instance)
        self.fields["user"].help_text = _("Optional: the account this deputy logs in with.")
        if instance is not None:
            self.initial["specialties_text"] = "、".join(s.name for s in instance.specialties.all())
        elif not self.is_bound and len(districts := list(self.fields["district"].queryset[:2])) == 1:
            self.initial["district"] = districts[0].pk

    def _post_clean(self):
        # The service runs full_clean() on the model; this form only parses input.
        pass

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Checked and re-encoded now, so an error shows beside the field.
            try:
                return photo_prepare(photo)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["photo"]) from exc
        return photo

    def clean_specialties_text(self):
        names = split_specialties(self.cleaned_data["specialties_text"])
        if any(len(n) > 40 for n in names):
            raise ValidationError(_("Each specialty can be at most 40 characters."))
        if len(names) > 20:
            raise ValidationError(_("At most 20 specialties."))
        return names

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned

    def service_fields(self) -> dict:
        """Keyword arguments for deputy_create / deputy_update."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "specialties_text"}
        if self.instance.pk and data.get("photo") == self.instance.photo:
            data.pop("photo")  # unchanged
        data["specialty_names"] = self.cleaned_data["specialties_text"]
        return data


class AssignmentForm(forms.Form):
    node = NodeChoiceField(label=_("Station, home or point"), queryset=Node.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices, initial=Assignment.Role.RESIDENT)
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())

    def __init__(self, *args, user, deputy: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = assignable_nodes(user, deputy)

    def clean(self):
        cleaned = super().clean()
        node, role = cleaned.get("node"), cleaned.get("role")
        if node and role == Assignment.Role.HOST and node.kind != Node.Kind.POINT:
            self.add_error("role", _("A point host is assigned to a contact point."))
        if node and role == Assignment.Role.HEAD and node.kind == Node.Kind.POINT:
            self.add_error("role", _("A contact point has a host, not a station head."))
        return cleaned


class VoterContactForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone"), max_length=30)

    class Meta:
        model = VoterContact
        fields = ["name", "phone", "community", "note"]

    def _post_clean(self):
        # voter_contact_save validates and saves.
        pass


def contact_formset(deputy: Deputy, data=None) -> forms.BaseModelFormSet:
    """Existing contacts plus empty rows up to five (at least one), so a new list fills in one go."""
    contacts = deputy.voter_contacts.order_by("id")
    existing = len(contacts)
    formset_class = forms.modelformset_factory(
        VoterContact,
        form=VoterContactForm,
        extra=max(1, 5 - existing),
        can_delete=True,
        max_num=10,
        absolute_max=20,
        validate_max=True,
    )
    return formset_class(data, queryset=contacts, prefix="contacts")
