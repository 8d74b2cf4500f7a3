"""Forms of the handling-unit pages. They parse input; petitions/services/units.py decides."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.models import HandlingUnit
from petitions.services.units import UNIT_FIELDS
from stations.models import Node


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))
    kind = django_filters.ChoiceFilter(choices=HandlingUnit.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = HandlingUnit
        fields = ["name", "kind", "is_active"]


class UnitForm(forms.Form):
    """Create (with `districts` to choose from) or edit (district fixed) a handling unit."""

    district = forms.ModelChoiceField(label=_("District"), queryset=Node.objects.none())
    name = HandlingUnit._meta.get_field("name").formfield()
    kind = forms.ChoiceField(label=_("Kind"), choices=HandlingUnit.Kind.choices)
    street = forms.ModelChoiceField(
        label=_("Street"),
        queryset=Node.objects.none(),
        required=False,
        help_text=_("For a street office: the street it serves."),
    )
    contact_person = HandlingUnit._meta.get_field("contact_person").formfield()
    phone = HandlingUnit._meta.get_field("phone").formfield(help_text=_("The unit's office phone."))
    email = HandlingUnit._meta.get_field("email").formfield()
    is_active = forms.BooleanField(
        label=_("In use"), required=False, initial=True, help_text=_("Units not in use cannot receive referrals.")
    )

    def __init__(self, *args, districts, unit: HandlingUnit | None = None, **kwargs):
        if unit is not None:
            kwargs["initial"] = {name: getattr(unit, name) for name in UNIT_FIELDS} | {"street": unit.street_id}
        super().__init__(*args, **kwargs)
        if unit is not None:
            del self.fields["district"]
            district_ids = [unit.district_id]
        else:
            self.fields["district"].queryset = districts
            district_ids = list(districts.values_list("pk", flat=True))
            if len(district_ids) == 1:
                self.fields["district"].initial = district_ids[0]
                self.fields["district"].widget = forms.HiddenInput()
        self.fields["street"].queryset = Node.objects.filter(
            kind=Node.Kind.STREET, district_id__in=district_ids
        ).order_by("code")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("district", None)
        return data
