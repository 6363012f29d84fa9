"""The registry: communities, compounds, households, residents, and who may see them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Reverse
from django.http import Http404, QueryDict
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pypinyin import lazy_pinyin
from simple_history.models import HistoricalRecords

from burqin.files import download_name, random_file_name
from burqin.people import person_name
from burqin.text import NormalizedCharField, normalize_identifier

from .ethnicity import Ethnicity
from .idnumbers import (
    IdNumberField,
    birth_date_of,
    normalize_id_number,
    sex_of,
    validate_id_number,
)
from .scope import ScopedQuerySet


class Community(models.Model):
    class Kind(models.TextChoices):
        URBAN = "urban", _("Urban community")
        RURAL = "rural", _("Rural village")

    class FeaturedType(models.TextChoices):
        COMMERCE = "commerce", _("Commerce")
        CULTURE = "culture", _("Culture")
        PEACE = "peace", _("Peace and safety")
        CARE = "care", _("Care")
        SMART = "smart", _("Smart")
        SELF_GOVERNANCE = "self_governance", _("Self-governance")
        PROSPERITY = "prosperity", _("Prosperity")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = NormalizedCharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.URBAN)
    featured_type = models.CharField(
        _("featured type"), max_length=20, choices=FeaturedType.choices, blank=True
    )
    party_branch = models.CharField(_("party branch"), max_length=100, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    office_area = models.DecimalField(
        _("office floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Four eyes (issue 16): set by an administrator in the admin only, who and when recorded.
    single_person_office = models.BooleanField(
        _("one-person office"),
        default=False,
        help_text=_(
            "Allow one person to take consecutive review steps on this community's "
            "applications (the four-eyes rule is lifted); the record then says so."
        ),
    )
    single_person_office_allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("one-person office allowed by"),
    )
    single_person_office_allowed_at = models.DateTimeField(
        _("one-person office allowed at"), null=True, blank=True
    )

    scope_path = ""
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:community_detail", args=[self.pk])


class Compound(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = NormalizedCharField(_("name"), max_length=100)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["community__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"


class HouseholdQuerySet(ScopedQuerySet):
    def search(self, query: str) -> "HouseholdQuerySet":
        """Households whose address contains the text or with a member found by
        ``ResidentQuerySet.search`` (name, pinyin, initials, ID digits)."""
        query = (query or "").strip()
        if not query:
            return self
        members = Resident.objects.search(query).filter(household__isnull=False)
        return self.filter(Q(address__contains=query) | Q(pk__in=members.values("household_id")))

    def annotate_member_count(self) -> "HouseholdQuerySet":
        """Adds ``member_count``: members still living here."""
        return self.annotate(
            member_count=models.Count(
                "members",
                filter=Q(members__moved_out_on__isnull=True, members__deceased_on__isnull=True),
            )
        )


class Household(models.Model):
    class RegistrationType(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="households", verbose_name=_("community")
    )
    compound = models.ForeignKey(
        Compound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("compound"),
    )
    address = models.CharField(_("address"), max_length=200)
    registration_type = models.CharField(
        _("registration type"),
        max_length=8,
        choices=RegistrationType.choices,
        default=RegistrationType.URBAN,
    )
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community__order", "address"]
        indexes = [models.Index(fields=["community", "address"], name="household_comm_addr")]

    def __str__(self) -> str:
        if self.head_id:
            return _("%(address)s (head: %(head)s)") % {
                "address": self.address,
                "head": self.head.name,
            }
        return self.address

    def get_absolute_url(self) -> str:
        return reverse("communities:household_detail", args=[self.pk])

    def clean(self) -> None:
        if self.compound_id and self.compound.community_id != self.community_id:
            raise ValidationError({"compound": _("This compound belongs to another community.")})


def age_band_bounds(band: str, today: datetime.date) -> tuple[datetime.date | None, datetime.date]:
    """Birth-date range (after, up to and including) for an age band key."""
    low, high = Resident.AGE_BANDS[band][1:]

    def years_ago(years: int) -> datetime.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    latest_birth = years_ago(low)
    earliest_birth = years_ago(high + 1) if high is not None else None
    return earliest_birth, latest_birth


class ResidentQuerySet(ScopedQuerySet):
    def current(self) -> "ResidentQuerySet":
        """Residents still living here: not moved out, not deceased."""
        return self.filter(moved_out_on__isnull=True, deceased_on__isnull=True)

    def search(self, query: str) -> "ResidentQuerySet":
        """Find by the start of the name, full pinyin or initials, or the last digits of the ID.

        Every form is a prefix, answered from an index on PostgreSQL (migration 0005)."""
        query = normalize_identifier(query or "")
        if not query:
            return self
        if query.isdigit() or (query[:-1].isdigit() and query[-1] in "xX"):
            if len(query) == 18:
                return self.filter(id_number=query.upper())
            # The tail, reversed, is a prefix: PostgreSQL answers it from an index on
            # reverse(id_number) (migration 0005) instead of scanning every row.
            return self.alias(id_reversed=Reverse("id_number")).filter(
                id_reversed__startswith=query.upper()[::-1]
            )
        if query.isascii():
            compact = query.replace(" ", "").lower()
            return self.filter(
                Q(name_pinyin__startswith=compact) | Q(name_initials__startswith=compact)
            )
        return self.filter(name__startswith=query)  # surname first, as names are written

    def in_age_band(self, band: str, today: datetime.date | None = None) -> "ResidentQuerySet":
        earliest, latest = age_band_bounds(band, today or timezone.localdate())
        queryset = self.filter(birth_date__lte=latest)
        if earliest is not None:
            queryset = queryset.filter(birth_date__gt=earliest)
        return queryset


class Resident(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        GRANDCHILD = "grandchild", _("Grandchild")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other relative")

    class DisabilityCategory(models.TextChoices):
        VISUAL = "visual", _("Visual")
        HEARING = "hearing", _("Hearing")
        SPEECH = "speech", _("Speech")
        PHYSICAL = "physical", _("Physical")
        INTELLECTUAL = "intellectual", _("Intellectual")
        MENTAL = "mental", _("Mental")
        MULTIPLE = "multiple", _("Multiple")

    class DisabilityGrade(models.IntegerChoices):
        FIRST = 1, _("Grade 1")
        SECOND = 2, _("Grade 2")
        THIRD = 3, _("Grade 3")
        FOURTH = 4, _("Grade 4")

    # key: (label, lowest age, highest age or None)
    AGE_BANDS = {
        "child": (_("Under 18"), 0, 17),
        "adult": (_("18 to 59"), 18, 59),
        "senior": (_("60 to 79"), 60, 79),
        "elderly": (_("80 and over"), 80, None),
    }
    # What a household form and the import record about each member.
    PROFILE_FIELDS = (
        "id_number",
        "name",
        "relation",
        "ethnicity",
        "phone",
        "is_disabled",
        "disability_category",
        "disability_grade",
        "is_orphan",
        "is_elderly_alone",
        "is_4050",
        "is_party_member",
    )
    FLAGS = {
        "is_disabled": pgettext_lazy("disability", "Disabled"),
        "is_orphan": _("Orphan"),
        "is_elderly_alone": _("Elderly living alone"),
        "is_4050": _('"4050" unemployed'),
        "is_party_member": _("Party member"),
    }

    id_number = IdNumberField(
        _("ID number"), max_length=18, unique=True, validators=[validate_id_number]
    )
    name = NormalizedCharField(_("full name"), max_length=50, db_index=True)
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=200, editable=False, db_index=True
    )
    name_initials = models.CharField(
        _("pinyin initials"), max_length=50, editable=False, db_index=True
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False, db_index=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="residents", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relation = models.CharField(
        _("relation to head"), max_length=12, choices=Relation.choices, default=Relation.HEAD
    )
    is_disabled = models.BooleanField(_("disabled"), default=False)
    disability_category = models.CharField(
        _("disability category"), max_length=12, choices=DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=DisabilityGrade.choices, null=True, blank=True
    )
    is_orphan = models.BooleanField(_("orphan"), default=False)
    is_elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    is_4050 = models.BooleanField(_('"4050" unemployed'), default=False)
    is_party_member = models.BooleanField(_("party member"), default=False)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    deceased_on = models.DateField(_("deceased on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ResidentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community__order", "community_id", "name_pinyin", "id"]
        permissions = [("view_full_id", _("Can see full ID numbers"))]
        indexes = [
            models.Index(fields=["community", "name_pinyin"], name="resident_comm_pinyin"),
            models.Index(fields=["community", "birth_date"], name="resident_comm_birth"),
            models.Index(fields=["community", "ethnicity"], name="resident_comm_ethnicity"),
            models.Index(fields=["community", "sex"], name="resident_comm_sex"),
            models.Index(
                fields=["community"], condition=Q(is_disabled=True), name="resident_disabled"
            ),
            models.Index(fields=["community"], condition=Q(is_orphan=True), name="resident_orphan"),
            models.Index(
                fields=["community"], condition=Q(is_elderly_alone=True), name="resident_alone"
            ),
            models.Index(fields=["community"], condition=Q(is_4050=True), name="resident_4050"),
            models.Index(
                fields=["community"], condition=Q(is_party_member=True), name="resident_party"
            ),
            # The lists count current residents per community (burqin.lists.CommunityPaginator):
            # an index-only scan instead of reading every row.
            models.Index(
                fields=["community"],
                condition=Q(moved_out_on__isnull=True, deceased_on__isnull=True),
                name="resident_current",
            ),
            # The same count with the list's sex, ethnicity or age filter, index-only from the
            # filtered value on (a town-wide filtered list read every row: 110–120 ms → 16–50 ms
            # single-threaded at prefecture scale).
            models.Index(
                fields=["sex", "community"],
                condition=Q(moved_out_on__isnull=True, deceased_on__isnull=True),
                name="resident_current_sex",
            ),
            models.Index(
                fields=["ethnicity", "community"],
                condition=Q(moved_out_on__isnull=True, deceased_on__isnull=True),
                name="resident_current_ethnicity",
            ),
            models.Index(
                fields=["birth_date", "community"],
                condition=Q(moved_out_on__isnull=True, deceased_on__isnull=True),
                name="resident_current_birth",
            ),
            # The few who died or moved out: welfare's checks look for their open enrollments,
            # and the list's status filter counts them, without reading every resident.
            models.Index(
                fields=["community"],
                condition=Q(deceased_on__isnull=False),
                name="resident_deceased",
            ),
            models.Index(
                fields=["community"],
                condition=Q(moved_out_on__isnull=False),
                name="resident_moved_out",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_disabled=True) | Q(disability_category="", disability_grade=None),
                name="resident_disability_only_if_disabled",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        if self.household_id and not self.community_id:
            self.community_id = self.household.community_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("communities:resident_detail", args=[self.pk])

    @property
    def age(self) -> int:
        today = timezone.localdate()
        birthday_passed = (today.month, today.day) >= (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - (0 if birthday_passed else 1)

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None and self.deceased_on is None

    def clean(self) -> None:
        errors = {}
        if self.id_number:
            try:
                birth = birth_date_of(self.id_number)
            except Exception:  # noqa: BLE001 - the field validator reports the reason
                birth = None
            if birth and birth > timezone.localdate():
                errors["id_number"] = _("The birth date in this ID number is in the future.")
        if not self.is_disabled and (self.disability_category or self.disability_grade):
            errors["is_disabled"] = _("Tick 'disabled' to record a disability category or grade.")
        if self.is_disabled and not self.disability_category:
            errors["disability_category"] = _("Choose the disability category.")
        if self.household_id and self.household.community_id != self.community_id:
            errors["household"] = _("This household belongs to another community.")
        if errors:
            raise ValidationError(errors)

    def fill_derived(self) -> None:
        """Birth date, sex and pinyin follow from the ID number and name (bulk inserts too)."""
        self.id_number = normalize_id_number(self.id_number)
        self.birth_date = birth_date_of(self.id_number)
        self.sex = sex_of(self.id_number)
        self.name = normalize_identifier(self.name)
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower case, letters only: 张三 → ('zhangsan', 'zs')."""
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.isalpha()]
    return "".join(syllables), "".join(s[0] for s in syllables)


