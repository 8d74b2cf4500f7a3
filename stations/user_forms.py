"""Forms and the list filter of the user accounts pages. They parse input; the services decide."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node
from stations.scope import Role
from stations.user_selectors import filter_by_role

User = get_user_model()

ROLE_FILTER_CHOICES = [
    (Role.DISTRICT_STAFF, Role.DISTRICT_STAFF.label),
    (Role.STREET_STAFF, Role.STREET_STAFF.label),
    (Role.CLERK, Role.CLERK.label),
    (Role.DEPUTY, Role.DEPUTY.label),
    (Role.NONE, Role.NONE.label),
]


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Username or name"))
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ROLE_FILTER_CHOICES, method="by_role")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("active", _("Active")), ("disabled", _("Disabled"))], method="by_status"
    )

    class Meta:
        model = User
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
        )

    def by_role(self, queryset, name, value):
        return filter_by_role(queryset, value)

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, node: Node) -> str:
        return f"{node.code} · {node.get_kind_display()} · {node.name}"


def _position_field(required: bool) -> NodeChoiceField:
    return NodeChoiceField(
        label=_("Position"),
        queryset=Node.objects.none(),
        required=required,
        help_text=_("A district makes district committee staff, a street street committee staff, a station its clerk."),
    )


class _NewPasswordMixin:
    """Two password fields checked with the project's password validators (AUTH_PASSWORD_VALIDATORS)."""

    def _check_passwords(self, user) -> None:
        password1, password2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The two passwords differ."), code="password_mismatch"))
            return
        if password1:
            try:
                password_validation.validate_password(password1, user=user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


def _password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validation.password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
        ),
    )


class UserCreateForm(_NewPasswordMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1, password2 = _password_fields()
    node = _position_field(required=False)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Initial password")
        self.fields["node"].queryset = nodes
        self.fields["node"].help_text = _(
            "Leave empty for a deputy's login account, then choose it as the login account on the deputy's page."
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."), code="username_taken")
        return username

    def clean(self):
        cleaned = super().clean()
        self._check_passwords(User(username=cleaned.get("username", ""), first_name=cleaned.get("full_name", "")))
        return cleaned


class PositionAddForm(forms.Form):
    node = _position_field(required=True)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class NewPasswordForm(_NewPasswordMixin, forms.Form):
    password1, password2 = _password_fields()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].label = _("New password")

    def clean(self):
        cleaned = super().clean()
        self._check_passwords(self.user)
        return cleaned
