"""Welfare: the program catalogue, enrollments with their review chain, and disbursements."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from string import Formatter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from burqin.files import download_name, random_file_name
from burqin.text import NormalizedCharField
from communities.models import Community, Household, Resident
from communities.scope import ScopedQuerySet, TownWideQuerySet


class BatchLocked(Exception):
    """Raised on any attempt to change a locked (or paid) disbursement batch or its entries."""


class Program(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    class Unit(models.TextChoices):
        YUAN = "yuan", _("yuan")
        TONNE = "tonne", _("tonnes")
        BAG = "bag", _("bags")
        ITEM = "item", _("items")

    class BeneficiaryUnit(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        PERSON = "person", _("Person")

    class Area(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")
        ALL = "all", _("Urban and rural")

    class CountingRule(models.TextChoices):
        """统计口径: how the report counts a program's beneficiaries."""

        HOUSEHOLDS = "households", _("Distinct households")
        HOUSEHOLD_PAYMENTS = "household_payments", _("Payments counted as households (户次)")
        PERSONS = "persons", _("Distinct persons")
        PERSON_TIMES = "person_times", _("Person-times (the sum of persons covered)")
        PERSON_PAYMENTS = "person_payments", _("Payments counted as persons (人次)")

    class MoneyStyle(models.TextChoices):
        WAN = "wan", _("10,000 yuan and more in 万元")
        YUAN = "yuan", _("Always in 元")

    class Computation(models.TextChoices):
        FIXED = "fixed", _("The standard per beneficiary")
        PER_PERSON = "per_person", _("The standard × persons covered")
        MEANS_TESTED = "means_tested", _("(Standard − per-capita income) × persons covered")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CASH)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.YUAN)
    beneficiary_unit = models.CharField(
        _("beneficiary unit"), max_length=10, choices=BeneficiaryUnit.choices
    )
    area = models.CharField(_("area"), max_length=8, choices=Area.choices, default=Area.ALL)
    computation = models.CharField(
        _("amount computation"),
        max_length=14,
        choices=Computation.choices,
        default=Computation.FIXED,
    )
    counts_person_times = models.BooleanField(
        _("reported in person-times"),
        default=False,
        help_text=_("Reports count this program in 人次 (e.g. 提标资金)."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    counting_rule = models.CharField(
        _("counting rule"),
        max_length=20,
        choices=CountingRule.choices,
        blank=True,
        help_text=_("How reports count this program's beneficiaries (统计口径)."),
    )
    count_word = models.CharField(
        _("word after the count"),
        max_length=8,
        blank=True,
        help_text=_("户, 人, 名 or 人次: the word the report writes after the number."),
    )
    phrase = models.CharField(
        _("report phrase"),
        max_length=120,
        blank=True,
        help_text=_(
            "How the report tells this program, e.g. 为{count}孤儿发放生活补助及补贴共{amount}. "
            "Placeholders: {count} (the number and its word), {amount}, {quantity}."
        ),
    )
    community_phrase = models.CharField(
        _("report phrase for goods to communities"),
        max_length=120,
        blank=True,
        help_text=_(
            "For goods given to a community rather than a household, e.g. "
            "为{communities}配备残疾人康复器材. Placeholders: {communities}, {amount}, {quantity}."
        ),
    )
    money_style = models.CharField(
        _("money in the report"),
        max_length=4,
        choices=MoneyStyle.choices,
        default=MoneyStyle.WAN,
    )
    sentence = models.PositiveSmallIntegerField(
        _("report sentence"),
        default=1,
        help_text=_(
            "Programs with the same number are told in one sentence, sentences in this order "
            "(1 urban, 2 rural, 3 goods, …)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("welfare program")
        verbose_name_plural = _("welfare programs")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_in_kind(self) -> bool:
        return self.kind == self.Kind.IN_KIND

    PHRASE_FIELDS = {
        "phrase": {"count", "amount", "quantity"},
        "community_phrase": {"communities", "amount", "quantity"},
    }

    def clean(self):
        errors = {}
        for field, allowed in self.PHRASE_FIELDS.items():
            try:
                names = {name for _t, name, _s, _c in Formatter().parse(getattr(self, field))}
            except ValueError:
                errors[field] = _("A brace { or } is not closed.")
                continue
            unknown = sorted(n for n in names - allowed if n is not None)
            if unknown:
                errors[field] = _("Unknown placeholder %(names)s; allowed: %(allowed)s.") % {
                    "names": "、".join(f"{{{name}}}" for name in unknown),
                    "allowed": "、".join(f"{{{name}}}" for name in sorted(allowed)),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def per_household(self) -> bool:
        return self.beneficiary_unit == self.BeneficiaryUnit.HOUSEHOLD

    def standard_on(self, day: datetime.date) -> "Standard | None":
        """The standard in force on ``day`` (the latest that took effect on or before it)."""
        return self.standards.filter(effective_from__lte=day).order_by("-effective_from").first()


class Standard(models.Model):
    """A program's standard from a date on: money per person or beneficiary, or a quantity."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="standards", verbose_name=_("program")
    )
    effective_from = models.DateField(_("effective from"))
    amount = models.DecimalField(
        _("amount (yuan per month)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    quantity = models.DecimalField(
        _("quantity per beneficiary"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["program", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "effective_from"], name="standard_unique_date"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="standard_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.effective_from:%Y-%m-%d}: {self.amount}"


def round_yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


class EnrollmentQuerySet(ScopedQuerySet):
    def active_in(self, period_start: datetime.date, period_end: datetime.date):
        """Enrollments in force during some part of [period_start, period_end)."""
        return self.filter(status=Enrollment.Status.ACTIVE, started_on__lt=period_end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=period_start)
        )

    def due_for_review(self, by: datetime.date):
        return self.filter(
            status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.SUSPENDED],
            review_due_on__lte=by,
        )


class Enrollment(models.Model):
    """A household or person enrolled (保障对象) in a program, and where its review stands."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        RETURNED = "returned", _("Returned for correction")
        COMMUNITY_REVIEWED = "community_reviewed", _("Passed community review")
        PUBLICIZED = "publicized", _("Public notice")
        TOWN_REVIEWED = "town_reviewed", _("Passed town review")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")
        REJECTED = "rejected", _("Rejected")

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("program")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("community"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("household"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("beneficiary"),
        help_text=_("The person for person programs; the head for household programs."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    persons_covered = models.PositiveSmallIntegerField(
        _("persons covered"), default=1, validators=[MinValueValidator(1)]
    )
    monthly_income_per_capita = models.DecimalField(
        _("household monthly income per capita (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    reason = models.TextField(_("reason for applying"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = NormalizedCharField(
        _("bank account (惠民一卡通)"),
        max_length=40,
        blank=True,
        help_text=_("The account payments are made to."),
    )
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    objections = models.TextField(_("objections received"), blank=True)
    county_approved_on = models.DateField(_("county approval date"), null=True, blank=True)
    county_document_no = models.CharField(_("county document number"), max_length=60, blank=True)
    started_on = models.DateField(_("payments start"), null=True, blank=True)
    ended_on = models.DateField(_("payments end"), null=True, blank=True)
    review_due_on = models.DateField(_("annual review due"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EnrollmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["program", "status"], name="enrollment_program_status"),
            models.Index(fields=["community", "status"], name="enrollment_comm_status"),
            models.Index(fields=["status", "review_due_on"], name="enrollment_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_income_per_capita__gte=0), name="enrollment_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} · {self.resident.name}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:enrollment_detail", args=[self.pk])

    def computation(self, on: datetime.date) -> dict:
        """The monthly amount (and quantity) for the month of ``on``, with how it was reached."""
        return compute_payment(
            self.program,
            self.program.standard_on(on),
            self.persons_covered,
            self.monthly_income_per_capita,
        )


def compute_payment(program, standard, persons: int, income: Decimal) -> dict:
    """Amount, quantity and the formula shown to staff, for one month under ``standard``.

    低保 (means-tested): (standard − household per-capita monthly income) × persons covered,
    never below zero, rounded to the yuan (half up).
    """
    if standard is None:
        return {
            "amount": Decimal("0"),
            "quantity": None,
            "standard": None,
            "formula": str(_("No standard in force.")),
        }
    quantity = standard.quantity if program.is_in_kind else None
    rule = program.computation
    if rule == Program.Computation.MEANS_TESTED:
        gap = max(standard.amount - income, Decimal("0"))
        amount = round_yuan(gap * persons)
        formula = _("(%(standard)s − %(income)s) × %(persons)s persons = %(amount)s yuan") % {
            "standard": standard.amount,
            "income": income,
            "persons": persons,
            "amount": amount,
        }
    elif rule == Program.Computation.PER_PERSON:
        amount = standard.amount * persons
        formula = _("%(standard)s × %(persons)s persons = %(amount)s yuan") % {
            "standard": standard.amount,
            "persons": persons,
            "amount": amount,
        }
    else:
        amount = standard.amount
        formula = _("Standard: %(amount)s yuan") % {"amount": amount}
    return {"amount": amount, "quantity": quantity, "standard": standard, "formula": formula}


class ReviewStep(models.Model):
    """One step of an enrollment's timeline: who did what, when, and their opinion."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("Application registered")
        RESUBMITTED = "resubmitted", _("Corrected and resubmitted")
        COMMUNITY_APPROVED = "community_approved", _("Community review passed")
        NOTICE_STARTED = "notice_started", _("Public notice started")
        OBJECTION = "objection", _("Objection recorded")
        TOWN_APPROVED = "town_approved", _("Town review passed")
        COUNTY_APPROVED = "county_approved", _("County approval recorded")
        RETURNED = "returned", _("Returned for correction")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")
        RESUMED = "resumed", _("Resumed")
        TERMINATED = "terminated", _("Terminated")
        ANNUAL_REVIEW = "annual_review", _("Annual review passed")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="steps", verbose_name=_("enrollment")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    opinion = models.TextField(_("opinion"), blank=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d}"


def attachment_path(instance, filename: str) -> str:
    """A random name: neither the enrollment nor the uploaded file's name can be read from it."""
    return random_file_name("welfare", filename)


class Attachment(models.Model):
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("enrollment"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    title = models.CharField(_("title"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("welfare:attachment_download", args=[self.pk])

    @property
    def download_name(self) -> str:
        return download_name(self.title, self.file.name)


class DisbursementBatch(models.Model):
    """A program's payments (or distributions) for one month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        LOCKED = "locked", _("Locked")
        PAID = "paid", _("Paid")

    FROZEN = (Status.LOCKED, Status.PAID)

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="batches", verbose_name=_("program")
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    generated_at = models.DateTimeField(_("last generated at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement batch")
        verbose_name_plural = _("disbursement batches")
        ordering = ["-period", "program__order"]
        permissions = [("lock_disbursementbatch", _("Can lock and mark paid batches"))]
        constraints = [
            models.UniqueConstraint(fields=["program", "period"], name="batch_unique_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="batch_period_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                DisbursementBatch.objects.filter(pk=self.pk)
                .values("status", "program_id", "period", "note")
                .first()
            )
            if stored and stored["status"] in self.FROZEN:
                # Only the move from locked to paid (with its date) may follow a lock.
                allowed = (
                    stored["status"] == self.Status.LOCKED
                    and self.status == self.Status.PAID
                    and stored["program_id"] == self.program_id
                    and stored["period"] == self.period
                )
                if not allowed:
                    raise BatchLocked(_("This batch is locked and cannot be changed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("welfare:batch_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise BatchLocked(_("This batch is locked and cannot be changed."))
        return super().delete(*args, **kwargs)


class DisbursementQuerySet(ScopedQuerySet):
    def _refuse_if_frozen(self):
        if self.filter(batch__status__in=DisbursementBatch.FROZEN).exists():
            raise BatchLocked(_("This batch is locked and cannot be changed."))

    def update(self, **kwargs):
        self._refuse_if_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()


class Disbursement(models.Model):
    """One payment or distribution to a beneficiary in a month, or a correction of one."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("Generated from enrollment")
        IMPORTED = "imported", _("Imported")
        CORRECTION = "correction", _("Correction")

    batch = models.ForeignKey(
        DisbursementBatch,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name=_("batch"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("program")
    )
    period = models.DateField(_("month"))
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("household"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("beneficiary"),
        help_text=_("Empty when goods go to the community itself (为社区配备), not to a household"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("enrollment"),
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    signed = models.BooleanField(_("signed for"), default=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.GENERATED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DisbursementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["community__order", "community_id", "resident__name_pinyin", "pk"]
        indexes = [
            models.Index(fields=["program", "period"], name="disb_program_period"),
            # A month's payments of every community (dashboard, reports): the period leads.
            models.Index(fields=["period", "community"], name="disb_period_comm"),
            models.Index(fields=["community", "period"], name="disb_comm_period"),
            models.Index(fields=["batch", "community"], name="disb_batch_comm"),
            models.Index(fields=["household", "period"], name="disb_household_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period", "resident"],
                condition=Q(corrects__isnull=True),
                name="disbursement_once_per_month",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(corrects__isnull=False),
                name="disbursement_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0) | Q(corrects__isnull=False),
                name="disbursement_quantity_not_negative",
            ),
            # Goods to a community (no resident) are goods: a quantity, no household.
            models.CheckConstraint(
                condition=Q(resident__isnull=False)
                | Q(household__isnull=True, quantity__isnull=False),
                name="disbursement_to_community_is_goods",
            ),
            models.UniqueConstraint(
                fields=["program", "period", "community"],
                condition=Q(corrects__isnull=True, resident__isnull=True),
                name="disbursement_to_community_once_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.period:%Y-%m} · {self.recipient_name}: {self.amount}"

    def save(self, *args, **kwargs):
        batch_status = (
            DisbursementBatch.objects.filter(pk=self.batch_id)
            .values_list("status", flat=True)
            .first()
        )
        if batch_status in DisbursementBatch.FROZEN:
            raise BatchLocked(_("This batch is locked and cannot be changed."))
        if self.pk:
            old_batch = (
                Disbursement.objects.filter(pk=self.pk)
                .values_list("batch__status", flat=True)
                .first()
            )
            if old_batch in DisbursementBatch.FROZEN:
                raise BatchLocked(_("This batch is locked and cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.batch.is_frozen:
            raise BatchLocked(_("This batch is locked and cannot be changed."))
        return super().delete(*args, **kwargs)

    @property
    def to_community(self) -> bool:
        """Goods given to the community itself (为3个社区(村)配备康复器材), not to a household."""
        return self.resident_id is None

    @property
    def recipient_name(self) -> str:
        return self.community.name if self.to_community else self.resident.name
