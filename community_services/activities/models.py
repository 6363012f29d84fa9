"""Festivals, sports meets and performances (文化艺术节、运动会、文艺演出) with the community teams
taking part, and the training classes of community staff and cadres (社区干部培训班) with their
attendance.

An event or a class is organised by one community or by the town (``community`` empty): staff
see their own community's and the town's; a team or an attendance row belongs to the community
it comes from, and only that community's staff (and town-wide roles) see it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from burqin.text import NormalizedCharField
from communities.models import Community
from communities.scope import ScopedQuerySet, chosen_community_id, scope_community_ids

# The app's convention: every table of community_services keeps the communities_ prefix.
from ..models import History, table


class TownOrCommunityQuerySet(ScopedQuerySet):
    """Records organised by a community or by the town (``community`` empty): a community's
    staff see their own and the town's; town-wide roles see all."""

    def visible_to(self, user):
        ids = scope_community_ids(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(Q(community__in=ids) | Q(community__isnull=True))

    def for_request(self, request):
        queryset = self.visible_to(request.user)
        chosen = chosen_community_id(request)
        if chosen is not None:
            queryset = queryset.filter(Q(community=chosen) | Q(community__isnull=True))
        return queryset

    def editable_by(self, user):
        """What the user may change: a community's staff only their own community's records
        (the town's are the town's to edit)."""
        ids = scope_community_ids(user)
        if ids is None:
            return self
        return self.filter(community__in=ids)


class Event(models.Model):
    """A cultural festival, a sports meet or a performance."""

    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("Cultural festival")
        SPORTS = "sports", _("Sports meet")
        PERFORMANCE = "performance", _("Performance")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"))
    end_date = models.DateField(pgettext_lazy("event", "until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("event", "organiser"),
        help_text=_("Empty: organised by the town."),
    )
    participants = models.PositiveIntegerField(_("participants (person-times)"), default=0)
    audience = models.PositiveIntegerField(_("audience (person-times)"), default=0)
    note = models.TextField(_("note"), blank=True)

    objects = TownOrCommunityQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("event")
        verbose_name = pgettext_lazy("culture", "event")
        verbose_name_plural = pgettext_lazy("culture", "events")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"], name="event_comm_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("community_services:event_detail", args=[self.pk])


class EventTeam(models.Model):
    """A community's team taking part in an event (a dance troupe, a football team)."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=pgettext_lazy("culture", "event"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    name = models.CharField(_("team name"), max_length=60)
    members = models.PositiveIntegerField(
        pgettext_lazy("team", "members"), validators=[MinValueValidator(1)]
    )
    leader = NormalizedCharField(_("leader"), max_length=50, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("eventteam")
        verbose_name = _("event team")
        verbose_name_plural = _("event teams")
        ordering = ["community__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "community", "name"], name="event_team_once"),
            models.CheckConstraint(condition=Q(members__gte=1), name="event_team_has_members"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.members}）"


class CadreTraining(models.Model):
    """A training class for community staff and cadres: 岗前培训, the yearly class, a topic."""

    class Kind(models.TextChoices):
        PRE_SERVICE = "pre_service", _("Pre-service training")
        ANNUAL = "annual", _("Annual training")
        TOPIC = "topic", _("Topical training")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    start_date = models.DateField(pgettext_lazy("training", "from"))
    end_date = models.DateField(pgettext_lazy("training", "until"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    teacher = NormalizedCharField(_("teacher"), max_length=100, blank=True)
    organiser = models.CharField(pgettext_lazy("training", "organiser"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("Empty: a class of the town."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = TownOrCommunityQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("cadretraining")
        verbose_name = _("cadre training class")
        verbose_name_plural = _("cadre training classes")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["community", "start_date"], name="cadre_comm_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cadre_training_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="cadre_training_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("community_services:cadretraining_detail", args=[self.pk])


class CadreAttendance(models.Model):
    """One person on a class's list: a staff account, or a cadre named by hand."""

    training = models.ForeignKey(
        CadreTraining,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("training class"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff account"),
    )
    name = NormalizedCharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=60, blank=True)
    attended = models.BooleanField(_("attended"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("cadreattendance")
        verbose_name = _("cadre training attendance")
        verbose_name_plural = _("cadre training attendance")
        ordering = ["community__order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "community", "name"], name="cadre_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name
