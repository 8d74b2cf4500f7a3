"""The ledger page (/cases/ledger/?month=&street=&station=) and its XLSX and CSV exports.

An export covers one month of the stations the user may read (at most a district's): built in the
request. A year or several districts at once would want a background task (see the README).
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from petitions import ledger as ledger_service
from petitions.reception_views import logger_required


class LedgerFilterForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    street = forms.ModelChoiceField(label=_("Street"), queryset=None, required=False, empty_label=_("All"))
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False, empty_label=_("All"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = ledger_service.streets_for_ledger(user).order_by("code")
        self.fields["station"].queryset = ledger_service.stations_for_ledger(user).order_by("code")


def _ledger_for(request):
    """The filter form and the ledger it asks for; a street or station outside scope is a 404."""
    month = ledger_service.parse_month(request.GET.get("month"), today=timezone.localdate())
    form = LedgerFilterForm(request.GET or None, initial={"month": f"{month:%Y-%m}"}, user=request.user)
    if form.is_bound and not form.is_valid() and ("street" in form.errors or "station" in form.errors):
        raise Http404
    data = form.cleaned_data if form.is_bound else {}
    built = ledger_service.build_ledger(
        request.user, month=month, street=data.get("street"), station=data.get("station")
    )
    return form, built, data


@require_GET
@logger_required
def ledger(request):
    form, built, data = _ledger_for(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "ledger": built,
        "labels": ledger_service.CADENCE_LABELS,
        "query": query,
        "station": data.get("station"),
        "street": data.get("street"),
    }
    return render(request, "petitions/ledger_report.html", context)


def _filename(built, data, ext: str) -> str:
    where = data.get("station") or data.get("street")
    name = f"工作台账-{built.month:%Y-%m}"
    return f"{name}-{where.name}.{ext}" if where else f"{name}.{ext}"


@require_GET
@logger_required
def ledger_xlsx(request):
    _form, built, data = _ledger_for(request)
    response = HttpResponse(
        ledger_service.to_xlsx(built),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, _filename(built, data, "xlsx"))
    return response


@require_GET
@logger_required
def ledger_csv(request):
    _form, built, data = _ledger_for(request)
    response = HttpResponse(ledger_service.to_csv(built), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename(built, data, "csv"))
    return response
