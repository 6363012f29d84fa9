"""Community services (便民服务): the service centre's records, volunteers, 1+1 pairings, interest
classes and renovation projects with their funding.

These models began in the ``communities`` app and keep its tables: each names its table
(``communities_<model>``, and ``communities_historical<model>`` for its history), so that moving
them here changed no table (migrations ``communities.0008`` and ``community_services.0001`` change
the migration state only).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from burqin.files import random_file_name
from burqin.text import NormalizedCharField
from communities.models import Community, Compound, Household, Resident
from communities.scope import ScopedQuerySet

# The tables' prefix: the app these models were created in.
TABLES_OF = "communities"


def table(name: str) -> str:
    """The table a model of this app keeps from the communities app: ``communities_<name>``."""
    return f"{TABLES_OF}_{name}"


class History(HistoricalRecords):
    """Simple-history's records in the tables they had in the communities app: the history
    model's (``communities_historical<model>``) and, for ``m2m_fields``, each history of a
    relation (``communities_historical<model>_<field>``)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["db_table"] = table(f"historical{model._meta.model_name}")
        return options

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = table(f"historical{through_model._meta.model_name}")
        return options


MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ServiceCategory(models.Model):
    name = NormalizedCharField(_("name"), max_length=30, unique=True)
    is_consultation = models.BooleanField(
        _("counts as consultation"),
        default=False,
        help_text=_("Records of this category are counted as consultations in reports."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = History()

    class Meta:
        db_table = table("servicecategory")
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceRecord(models.Model):
    """One service (便民服务) given by a community's service station or by the town's service
    centre (镇社区服务中心), a unit of its own: its records belong to the community of the person
    served (scope) but are counted and told as the centre's, never as the community's."""

    class Charge(models.TextChoices):
        FREE = "free", pgettext_lazy("service charge", "Free")
        LOW_FEE = "low_fee", pgettext_lazy("service charge", "Low fee")
        PAID = "paid", pgettext_lazy("service charge", "Paid")

    class Provider(models.TextChoices):
        STATION = "station", _("Community service station")
        TOWN_CENTRE = "town_centre", _("Town community service centre")

    # The order the town tells them in: 有偿、低偿、无偿.
    CHARGES_TOLD = (Charge.PAID, Charge.LOW_FEE, Charge.FREE)

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="service_records",
        verbose_name=_("community"),
    )
    date = models.DateField(_("date"))
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("category"),
    )
    charge = models.CharField(
        _("charge"), max_length=8, choices=Charge.choices, default=Charge.FREE
    )
    provider = models.CharField(
        _("given by"),
        max_length=12,
        choices=Provider.choices,
        default=Provider.STATION,
        help_text=_(
            "The town's service centre is a unit of its own: its services are told in the "
            "town's report, not in the community's."
        ),
    )
    fee = models.DecimalField(_("fee (yuan)"), default=Decimal("0"), **MONEY)
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("resident served"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("servicerecord")
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-date", "-pk"]
        indexes = [
            # A town-wide list, newest first, and its date range: a page reads 50 rows of the
            # index, not every record of the prefecture sorted.
            models.Index(fields=["date", "id"], name="service_date"),
            models.Index(fields=["community", "date"], name="service_comm_date"),
            models.Index(fields=["community", "category", "date"], name="service_comm_cat"),
            models.Index(fields=["community", "charge", "date"], name="service_comm_charge"),
            models.Index(fields=["community", "provider", "date"], name="service_comm_provider"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(charge="free", fee=0) | (~Q(charge="free") & Q(fee__gt=0)),
                name="service_fee_matches_charge",
            ),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.category.name}"

    def get_absolute_url(self) -> str:
        return reverse("community_services:servicerecord_edit", args=[self.pk])


class VolunteerTeam(models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=60)
    leader = NormalizedCharField(_("leader"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("volunteerteam")
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["community__order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community_services:volunteerteam_detail", args=[self.pk])


class Volunteer(models.Model):
    """A member of a team: a registered resident or someone from outside, with a post."""

    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.CASCADE,
        related_name="volunteers",
        verbose_name=_("team"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    name = NormalizedCharField(_("name"), max_length=50)
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)
    post = models.CharField(_("post"), max_length=60, blank=True)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    scope_path = "team__community"
    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("volunteer")
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["team", "name"]

    def __str__(self) -> str:
        return self.name


class VolunteerActivity(models.Model):
    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("team"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("activity"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    participants = models.ManyToManyField(
        Volunteer,
        through="ActivityParticipation",
        related_name="activities",
        verbose_name=_("participants"),
    )

    scope_path = "team__community"
    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("volunteeractivity")
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["team", "date"], name="activity_team_date")]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.title}"


class ActivityParticipation(models.Model):
    activity = models.ForeignKey(
        VolunteerActivity, on_delete=models.CASCADE, verbose_name=_("activity")
    )
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, verbose_name=_("volunteer"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )

    scope_path = "activity__team__community"
    objects = ScopedQuerySet.as_manager()

    history = History()

    class Meta:
        db_table = table("activityparticipation")
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="participation_once"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="participation_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.hours}"


class Pairing(models.Model):
    """A cadre paired with a hardship household (1+1 结对帮扶)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("community")
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairings",
        verbose_name=_("cadre (account)"),
    )
    cadre_name = NormalizedCharField(_("cadre"), max_length=50)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name=_("household"),
    )
    started_on = models.DateField(_("paired since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("pairing")
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["community__order", "cadre_name"]
        indexes = [models.Index(fields=["community", "ended_on"], name="pairing_comm_open")]

    def __str__(self) -> str:
        return f"{self.cadre_name} — {self.household.address}"

    def get_absolute_url(self) -> str:
        return reverse("community_services:pairing_detail", args=[self.pk])


class PairingVisit(models.Model):
    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="visits", verbose_name=_("pairing")
    )
    date = models.DateField(_("date"))
    done = models.TextField(_("what was done"))
    needs = models.TextField(_("needs found"), blank=True)
    help_given = models.TextField(_("help given"), blank=True)

    scope_path = "pairing__community"
    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("pairingvisit")
        verbose_name = _("pairing visit")
        verbose_name_plural = _("pairing visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pairing", "date"], name="visit_pairing_date")]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.pairing.cadre_name}"


class InterestClass(models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="interest_classes",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=60)
    organiser = models.CharField(_("organiser"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Resident,
        blank=True,
        related_name="interest_classes",
        verbose_name=_("members"),
        db_table=table("interestclass_members"),
    )

    objects = ScopedQuerySet.as_manager()
    history = History(m2m_fields=[members])

    class Meta:
        db_table = table("interestclass")
        verbose_name = _("interest class")
        verbose_name_plural = _("interest classes")
        ordering = ["community__order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community_services:interestclass_detail", args=[self.pk])


class ClassSession(models.Model):
    interest_class = models.ForeignKey(
        InterestClass, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        Resident,
        blank=True,
        related_name="+",
        verbose_name=_("attendees"),
        db_table=table("classsession_attendees"),
    )

    scope_path = "interest_class__community"
    objects = ScopedQuerySet.as_manager()
    history = History(m2m_fields=[attendees])

    class Meta:
        db_table = table("classsession")
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.topic}"


class Project(models.Model):
    """A renovation or construction project (小区改造等) with its funding by source."""

    class Kind(models.TextChoices):
        DRAINAGE = "drainage", _("Drainage")
        ROAD = "road", _("Road hardening")
        GREENING = "greening", _("Greening")
        PREMISES = "premises", _("Office premises")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="projects", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind of work"), max_length=10, choices=Kind.choices)
    lead_agency = NormalizedCharField(
        _("lead agency"),
        max_length=50,
        blank=True,
        help_text=_("When the town assists a county department, e.g. 县住建部门."),
    )
    compounds = models.ManyToManyField(
        Compound,
        blank=True,
        related_name="projects",
        verbose_name=_("compounds"),
        db_table=table("project_compounds"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    budget = models.DecimalField(_("budget (yuan)"), default=Decimal("0"), **MONEY)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = History(m2m_fields=[compounds])

    class Meta:
        db_table = table("project")
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="project_comm_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community_services:project_detail", args=[self.pk])

    def funding_totals(self) -> dict:
        """Allocated and received, in all and per source (one grouped query)."""
        rows = (
            self.fundings.order_by()
            .values("source")
            .annotate(allocated=Sum("allocated"), received=Sum("received"))
        )
        per_source = {row["source"]: row for row in rows}
        return {
            "allocated": sum((r["allocated"] for r in rows), Decimal("0")),
            "received": sum((r["received"] for r in rows), Decimal("0")),
            "per_source": [
                {
                    "source": key,
                    "label": label,
                    "allocated": per_source.get(key, {}).get("allocated") or Decimal("0"),
                    "received": per_source.get(key, {}).get("received") or Decimal("0"),
                }
                for key, label in Funding.Source.choices
            ],
        }


class Funding(models.Model):
    """One contribution: 县政府拨一点、镇政府补一点、居委会筹一点、社会集一点."""

    class Source(models.TextChoices):
        COUNTY = "county", _("County government")
        TOWN = "town", _("Town government")
        COMMUNITY = "community", _("Residents' committee")
        SOCIETY = "society", _("Society (donors)")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    donor = models.CharField(_("donor"), max_length=100, blank=True)
    allocated = models.DecimalField(_("allocated (yuan)"), **MONEY)
    received = models.DecimalField(_("received (yuan)"), default=Decimal("0"), **MONEY)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_path = "project__community"
    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("funding")
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(allocated__gte=0, received__gte=0), name="funding_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(source="society") | ~Q(donor=""), name="funding_society_names_donor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.allocated}"


def progress_photo_path(instance, filename: str) -> str:
    """A random name: neither the project nor the uploaded file's name can be read from it."""
    return random_file_name("projects", filename)


class ProjectProgress(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="progress", verbose_name=_("project")
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("progress"))
    photo = models.FileField(_("photo"), upload_to=progress_photo_path, blank=True)

    scope_path = "project__community"
    objects = ScopedQuerySet.as_manager()
    history = History()

    class Meta:
        db_table = table("projectprogress")
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{date_format(self.date)}"

    def get_photo_url(self) -> str:
        return reverse("community_services:projectprogress_photo", args=[self.pk])


# Events and cadre training live in their own module; imported here so that Django finds them.
from .activities.models import (  # noqa: E402, F401
    CadreAttendance,
    CadreTraining,
    Event,
    EventTeam,
)
