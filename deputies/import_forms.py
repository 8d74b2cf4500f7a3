"""The upload form of the import page. What the file contains is checked by the service."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from deputies.models import ImportJob
from stations.models import Node
from stations.selectors import nodes_visible_to


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file contains"), choices=ImportJob.Kind.choices, widget=forms.RadioSelect)
    district = forms.ModelChoiceField(label=_("District"), queryset=Node.objects.none(), empty_label=None)
    file = forms.FileField(label=_("Spreadsheet"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        districts = nodes_visible_to(user).filter(kind=Node.Kind.DISTRICT).order_by("code")
        self.fields["district"].queryset = districts
        self.fields["file"].help_text = _(
            "An .xlsx workbook or a .csv file (UTF-8 or GBK) of at most %(max)s, with the template's header row."
        ) % {"max": filesizeformat(settings.LIAISON_IMPORT_MAX_BYTES)}
