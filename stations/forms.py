"""Forms of the network pages. They parse input; the rules live in stations.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stations.models import Community, Node, StandardCheck
from stations.selectors import communities_visible_to, nodes_visible_to
from stations.services import split_community_names

# Which fields each tier's form shows (besides name and code).
KIND_FIELDS = {
    Node.Kind.DISTRICT: ("address", "phone"),
    Node.Kind.STREET: ("parent", "home_name", "address", "phone", "opening_hours"),
    Node.Kind.STATION: (
        "parent",
        "address",
        "phone",
        "opening_hours",
        "vice_heads",
        "communities",
        "new_communities",
    ),
    Node.Kind.POINT: ("parent", "point_kind", "address", "phone", "opening_hours", "communities", "new_communities"),
}
MODEL_FIELDS = ("name", "code", "point_kind", "home_name", "address", "phone", "opening_hours", "vice_heads")


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Node) -> str:
        return f"{obj.code} · {obj.display_name} ({obj.get_kind_display()})"


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside the field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class NodeForm(forms.Form):
    """Create or edit one node of tier `kind`. Parents and communities are limited to the user's scope."""

    parent = ParentChoiceField(label=_("Placed under"), queryset=Node.objects.none())
    name = Node._meta.get_field("name").formfield()
    code = Node._meta.get_field("code").formfield()
    point_kind = forms.ChoiceField(label=_("Point kind"), choices=[("", "---------"), *Node.PointKind.choices])
    home_name = Node._meta.get_field("home_name").formfield()
    address = Node._meta.get_field("address").formfield()
    phone = Node._meta.get_field("phone").formfield()
    opening_hours = Node._meta.get_field("opening_hours").formfield(
        help_text=_("For example: reception on the second Tuesday of every month, 9:00–12:00.")
    )
    vice_heads = Node._meta.get_field("vice_heads").formfield()
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities covered"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_communities = forms.CharField(
        label=_("Add communities"),
        required=False,
        max_length=500,
        help_text=_("Names of communities not listed above, separated by commas or 、; they are added to the street."),
    )
    # The node's updated_at when the form was opened: a save over someone else's newer change is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive nodes are hidden from the network tree.")
    )

    def __init__(self, *args, user, kind: str, node: Node | None = None, **kwargs):
        self.kind = Node.Kind(kind)
        self.node = node
        if node is not None:
            initial = {key: getattr(node, key) for key in MODEL_FIELDS}
            initial.update(
                parent=node.parent_id,
                is_active=node.is_active,
                communities=list(node.communities.all()),
                version=node.updated_at.isoformat(),
            )
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        keep = {"name", "code", *KIND_FIELDS[self.kind]}
        if node is not None:
            keep |= {"is_active", "version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "point_kind" in self.fields:
            self.fields["point_kind"].error_messages["required"] = _("Choose the kind of contact point.")
        if "parent" in self.fields:
            allowed = Node.PARENT_KINDS[self.kind]
            parents = nodes_visible_to(user).filter(kind__in=allowed).order_by("kind", "code")
            active = parents.filter(is_active=True)
            if node is not None and node.parent_id:
                active = parents.filter(pk=node.parent_id) | active
            self.fields["parent"].queryset = active
        if "communities" in self.fields:
            self._limit_communities(user)

    def _limit_communities(self, user) -> None:
        """Checkboxes for the communities of the street the node is (or will be) in, once that is known."""
        field = self.fields["communities"]
        street_id = None
        parent = self._chosen_parent()
        if parent is not None:
            street_id = parent.street_id
        elif self.node is not None:
            street_id = self.node.street_id
        if not street_id:
            # Until the street is known, names typed in "Add communities" are matched or created there.
            del self.fields["communities"]
            self.fields["new_communities"].label = _("Communities covered")
            self.fields["new_communities"].help_text = _(
                "Names separated by commas or 、; communities the street already has are reused, others are added."
            )
            return
        field.queryset = communities_visible_to(user).filter(street_id=street_id).order_by("name")

    def _chosen_parent(self) -> Node | None:
        value = self.data.get(self.add_prefix("parent")) if self.is_bound else self.initial.get("parent")
        if isinstance(value, Node):
            return value
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return self.fields["parent"].queryset.filter(pk=pk).first()

    def clean_version(self):
        value = self.cleaned_data["version"]
        if value and self.node is not None and value != self.node.updated_at.isoformat():
            raise ValidationError(
                _("Someone else changed this node after you opened this form. Reload it and make your change again.")
            )
        return value

    def clean_new_communities(self):
        names = split_community_names(self.cleaned_data["new_communities"])
        too_long = [n for n in names if len(n) > Community._meta.get_field("name").max_length]
        if too_long:
            raise ValidationError(_("A community name is too long: %(name)s"), params={"name": too_long[0]})
        return names

    def service_kwargs(self) -> dict:
        """Keyword arguments for node_create / node_update; fields this tier does not show are left alone."""
        data = dict(self.cleaned_data)
        kwargs = {key: data[key] for key in (*MODEL_FIELDS, "is_active") if key in data}
        if "parent" in data:
            kwargs["parent"] = data["parent"]
        if "communities" in data:
            kwargs["communities"] = list(data["communities"])
        if "new_communities" in data:
            kwargs["new_communities"] = data["new_communities"]
        return kwargs


class StandardsForm(forms.Form):
    """The six "六个有" items: met or not, with a note each."""

    def __init__(self, *args, node: Node, **kwargs):
        checks = {c.item: c for c in node.standard_checks.all()}
        initial = {}
        for item, check in checks.items():
            initial[f"{item}_met"] = check.met
            initial[f"{item}_notes"] = check.notes
        super().__init__(*args, initial=initial, **kwargs)
        self.rows = []
        for item, label in StandardCheck.Item.choices:
            self.fields[f"{item}_met"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{item}_notes"] = forms.CharField(
                label=_("Notes on “%(item)s”") % {"item": label}, required=False, max_length=200
            )
            self.rows.append({"item": item, "label": label, "check": checks.get(item)})

    def bound_rows(self) -> list[dict]:
        return [{**row, "met": self[f"{row['item']}_met"], "notes": self[f"{row['item']}_notes"]} for row in self.rows]

    def items(self) -> dict[str, tuple[bool, str]]:
        return {
            item: (self.cleaned_data[f"{item}_met"], self.cleaned_data[f"{item}_notes"])
            for item, _label in StandardCheck.Item.choices
        }
