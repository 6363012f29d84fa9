"""The five-in-one (五位一体) duty roster: members, shifts and coverage rules, monthly rotas,
swaps, duty logs with incidents, and patrols."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from burqin.text import NormalizedCharField
from communities.models import Community
from communities.scope import ScopedQuerySet


class Category(models.IntegerChoices):
    TOWN_LEADER = 1, _("Town leader linked to the community")
    TEAM_LEADER = 2, _("Work-team leader / community director")
    CADRE = 3, _("Work-team member / community cadre")
    POLICE = 4, _("Community police officer")
    WELFARE_POST = 5, _("Public-welfare post staff")


class DutyMember(models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="duty_members",
        verbose_name=_("community"),
    )
    name = NormalizedCharField(_("name"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duty_members",
        verbose_name=_("account"),
    )
    category = models.PositiveSmallIntegerField(_("category"), choices=Category.choices)
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)
    avoid_weekdays = models.CharField(
        _("prefers not to serve on"),
        max_length=20,
        blank=True,
        help_text=_("Weekday numbers, Monday = 1, e.g. 6,7"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty member")
        verbose_name_plural = _("duty members")
        ordering = ["community__order", "category", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Name, role and the last four digits of the phone: two members of one name are told
        apart wherever one is chosen or shown (王芳（社区民警 · 尾号5678）)."""
        # Told for every cell of a month's rota and every colleague a swap may go to: the
        # category's label straight from the enum (``get_category_display`` hashes the
        # choices on each call), translated once.
        role = Category(self.category).label if self.category in Category.values else self.category
        if self.phone:
            return gettext("%(name)s (%(role)s · phone ending %(tail)s)") % {
                "name": self.name,
                "role": role,
                "tail": self.phone[-4:],
            }
        return gettext("%(name)s (%(role)s)") % {"name": self.name, "role": role}

    @property
    def avoided(self) -> set[int]:
        return {
            int(d) for d in self.avoid_weekdays.replace("，", ",").split(",") if d.strip().isdigit()
        }


class Leave(models.Model):
    member = models.ForeignKey(
        DutyMember, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("member")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    scope_path = "member__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="leave_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.start}–{self.end}"


class RosterPolicy(models.Model):
    community = models.OneToOneField(
        Community,
        on_delete=models.CASCADE,
        related_name="roster_policy",
        verbose_name=_("community"),
    )
    max_nights_per_week = models.PositiveSmallIntegerField(
        _("at most nights in any 7 days"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    min_rest_hours = models.PositiveSmallIntegerField(_("rest between shifts (hours)"), default=12)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster policy")
        verbose_name_plural = _("roster policies")

    def __str__(self) -> str:
        return str(self.community)


class ShiftTemplate(models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="shift_templates",
        verbose_name=_("community"),
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=30)
    start = models.TimeField(_("starts at"))
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["community__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="shift_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}"

    def span(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        begin = datetime.datetime.combine(day, self.start)
        return begin, begin + datetime.timedelta(hours=self.hours)


class CoverageRule(models.Model):
    shift = models.ForeignKey(
        ShiftTemplate, on_delete=models.CASCADE, related_name="rules", verbose_name=_("shift")
    )
    category = models.PositiveSmallIntegerField(_("category"), choices=Category.choices)
    minimum = models.PositiveSmallIntegerField(_("at least"), default=1)

    scope_path = "shift__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coverage rule")
        verbose_name_plural = _("coverage rules")
        constraints = [
            models.UniqueConstraint(fields=["shift", "category"], name="rule_once_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.shift.name}: {self.get_category_display()} ≥ {self.minimum}"


class RosterMonth(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="rosters", verbose_name=_("community")
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    uncovered = models.JSONField(_("uncovered shifts"), default=list, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)
    # What the generator says of its search: optimal or the best found in time, the fairness
    # spread per category (duty_roster/solver.py ``Solution.report``).
    solve_report = models.JSONField(_("solver report"), default=dict, blank=True, editable=False)
    # Kept by summary.refresh_coverage whenever the assignments or rules change, so that
    # dashboards and reports add up rotas instead of recounting every assignment.
    shifts_scheduled = models.PositiveIntegerField(_("shifts scheduled"), default=0, editable=False)
    shifts_covered = models.PositiveIntegerField(
        _("shifts meeting their rules"), default=0, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # A published month taken back before it starts: why, and when (the history keeps each).
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly rota")
        verbose_name_plural = _("monthly rotas")
        ordering = ["-month", "community__order"]
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="roster_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.community.name} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("duty_roster:rostermonth_detail", args=[self.pk])


class Assignment(models.Model):
    roster = models.ForeignKey(
        RosterMonth, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("rota")
    )
    date = models.DateField(_("date"))
    shift = models.ForeignKey(
        ShiftTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )
    member = models.ForeignKey(
        DutyMember, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("member")
    )

    scope_path = "roster__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["date", "shift__order", "member__category"]
        indexes = [models.Index(fields=["roster", "date"], name="assignment_roster_date")]
        constraints = [
            models.UniqueConstraint(fields=["date", "shift", "member"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.shift.name} {self.member.name}"


class Swap(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted by the colleague")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="swaps",
        verbose_name=_("shift given away"),
    )
    to_member = models.ForeignKey(
        DutyMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken over by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Three different people: who asked, the colleague who took the shift (with their own
    # account), the head who approved (services.swap_accept / swap_approve enforce it).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or refused by"),
    )

    scope_path = "assignment__roster__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("swap")
        verbose_name_plural = _("swaps")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.to_member.label}"


class DutyLog(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="duty_logs", verbose_name=_("community")
    )
    date = models.DateField(_("date"))
    shift = models.ForeignKey(
        ShiftTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )
    handover_at = models.DateTimeField(_("handover at"))
    events = models.TextField(_("events"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"], name="dutylog_comm_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.shift.name}"

    def get_absolute_url(self) -> str:
        return reverse("duty_roster:dutylog_detail", args=[self.pk])


class Incident(models.Model):
    class Kind(models.TextChoices):
        DISPUTE = "dispute", _("Neighbour dispute")
        SAFETY = "safety", _("Safety hazard")
        SECURITY = "security", _("Public security")
        HELP = "help", _("Call for help")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        HANDLED = "handled", _("Handled on the spot")
        ESCALATED = "escalated", _("Escalated")

    log = models.ForeignKey(
        DutyLog, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("duty log")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("what happened"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    escalated_to = models.CharField(_("escalated to"), max_length=100, blank=True)

    scope_path = "log__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.get_kind_display()


class Patrol(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="patrols", verbose_name=_("community")
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    area = models.CharField(_("area or route"), max_length=100)
    members = models.ManyToManyField(
        DutyMember, blank=True, related_name="patrols", verbose_name=_("members")
    )
    findings = models.TextField(_("findings"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-date", "-start"]
        indexes = [models.Index(fields=["community", "date"], name="patrol_comm_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.area}"
