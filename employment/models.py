"""Employment services: enterprises and vacancies, job seekers, fairs and check-in, placements,
training classes, contests, labor transfer and resident pension contributions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

from burqin.text import NormalizedCharField
from communities.models import Community, Resident
from communities.scope import ScopedQuerySet, TownWideQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def validate_credit_code(value: str) -> None:
    """统一社会信用代码: 18 characters with a check character (``stdnum.cn.uscc``)."""
    try:
        uscc.validate(value)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("The credit code has 18 characters.")) from None
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("The credit code's check character is wrong.")) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid unified social credit code.")) from None


class Enterprise(models.Model):
    class Size(models.TextChoices):
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    name = NormalizedCharField(_("name"), max_length=100, unique=True)
    credit_code = NormalizedCharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, default=Size.SMALL)
    industry = models.CharField(_("industry"), max_length=50)
    contact = NormalizedCharField(_("contact person"), max_length=50, blank=True)
    phone = NormalizedCharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employment:enterprise_detail", args=[self.pk])


def tags(text: str) -> set[str]:
    """'电焊, 驾驶、烹饪' → {'电焊', '驾驶', '烹饪'}."""
    for separator in "、，,;；":
        text = text.replace(separator, " ")
    return {word.strip() for word in text.split() if word.strip()}


class Vacancy(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("enterprise")
    )
    title = models.CharField(_("title"), max_length=60)
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    wage_min = models.DecimalField(_("wage from (yuan/month)"), default=Decimal("0"), **MONEY)
    wage_max = models.DecimalField(_("wage to (yuan/month)"), default=Decimal("0"), **MONEY)
    requirements = models.TextField(_("requirements"), blank=True)
    skills = models.CharField(
        _("skills wanted"), max_length=200, blank=True, help_text=_("Separated by spaces or 、")
    )
    is_open = models.BooleanField(_("open"), default=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["enterprise__name", "title"]
        # Matching reads the open vacancies only (employment/selectors.py).
        indexes = [
            models.Index(fields=["enterprise"], condition=Q(is_open=True), name="vacancy_open")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_max__gte=models.F("wage_min")) | Q(wage_max=0),
                name="vacancy_wage_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("employment:vacancy_detail", args=[self.pk])


class JobSeeker(models.Model):
    class Status(models.TextChoices):
        UNEMPLOYED = "unemployed", _("Unemployed")
        FORTY_FIFTY = "4050", _('"4050" unemployed')
        GRADUATE = "graduate", _("Graduate")
        SURPLUS_RURAL = "surplus_rural", _("Surplus rural labor")
        DISABLED = "disabled", pgettext_lazy("disability", "Disabled")
        EMPLOYED = "employed", _("Employed")

    class Education(models.TextChoices):
        PRIMARY = "primary", _("Primary school")
        JUNIOR = "junior", _("Junior high school")
        SENIOR = "senior", _("Senior high / vocational")
        COLLEGE = "college", _("College")
        BACHELOR = "bachelor", _("Bachelor or above")

    resident = models.OneToOneField(
        Resident, on_delete=models.PROTECT, related_name="job_seeker", verbose_name=_("resident")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="job_seekers", verbose_name=_("community")
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.UNEMPLOYED
    )
    education = models.CharField(
        _("education"), max_length=10, choices=Education.choices, default=Education.JUNIOR
    )
    skills = models.CharField(
        _("skills"), max_length=200, blank=True, help_text=_("Separated by spaces or 、")
    )
    wish_sector = models.CharField(_("wished sector"), max_length=50, blank=True)
    wish_wage = models.DecimalField(_("wished wage (yuan/month)"), default=Decimal("0"), **MONEY)
    wish_area = models.CharField(_("wished area"), max_length=50, blank=True)
    registered_on = models.DateField(_("registered on"))

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["community__order", "resident__name_pinyin"]
        indexes = [
            models.Index(fields=["community", "status"], name="seeker_comm_status"),
            # Matching reads a community's seekers who are not employed (employment/selectors.py).
            models.Index(
                fields=["community", "id"],
                condition=~Q(status="employed"),
                name="seeker_available",
            ),
        ]

    def __str__(self) -> str:
        return self.resident.name

    def get_absolute_url(self) -> str:
        return reverse("employment:jobseeker_detail", args=[self.pk])


class JobFair(models.Model):
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    organiser = models.CharField(_("organiser"), max_length=100)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="fairs", verbose_name=_("participating enterprises")
    )

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[enterprises])

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.theme or self.place}"

    def get_absolute_url(self) -> str:
        return reverse("employment:jobfair_detail", args=[self.pk])


class FairAttendance(models.Model):
    fair = models.ForeignKey(
        JobFair, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("job fair")
    )
    seeker = models.ForeignKey(
        JobSeeker,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("job seeker"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    info_given = models.BooleanField(_("job information given"), default=True)
    referrals = models.ManyToManyField(
        Vacancy, blank=True, related_name="referrals", verbose_name=_("referred to")
    )

    scope_path = "seeker__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[referrals])

    class Meta:
        verbose_name = _("fair attendance")
        verbose_name_plural = _("fair attendances")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "seeker"], name="attendance_once_per_fair")
        ]

    def __str__(self) -> str:
        return f"{self.fair} · {self.seeker}"


class Placement(models.Model):
    class Contract(models.TextChoices):
        FIXED = "fixed", _("Fixed term")
        OPEN = "open", _("Open-ended")
        PART_TIME = "part_time", _("Part-time")
        INFORMAL = "informal", _("Informal / flexible")

    seeker = models.ForeignKey(
        JobSeeker, on_delete=models.PROTECT, related_name="placements", verbose_name=_("job seeker")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("enterprise"),
    )
    vacancy = models.ForeignKey(
        Vacancy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("vacancy"),
    )
    start_date = models.DateField(_("start date"))
    wage = models.DecimalField(_("wage (yuan/month)"), **MONEY)
    contract = models.CharField(
        _("contract"), max_length=10, choices=Contract.choices, default=Contract.FIXED
    )
    follow_up_due = models.DateField(_("follow-up due"))
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)

    scope_path = "seeker__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["start_date"], name="placement_start"),
            models.Index(fields=["follow_up_due", "followed_up_on"], name="placement_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.enterprise}"


class TrainingClass(models.Model):
    subject = models.CharField(_("subject"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    cost_source = models.CharField(_("cost source"), max_length=100, blank=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("employment:trainingclass_detail", args=[self.pk])


class Trainee(models.Model):
    class Outcome(models.TextChoices):
        UNKNOWN = "", _("Not yet known")
        EMPLOYED = "employed", _("Employed")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        NONE = "none", _("Not employed")

    training = models.ForeignKey(
        TrainingClass,
        on_delete=models.CASCADE,
        related_name="trainees",
        verbose_name=_("training class"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("trainee")
    )
    attended_hours = models.PositiveSmallIntegerField(_("hours attended"), default=0)
    completed = models.BooleanField(pgettext_lazy("training", "completed"), default=False)
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    outcome = models.CharField(
        _("outcome after six months"),
        max_length=14,
        blank=True,
        choices=Outcome.choices,
        default=Outcome.UNKNOWN,
    )

    scope_path = "resident__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.UniqueConstraint(fields=["training", "resident"], name="trainee_once_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.training} · {self.resident}"


class Contest(models.Model):
    name = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("date"))
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employment:contest_detail", args=[self.pk])


class ContestEntry(models.Model):
    class Prize(models.TextChoices):
        NONE = "", _("No prize")
        FIRST = "first", _("First prize")
        SECOND = "second", _("Second prize")
        THIRD = "third", _("Third prize")

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="entries", verbose_name=_("contest")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("entrant")
    )
    project = models.CharField(_("project"), max_length=100)
    finalist = models.BooleanField(_("finalist"), default=False)
    prize = models.CharField(
        _("prize"), max_length=6, blank=True, choices=Prize.choices, default=Prize.NONE
    )

    scope_path = "resident__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        constraints = [
            models.UniqueConstraint(fields=["contest", "resident"], name="entry_once"),
            models.CheckConstraint(
                condition=Q(prize="") | Q(finalist=True), name="entry_prize_needs_final"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.resident}"


class LaborTransfer(models.Model):
    """A surplus rural worker transferred to work elsewhere (劳动力转移)."""

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("worker")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    destination = models.CharField(_("destination"), max_length=100)
    sector = models.CharField(_("sector"), max_length=50)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("until"), null=True, blank=True)
    monthly_income = models.DecimalField(_("monthly income (yuan)"), default=Decimal("0"), **MONEY)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labor transfer")
        verbose_name_plural = _("labor transfers")
        ordering = ["-from_date"]
        indexes = [models.Index(fields=["community", "from_date"], name="transfer_comm_from")]

    def __str__(self) -> str:
        return f"{self.resident} → {self.destination}"


class PensionContribution(models.Model):
    """A resident's yearly contribution to the urban-rural resident pension (城乡居民养老保险)."""

    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        related_name="pension_contributions",
        verbose_name=_("resident"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.PositiveSmallIntegerField(_("grade (yuan per year)"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(
        _("collected on"), help_text=_("The day the contribution was collected (收取日期).")
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pension contribution")
        verbose_name_plural = _("pension contributions")
        ordering = ["-year", "community__order"]
        indexes = [
            models.Index(fields=["community", "year"], name="pension_comm_year"),
            models.Index(fields=["community", "paid_on"], name="pension_comm_paid"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["resident", "year"], name="pension_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.year}: {self.amount}"


class SurplusLabour(models.Model):
    """A village's surplus rural labour force (农村富余劳动力) in a year: the report writes
    全部转移就业 when all of it was transferred."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    workers = models.PositiveIntegerField(_("surplus workers"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surplus rural labour")
        verbose_name_plural = _("surplus rural labour")
        ordering = ["-year", "community__order"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="surplus_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}: {self.workers}"


# The e-commerce survey lives in its own module; imported here so that Django finds it.
from .ecommerce.models import EcommerceRecord, EcommerceSurvey  # noqa: E402, F401
