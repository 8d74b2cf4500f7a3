"""The home–station–point network (家–站–点) and who holds a position in it.

Every node stores its ancestors at each tier (district, street, station; itself included), so
"everything under this street" is one indexed filter (`street_id=...`), never a recursive walk.
Services keep those columns right; nothing else writes them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Node(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        STREET = "street", _("Street (deputies' home)")
        STATION = "station", _("Community liaison station")
        POINT = "point", _("Contact point")

    class PointKind(models.TextChoices):
        COMMUNITY = "community", _("Community point")
        PARK = "park", _("Industrial park point")
        INDUSTRY = "industry", _("Industry point")
        YOUTH = "youth", _("Youth / university point")
        OTHER = "other", _("Other point")

    # Which parent kinds each kind may hang under.
    PARENT_KINDS = {
        Kind.DISTRICT: (),
        Kind.STREET: (Kind.DISTRICT,),
        Kind.STATION: (Kind.STREET,),
        Kind.POINT: (Kind.STATION, Kind.STREET),
    }

    kind = models.CharField(_("tier"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short unique code, used in case tracking numbers.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Ancestors at each tier, itself included; set by stations.services only.
    district = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    point_kind = models.CharField(_("point kind"), max_length=10, choices=PointKind.choices, blank=True)
    home_name = models.CharField(
        _("deputies' home name"), max_length=100, blank=True, help_text=_("For a street, e.g. 龙田街道人大代表之家.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    vice_heads = models.CharField(
        _("vice heads"), max_length=200, blank=True, help_text=_("Names of the 1–2 vice heads (community staff).")
    )
    communities = models.ManyToManyField(
        "Community", verbose_name=_("communities covered"), blank=True, related_name="nodes"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network node")
        verbose_name_plural = _("network nodes")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["district", "kind"]),
            models.Index(fields=["street", "kind"]),
            models.Index(fields=["station", "kind"]),
            models.Index(fields=["kind", "is_active"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", parent__isnull=True) | (~Q(kind="district") & Q(parent__isnull=False)),
                name="node_parent_matches_tier",
            ),
            models.CheckConstraint(condition=Q(kind="point") | Q(point_kind=""), name="node_point_kind_only_on_points"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.home_name or self.name


class Community(models.Model):
    """A residents' community (社区) in a street; a station covers one or more."""

    street = models.ForeignKey(
        Node,
        verbose_name=_("street"),
        on_delete=models.PROTECT,
        related_name="street_communities",
        limit_choices_to={"kind": Node.Kind.STREET},
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street_id", "name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="community_unique_in_street")]

    def __str__(self) -> str:
        return self.name


class StandardCheck(models.Model):
    """One item of a station's "六个有" standards checklist."""

    class Item(models.TextChoices):
        SITE = "site", _("Has a site")
        STAFF = "staff", _("Has staff")
        RULES = "rules", _("Has rules")
        ACTIVITIES = "activities", _("Has activities")
        FUNDING = "funding", _("Has funding")
        EQUIPMENT = "equipment", _("Has equipment")

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="standard_checks")
    item = models.CharField(_("item"), max_length=12, choices=Item.choices)
    met = models.BooleanField(_("met"), default=False)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standards check")
        verbose_name_plural = _("standards checks")
        constraints = [models.UniqueConstraint(fields=["node", "item"], name="standard_check_unique_item")]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_item_display()}"


class Position(models.Model):
    """A staff user's place in the network. The node's tier says the role:

    a station → its clerk (联络员); a street → street committee staff; a district → district staff.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions")
    node = models.ForeignKey(
        Node,
        verbose_name=_("network node"),
        on_delete=models.CASCADE,
        related_name="positions",
        limit_choices_to={"kind__in": [Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.STATION]},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["user", "node"], name="position_unique_user_node")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.node}"
