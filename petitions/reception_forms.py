"""Forms of the reception logging page: the log itself, one row per issue raised, attendance, photos.

The page's draft is the raw POST (strings), kept by `draft_from_post` and shown again by
`initial_from_draft`; validation happens only on submit. Files chosen in a row travel only with
the final submit (a draft cannot hold them): each row's file input is named after the row's key,
not its position, so adding or removing rows never hands files to another row.
"""

from __future__ import annotations

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from petitions.attachments import MAX_FILES, prepare_uploads
from petitions.forms import MultipleFileInput
from petitions.models import Category
from petitions.reception_log import MARKS, MAX_FILES_PER_LOG, MAX_ISSUES, IssueInput
from stations.models import Community, Reception

PREFIX = "issue"
ROW_KEY = re.compile(r"[0-9a-f]{8,32}")
ISSUE_FIELDS = (
    "key",
    "resident_name",
    "resident_phone",
    "community",
    "category",
    "content",
    "deputy",
    "hide_name_from_deputy",
)
phone_validator = RegexValidator(r"^\+?[0-9][0-9 \-]{4,19}$", _("Enter a phone number (digits, spaces or dashes)."))


class LogForm(forms.Form):
    residents_received = forms.IntegerField(
        label=_("Residents received"),
        min_value=0,
        max_value=10_000,
        help_text=_("Everyone received, including those who raised no issue (接待人次)."),
    )
    notes = forms.CharField(
        label=_("Notes of the event"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, who took part, what was agreed."),
    )


def new_row_key() -> str:
    return secrets.token_hex(6)


class RowKeyField(forms.CharField):
    """A row's random key (hidden). It names the row's file input; it never makes a row "started"."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class RowFilesField(forms.FileField):
    """The row's photos and PDFs as uploaded; their content is checked together with every other
    row's (BaseIssueFormSet.clean), before anything is written."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            # hx-preserve: redrawing the rows ("add another issue", "remove") keeps the files chosen.
            MultipleFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf", "hx-preserve": "true"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = []
        for upload in data if isinstance(data, list | tuple) else [data]:
            if upload:
                files.append(super().clean(upload, initial))
        return files

    def has_changed(self, initial, data) -> bool:
        return bool(data)


class IssueForm(forms.Form):
    key = RowKeyField(required=False)
    resident_name = forms.CharField(label=_("Resident's name"), max_length=50)
    resident_phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    content = forms.CharField(
        label=_("What the resident raised"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy in charge"),
        queryset=Deputy.objects.none(),
        required=False,
        empty_label=_("First deputy present"),
    )
    hide_name_from_deputy = forms.BooleanField(label=_("Keep the name from the deputy"), required=False)
    attachments = RowFilesField(label=_("Photos and documents"), required=False)

    def __init__(self, *args, communities=None, categories=None, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The key as posted (or kept in the draft); a row without a valid one gets a new one.
        key = self.data.get(self.add_prefix("key")) if self.is_bound else self.initial.get("key")
        self.row_key = key if isinstance(key, str) and ROW_KEY.fullmatch(key) else new_row_key()
        if not self.is_bound:
            self.initial = {**self.initial, "key": self.row_key}
        self.fields["attachments"].help_text = _(
            "Up to %(n)d photos or PDFs, sent when you save the log: the autosaved draft keeps the text only."
        ) % {"n": MAX_FILES}
        self.fields["community"].queryset = communities if communities is not None else Community.objects.none()
        self.fields["category"].queryset = categories if categories is not None else Category.objects.none()
        self.fields["deputy"].queryset = deputies if deputies is not None else Deputy.objects.none()

    def add_prefix(self, field_name):
        if field_name == "attachments":  # named after the row, not its position
            return f"{PREFIX}-files-{self.row_key}"
        return super().add_prefix(field_name)

    def clean_key(self) -> str:
        return self.row_key

    def to_input(self) -> IssueInput:
        data = self.cleaned_data
        return IssueInput(
            resident_name=data["resident_name"].strip(),
            resident_phone=data["resident_phone"].strip(),
            category=data["category"],
            content=data["content"].strip(),
            community=data["community"],
            deputy=data["deputy"],
            hide_name_from_deputy=data["hide_name_from_deputy"],
            attachments=tuple(data.get("attachments") or ()),
        )


class BaseIssueFormSet(forms.BaseFormSet):
    """Every row is optional: a row left wholly empty is skipped, a started row must be complete."""

    def initial_form_count(self):
        return 0

    def clean(self):
        """Check the files of every row (content, re-encoding, limits) before anything is written;
        a bad file is reported beside its row's input. The total is checked before decoding any."""
        keys = [form.row_key for form in self.forms]
        if len(set(keys)) != len(keys):
            raise ValidationError(_("Two issue rows carry the same key; reload the page."))
        started = [form for form in self.forms if form.has_changed()]
        total = sum(len(form.cleaned_data.get("attachments") or ()) for form in started)
        if total > MAX_FILES_PER_LOG:
            raise ValidationError(
                _("At most %(max)d files per log; you chose %(n)d. Add the others to the cases afterwards.")
                % {"max": MAX_FILES_PER_LOG, "n": total}
            )
        for form in started:
            files = form.cleaned_data.get("attachments")
            if files:
                try:
                    form.cleaned_data["attachments"] = prepare_uploads(files)
                except ValidationError as error:
                    form.add_error("attachments", error.messages)

    def issues(self) -> list[IssueInput]:
        return [form.to_input() for form in self.forms if form.has_changed()]


IssueFormSet = forms.formset_factory(
    IssueForm, formset=BaseIssueFormSet, extra=0, max_num=MAX_ISSUES, absolute_max=MAX_ISSUES, validate_max=True
)


def choices_for(reception: Reception) -> dict:
    """The querysets a row chooses from: the communities the station covers (else its street's),
    active categories, and the deputies on duty then those placed at the station."""
    node = reception.node
    communities = Community.objects.filter(nodes=reception.station_id or node.pk)
    if not communities.exists() and reception.street_id:
        communities = Community.objects.filter(street_id=reception.street_id)
    placed = Q(assignments__node_id=node.pk)
    if reception.station_id:
        placed |= Q(assignments__node__station_id=reception.station_id)
    deputies = (
        Deputy.objects.filter(
            Q(duties__reception=reception) | placed, is_active=True, district_id=reception.district_id
        )
        .distinct()
        .order_by("name", "pk")
    )
    return {
        "communities": communities.order_by("name"),
        "categories": Category.objects.filter(is_active=True),
        "deputies": deputies,
    }


def issue_formset(reception: Reception, *, data=None, files=None, rows: list[dict] | None = None) -> BaseIssueFormSet:
    """Bound to `data` and `files` (a POST), or unbound showing `rows` (from the draft; at least one
    empty row)."""
    kwargs = {"prefix": PREFIX, "form_kwargs": choices_for(reception)}
    if data is not None:
        formset = IssueFormSet(data=data, files=files, **kwargs)
        if formset.is_bound and formset.management_form.is_valid() and formset.forms:
            _share_choices(formset)
        return formset
    rows = rows or [{}]
    formset = IssueFormSet(initial=rows, **kwargs)
    formset.extra = len(rows)
    _share_choices(formset)
    return formset


def _share_choices(formset) -> None:
    """Every row offers the same options: read them once, not three queries per row."""
    forms_ = formset.forms
    for name in ("community", "category", "deputy"):
        choices = [choice for choice in forms_[0].fields[name].choices]  # noqa: C416 (list() would COUNT first)
        for form in forms_:
            form.fields[name].choices = choices


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=[(m.value, m.label) for m in MARKS])


class PhotoForm(forms.Form):
    photo = forms.ImageField(label=_("Photo of the event"), help_text=_("JPEG, PNG or WebP, at most 10 MB."))


# The draft: raw strings as typed ----------------------------------------------------------------


def _text(post, name: str, limit: int) -> str:
    return str(post.get(name, ""))[:limit]


def draft_from_post(post) -> dict:
    """Everything typed on the page, unvalidated and length-capped, as stored in ReceptionLog.draft."""
    try:
        total = int(post.get(f"{PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    rows = []
    for i in range(max(0, min(total, MAX_ISSUES))):
        row = {
            name: _text(post, f"{PREFIX}-{i}-{name}", 5000) for name in ISSUE_FIELDS if name != "hide_name_from_deputy"
        }
        row["hide_name_from_deputy"] = bool(post.get(f"{PREFIX}-{i}-hide_name_from_deputy"))
        rows.append(row)
    return {
        "residents_received": _text(post, "residents_received", 10),
        "notes": _text(post, "notes", 5000),
        "issues": rows,
    }


def initial_from_draft(draft: dict) -> tuple[dict, list[dict]]:
    """(the log form's initial, the issue rows' initial) from a stored draft."""
    log_initial = {"residents_received": draft.get("residents_received", ""), "notes": draft.get("notes", "")}
    rows = [row for row in draft.get("issues", []) if isinstance(row, dict)][:MAX_ISSUES]
    return log_initial, rows
