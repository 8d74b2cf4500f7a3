"""Forms of the rota pages. They parse input; deputies.duty_services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy


class DeputyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Deputy) -> str:
        return f"{obj.name} ({obj.get_level_display()})"


class RotaForm(forms.Form):
    deputies = DeputyChoice(
        label=_("Deputies on duty"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deputies assigned to this station and its contact points."),
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = eligible


class SwapForm(forms.Form):
    with_deputy = forms.ModelChoiceField(label=_("Hand the duty to"), queryset=Deputy.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_deputy"].queryset = candidates
