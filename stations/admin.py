"""The Django admin for the network. Saves go through stations.services, like every other write."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from liaison.admin_base import ReadOnlyAdmin
from stations import services
from stations.models import Booking, Community, Node, Position, Reception, ReceptionRule, ReceptionTopic, StandardCheck

NODE_ADMIN_FIELDS = (
    "kind",
    "parent",
    "name",
    "code",
    "point_kind",
    "home_name",
    "address",
    "phone",
    "opening_hours",
    "vice_heads",
    "communities",
    "is_active",
)


class NodeAdminForm(forms.ModelForm):
    class Meta:
        model = Node
        fields = NODE_ADMIN_FIELDS

    def clean(self):
        """The service's rules, checked here too so that the admin shows them beside the fields."""
        data = super().clean()
        kind = data.get("kind") or (self.instance.kind if self.instance.pk else None)
        parent = data.get("parent")
        if kind:
            try:
                services.check_parent(kind, parent)
            except ValidationError as error:
                self.add_error("parent" if "parent" in self.fields else None, error.messages)
        if kind == Node.Kind.POINT and "point_kind" in data and not data["point_kind"]:
            self.add_error("point_kind", _("Choose the kind of contact point."))
        communities = data.get("communities") or []
        if communities and parent is not None:
            street_id = parent.pk if parent.kind == Node.Kind.STREET else parent.street_id
            if kind not in (Node.Kind.STATION, Node.Kind.POINT) or any(c.street_id != street_id for c in communities):
                self.add_error("communities", _("Choose communities of the street this node belongs to."))
        return data


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    form = NodeAdminForm
    list_display = ("code", "name", "kind", "point_kind", "parent", "street", "district", "is_active")
    list_filter = ("kind", "point_kind", "is_active", ("district", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent", "street", "district")
    search_fields = ("name", "code", "home_name", "address")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("communities",)
    readonly_fields = ("district", "street", "station", "created_at", "updated_at")
    fields = (*NODE_ADMIN_FIELDS, "district", "street", "station", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # Changing a node's tier would break the ancestor columns of everything below it.
        return (*self.readonly_fields, "kind") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {key: getattr(obj, key) for key in services.NODE_FIELDS}
        if change:
            saved = services.node_update(by=request.user, node=Node.objects.get(pk=obj.pk), parent=obj.parent, **fields)
        else:
            saved = services.node_create(by=request.user, kind=obj.kind, parent=obj.parent, **fields)
        obj.pk = saved.pk
        obj._state.adding = False
        obj.district_id, obj.street_id, obj.station_id = saved.district_id, saved.street_id, saved.station_id

    def save_related(self, request, form, formsets, change):
        services.node_update(by=request.user, node=form.instance, communities=list(form.cleaned_data["communities"]))
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "street")
    list_filter = (("street", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("street",)
    search_fields = ("name", "street__name")
    autocomplete_fields = ("street",)


@admin.register(StandardCheck)
class StandardCheckAdmin(admin.ModelAdmin):
    list_display = ("node", "item", "met", "notes", "updated_at")
    list_filter = ("item", "met")
    list_select_related = ("node",)
    search_fields = ("node__name", "node__code")
    autocomplete_fields = ("node",)

    def save_model(self, request, obj, form, change):
        services.standards_set(by=request.user, node=obj.node, items={obj.item: (obj.met, obj.notes)})
        saved = StandardCheck.objects.get(node=obj.node, item=obj.item)
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("user", "node", "node_kind", "created_at")
    list_filter = ("node__kind",)
    list_select_related = ("user", "node")
    search_fields = ("user__username", "user__first_name", "user__last_name", "node__name", "node__code")
    autocomplete_fields = ("user", "node")

    @admin.display(description=_("tier"), ordering="node__kind")
    def node_kind(self, obj):
        return obj.node.get_kind_display()

    def save_model(self, request, obj, form, change):
        if change:
            # A position is a (user, node) pair: changing it is revoking one and granting another.
            services.position_revoke(by=request.user, position=Position.objects.get(pk=obj.pk))
        saved = services.position_grant(by=request.user, user=obj.user, node=obj.node)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.position_revoke(by=request.user, position=obj)

    def delete_queryset(self, request, queryset):
        for position in queryset.select_related("user", "node"):
            services.position_revoke(by=request.user, position=position)


class _ReadOnlyAdmin(ReadOnlyAdmin):
    """Reception days change through the portal's services (they keep the rota, notices and audit
    in step); the admin only looks."""


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(_ReadOnlyAdmin):
    list_display = ["node", "kind", "mode", "is_active"]
    list_filter = ["kind", "mode", "is_active"]
    list_select_related = ["node"]
    search_fields = ["node__name", "node__code"]


@admin.register(Reception)
class ReceptionAdmin(_ReadOnlyAdmin):
    list_display = ["date", "node", "mode", "status", "holiday_shifted", "calendar_unconfirmed"]
    list_filter = ["status", "mode", "holiday_shifted", "calendar_unconfirmed", "district"]
    list_select_related = ["node"]
    search_fields = ["node__name", "node__code"]
    date_hierarchy = "date"


@admin.register(ReceptionTopic)
class ReceptionTopicAdmin(_ReadOnlyAdmin):
    list_display = ["reception", "submitted_at"]
    list_select_related = ["reception__node"]
    exclude = ["phone"]


@admin.register(Booking)
class BookingAdmin(_ReadOnlyAdmin):
    list_display = ["slot", "created_at"]
    list_select_related = ["slot__reception__node"]
    exclude = ["phone"]