class StaffProfile(models.Model):
    """Ties a user to a community; no community means town-wide (civil affairs, officials)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("community"),
        help_text=_("Leave empty for town-wide users."),
    )
    title = models.CharField(_("job title"), max_length=50, blank=True)
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        where = self.community.name if self.community_id else _("whole town")
        return f"{person_name(self.user)} · {where}"


# Exports too long to write while the user waits: a background job per request.
EXPORTS_FOLDER = "exports"


def export_file_path(instance, filename: str) -> str:
    """A random name: nothing about the list or its requester can be guessed from the path."""
    return random_file_name(EXPORTS_FOLDER, filename)


class ExportJobQuerySet(models.QuerySet):
    """An export belongs to the user who asked for it: nobody else sees it, not even an
    official of the whole town (the rows were chosen with the requester's scope and filter)."""

    def visible_to(self, user) -> "ExportJobQuerySet":
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)

    def get_for_user(self, user, **lookup):
        try:
            return self.visible_to(user).get(**lookup)
        except self.model.DoesNotExist:
            raise Http404("No export matches the given query.") from None

    def running(self) -> "ExportJobQuerySet":
        return self.filter(status=ExportJob.Status.RUNNING)

    def stuck(self, cutoff) -> "ExportJobQuerySet":
        """Jobs waiting since before ``cutoff``, or writing with no progress since then: the
        worker that had them is gone."""
        waiting = Q(status=ExportJob.Status.PENDING, created_at__lt=cutoff)
        silent = Q(status=ExportJob.Status.RUNNING) & (
            Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)
        )
        return self.filter(waiting | silent)

    def expired(self, cutoff) -> "ExportJobQuerySet":
        """Finished jobs whose file was written before ``cutoff`` and is still stored."""
        return self.filter(status=ExportJob.Status.DONE, finished_at__lt=cutoff).exclude(file="")


class ExportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("File removed")

    class Failure(models.TextChoices):
        ERROR = "error", _("Error while writing")
        STUCK = "stuck", _("No progress (worker stopped)")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    title = models.CharField(_("list"), max_length=200)
    url_name = models.CharField(_("page"), max_length=200)
    path = models.CharField(_("path"), max_length=500)
    query = models.TextField(_("query string"), blank=True)
    # The community a town-wide user had narrowed the lists to when asking (the session's
    # choice): the job applies it again. Not a foreign key: deleting a community must not widen
    # a pending export to the whole town.
    community_filter = models.PositiveIntegerField(_("community filter"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Why a failed job failed, for the message its requester reads; ``error`` holds the details.
    failure = models.CharField(_("failure"), max_length=8, choices=Failure.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The last sign of life of the worker writing it (claim, then every few thousand rows): a
    # job silent for EXPORT_JOB_STUCK_MINUTES is marked failed by the periodic sweep.
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When its file was deleted, EXPORT_JOB_KEEP_DAYS after it was written.
    expired_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_recent")]

    def __str__(self) -> str:
        return (
            f"{self.title} ({date_format(timezone.localtime(self.created_at), 'DATETIME_FORMAT')})"
            if self.created_at
            else self.title
        )

    def get_absolute_url(self) -> str:
        return reverse("communities:exportjob_download", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.rows_written * 100 // self.total) if self.total else 0

    def download_name(self) -> str:
        return download_name(self.file_name or self.title, self.file.name)

    def list_url(self) -> str:
        """The list it exported, with the same filters (not the export itself): where its
        requester starts the export again."""
        query = QueryDict(self.query, mutable=True)
        query.pop("export", None)
        path = get_script_prefix() + self.path.lstrip("/")
        return f"{path}?{query.urlencode()}" if query else path

    @property
    def stuck_minutes(self) -> int:
        return settings.EXPORT_JOB_STUCK_MINUTES

    @property
    def keep_days(self) -> int:
        return settings.EXPORT_JOB_KEEP_DAYS
