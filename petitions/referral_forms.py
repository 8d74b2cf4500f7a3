"""Forms of the referral pages: refer, acknowledge, reply, extend. They parse input; the services in
petitions/services/referrals.py decide. Each carries the case's `version` (a stale form is refused)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from petitions.attachments import PDF_MAX_BYTES
from petitions.models import HandlingUnit, Petition, Referral

OPINION_ROWS = 3


def units_for_routes(petition: Petition, routes) -> QuerySet[HandlingUnit]:
    """The active units of the case's district the routes may address: the street route goes to the
    street office(s) of the case's street; the district route to the government office and departments."""
    q = Q(pk__in=[])
    if Referral.Route.STREET in routes:
        q |= Q(kind=HandlingUnit.Kind.STREET_OFFICE, street_id=petition.street_id)
    if Referral.Route.DISTRICT in routes:
        q |= ~Q(kind=HandlingUnit.Kind.STREET_OFFICE)
    return HandlingUnit.objects.filter(q, district_id=petition.district_id, is_active=True).select_related("street")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: HandlingUnit) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _text(label, max_length: int, rows: int = OPINION_ROWS, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReferForm(VersionForm):
    route = forms.ChoiceField(label=_("Route"), widget=forms.RadioSelect)
    unit = UnitChoiceField(label=_("Handling unit"), queryset=HandlingUnit.objects.none())
    deputy_opinion = _text(_("Deputy's opinion"), 2000, required=False)
    street_opinion = _text(
        _("Street committee's opinion"),
        2000,
        required=False,
        help_text=_("Required on the street route: the deputy director's or director's opinion."),
    )
    district_opinion = _text(
        _("District committee's review opinion"),
        2000,
        required=False,
        help_text=_("Required on the district route."),
    )

    field_order = ["route", "unit", "deputy_opinion", "street_opinion", "district_opinion", "version"]

    def __init__(self, *args, petition: Petition, routes: list[str], route: str | None, unit_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [(r, Referral.Route(r).label) for r in routes]
        # Choosing a route reloads the unit list in place (htmx); without JavaScript, the choice of
        # route is checked against the unit by the service.
        self.fields["route"].widget.attrs.update(
            {"hx-get": unit_url, "hx-select": "#div_id_unit", "hx-target": "#div_id_unit", "hx-swap": "outerHTML"}
        )
        # One route chosen: its units; none yet: the units of every route the user may take.
        self.fields["unit"].queryset = units_for_routes(petition, [route] if route in routes else routes)
        if not self.fields["unit"].queryset.exists():
            self.fields["unit"].help_text = _(
                "No active unit for this route yet: district staff add them on the Handling units page."
            )


class AcknowledgeForm(VersionForm):
    received_on = _date_field(_("Received by the unit on"), help_text=_("The date on the unit's receipt slip."))
    received_by_name = forms.CharField(label=_("Received by"), max_length=50, help_text=_("Who signed the receipt."))


class ReplyForm(VersionForm):
    reply_text = _text(_("Written reply"), 10000, rows=8)
    reply_class = forms.ChoiceField(
        label=_("Reply class"), choices=Referral.ReplyClass.choices, widget=forms.RadioSelect
    )
    replied_on = _date_field(_("Replied on"), help_text=_("The date of the unit's written reply."))
    document = forms.FileField(
        label=_("The written reply (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked by its content in the service (petitions.attachments), like every case attachment.
        self.fields["document"].help_text = _("Optional: the signed reply as a PDF, at most %(max)s.") % {
            "max": filesizeformat(PDF_MAX_BYTES)
        }


class ExtendForm(VersionForm):
    new_due_on = _date_field(_("New due date"))
    reason = _text(_("Reason for the extension"), 500)

    def __init__(self, *args, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if limit:
            self.fields["new_due_on"].help_text = _(
                "At most %(months)d months after receipt in total: no later than %(limit)s."
            ) % {"months": settings.LIAISON_EXTENSION_MAX_MONTHS, "limit": limit.isoformat()}
