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


# Reception days (接待日): rules, their occurrences, topics sent in advance and appointment slots.
# Written only through stations.reception_services; the rota (Duty) lives in deputies.


class ReceptionMode(models.TextChoices):
    STATION = "station", _("At the station (候访)")
    APPOINTMENT = "appointment", _("By appointment (约访)")
    VISIT = "visit", _("Visits (走访/下访)")


class ReceptionRule(models.Model):
    """A station's recurring reception day, e.g. "the second Tuesday of every month, 9:00–11:30".

    `month_day` on a day a month lacks (the 31st in April, the 30th in February) falls on that
    month's last day, like a period in months under the Civil Code (Art. 202).
    """

    class Kind(models.TextChoices):
        NTH_WEEKDAY = "nth_weekday", _("The Nth weekday of each month")
        MONTH_DAY = "month_day", _("A fixed day of each month")
        WEEKLY = "weekly", _("Every week on a weekday")
        DATES = "dates", _("Explicit dates")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class Nth(models.IntegerChoices):
        FIRST = 1, _("First")
        SECOND = 2, _("Second")
        THIRD = 3, _("Third")
        FOURTH = 4, _("Fourth")
        LAST = -1, _("Last")

    node = models.ForeignKey(
        Node,
        verbose_name=_("station or point"),
        on_delete=models.PROTECT,
        related_name="reception_rules",
        limit_choices_to={"kind__in": [Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT]},
    )
    kind = models.CharField(_("repeats"), max_length=12, choices=Kind.choices)
    nth = models.SmallIntegerField(_("which week"), choices=Nth.choices, null=True, blank=True)
    weekday = models.SmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        help_text=_("1–31; in a month without that day, the month's last day."),
    )
    # Explicit dates, ISO strings ("2025-03-04"), for kind DATES.
    dates = models.JSONField(_("dates"), default=list, blank=True)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    mode = models.CharField(_("mode"), max_length=12, choices=ReceptionMode.choices, default=ReceptionMode.STATION)
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), null=True, blank=True, help_text=_("By appointment only.")
    )
    slot_capacity = models.PositiveSmallIntegerField(
        _("residents per slot"), null=True, blank=True, help_text=_("By appointment only.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reception rule")
        verbose_name_plural = _("reception rules")
        ordering = ["node__code", "id"]
        indexes = [models.Index(fields=["is_active", "node"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="reception_rule_times"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="reception_rule_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_kind_display()}"


class Reception(models.Model):
    """One reception day (an occurrence of a rule, or an ad-hoc one).

    `rule_date` is the date the rule produced; `date` is when it actually happens (after a holiday
    shift or a manual move). (rule, rule_date) is unique, so generating twice creates nothing twice
    and a moved occurrence is never re-created at its old date.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")
        MISSED = "missed", _("Missed (not logged)")

    node = models.ForeignKey(
        Node, verbose_name=_("station or point"), on_delete=models.PROTECT, related_name="receptions"
    )
    # Copied from the node, like Petition: scoping and ledgers filter on indexed columns here.
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        ReceptionRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    rule_date = models.DateField(_("date by the rule"), null=True, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    mode = models.CharField(_("mode"), max_length=12, choices=ReceptionMode.choices, default=ReceptionMode.STATION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    moved_from = models.DateField(_("moved from"), null=True, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    holiday_shifted = models.BooleanField(
        _("moved off a holiday"), default=False, help_text=_("Moved automatically to the next working day.")
    )
    calendar_unconfirmed = models.BooleanField(
        _("calendar not confirmed"),
        default=False,
        help_text=_("The working-day calendar does not cover this year yet: check the date by hand."),
    )
    notice = models.TextField(_("notice text"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["date", "start_time", "id"]
        indexes = [
            models.Index(fields=["station", "date"]),
            models.Index(fields=["street", "date"]),
            models.Index(fields=["district", "date"]),
            models.Index(fields=["node", "date"]),
            models.Index(fields=["status", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "rule_date"], condition=Q(rule__isnull=False), name="reception_unique_rule_date"
            ),
            models.CheckConstraint(
                condition=Q(rule__isnull=True) | Q(rule_date__isnull=False), name="reception_rule_date"
            ),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="reception_times"),
        ]

    def __str__(self) -> str:
        return f"{self.node} · {self.date:%Y-%m-%d}"


class ReceptionTopic(models.Model):
    """A topic a resident sends in advance of a reception (收集议题). No IP address is kept."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="topics")
    text = models.TextField(_("topic"), max_length=1000)
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic sent in advance")
        verbose_name_plural = _("topics sent in advance")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class AppointmentSlot(models.Model):
    """A bookable slot of an appointment-mode reception; `booked` is kept by conditional updates."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="slots")
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["reception_id", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["reception", "start_time"], name="slot_unique_start"),
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.reception} {self.start_time:%H:%M}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked, 0)


class Booking(models.Model):
    """A resident's appointment in a slot (约访)."""

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.CASCADE, related_name="bookings")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30)
    topic = models.TextField(_("what about"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.slot} · {self.name}"
