"""Welfare: the program catalogue, enrollments with their review chain, and disbursements."""

import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal
from string import Formatter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from burqin.files import download_name, random_file_name
from burqin.people import person_name
from burqin.text import NormalizedCharField
from communities.models import Community, Household, Resident
from communities.scope import ScopedQuerySet, TownWideQuerySet


class BatchLocked(Exception):
    """Raised on any attempt to change a locked (or paid) disbursement batch or its entries."""


# Who did what and when, shared by the requests that are decided, paid or registered by hand
# (abstract: each model keeps its own columns; the fields come first in the model's field order).


class DecidedRecord(models.Model):
    """Who decided (approved or refused) the record, and when."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True


class PaidRecord(models.Model):
    """The day the record was paid, and who recorded the payment."""

    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by"),
    )

    class Meta:
        abstract = True


class RegisteredRecord(models.Model):
    """Who registered the record, and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        abstract = True


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
        WITH_CARE = "with_care", _("The standard plus the care amount of the person's care level")

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
    # The asset limits of the means test (welfare/means_test.py, docs/welfare.md).
    max_deposits_per_capita = models.DecimalField(
        _("deposits per household member at most (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Means test: a household whose deposits divided by its members exceed this is not "
            "eligible. Empty: no limit."
        ),
    )
    max_vehicles = models.PositiveSmallIntegerField(
        _("vehicles allowed per household"),
        null=True,
        blank=True,
        help_text=_(
            "Means test: a household owning more vehicles is not eligible. Empty: no limit."
        ),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice days"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("How many days (counting the first and the last) the public notice runs."),
    )
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
        return f"{self.program.name} {date_format(self.effective_from)}: {self.amount}"


def round_yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def round_fen(value: Decimal) -> Decimal:
    """To the fen (0.01 yuan), half up: how the means test states incomes."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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
        NOTICE_CLOSED = "notice_closed", _("Public notice closed")
        TOWN_REVIEWED = "town_reviewed", _("Passed town review")
        ACTIVE = "active", pgettext_lazy("enrollment status", "Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")
        REJECTED = "rejected", _("Rejected")

    class StopReason(models.TextChoices):
        """Why payments stopped (停发原因), shown in the monthly 增减 list."""

        DECEASED = "deceased", pgettext_lazy("stop reason", "Death")
        MOVED_OUT = "moved_out", pgettext_lazy("stop reason", "Moved out")
        INCOME_ABOVE = "income_above", pgettext_lazy("stop reason", "Income above the standard")
        REVIEW_FAILED = "review_failed", pgettext_lazy("stop reason", "Annual review failed")
        OTHER = "other", pgettext_lazy("stop reason", "Other")

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
    notice_late_reason = models.TextField(
        _("reason the public notice started in the past"), blank=True
    )
    objections = models.TextField(_("objections received"), blank=True)
    county_approved_on = models.DateField(_("county approval date"), null=True, blank=True)
    county_document_no = models.CharField(_("county document number"), max_length=60, blank=True)
    started_on = models.DateField(_("payments start"), null=True, blank=True)
    ended_on = models.DateField(_("payments end"), null=True, blank=True)
    review_due_on = models.DateField(_("annual review due"), null=True, blank=True)
    stop_reason = models.CharField(
        _("reason payments stopped"), max_length=16, choices=StopReason.choices, blank=True
    )
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
            # The list's order: a page of the newest without sorting every enrollment.
            models.Index(fields=["-applied_on", "-id"], name="enrollment_applied"),
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
        care = None
        if self.program.computation == Program.Computation.WITH_CARE:
            from .relief_services import care_amounts

            care = care_amounts(self.program, [self.pk], on).get(self.pk)
        return compute_payment(
            self.program,
            self.program.standard_on(on),
            self.persons_covered,
            self.monthly_income_per_capita,
            care=care,
        )


def compute_payment(
    program, standard, persons: int, income: Decimal, *, care: Decimal | None = None
) -> dict:
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
    elif rule == Program.Computation.WITH_CARE:
        # 特困供养: basic living (the standard) + the care amount of the person's care level.
        care = care or Decimal("0")
        amount = standard.amount + care
        formula = _("Basic living %(standard)s + care %(care)s = %(amount)s yuan") % {
            "standard": standard.amount,
            "care": care,
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
        ANNUAL_REVIEW_FAILED = "review_failed", _("Annual review failed")
        REOPENED = "reopened", _("Reopened on appeal")
        OBJECTION_HANDLED = "objection_handled", _("Objection handled")
        NOTICE_CLOSED = "notice_closed", _("Public notice closed")

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
    single_person = models.BooleanField(
        _("one-person office"),
        default=False,
        help_text=_("The same person took the previous step, as an administrator allowed."),
    )

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {date_format(localtime(self.at))}"

    @property
    def actor_name(self) -> str:
        return display_name(self.actor)


def display_name(user) -> str:
    """A person as the records print them (burqin.people.person_name)."""
    return person_name(user)


class Objection(models.Model):
    """An objection (异议) received during the public notice, and how it was handled."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Not upheld")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="objection_records",
        verbose_name=_("enrollment"),
    )
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    handling = models.TextField(_("handling"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return self.enrollment.get_absolute_url()

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None


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
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", pgettext_lazy("payment", "Paid")

    FROZEN = (Status.LOCKED, Status.PARTLY_PAID, Status.PAID)

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="batches", verbose_name=_("program")
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    generated_at = models.DateTimeField(_("last generated at"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last generated by"),
    )
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
    locked_single_person = models.BooleanField(
        _("locked by its generator (one-person office)"), default=False
    )
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
        return f"{self.program.name} {date_format(self.period, 'YEAR_MONTH_FORMAT')}"

    def save(self, *args, **kwargs):
        if self.pk:
            # After a lock only the payment state (locked, partly paid, paid, with its date) may
            # move, as the bank's returns are reconciled; nothing else of the batch.
            fields = [f.attname for f in self._meta.concrete_fields]
            stored = DisbursementBatch.objects.filter(pk=self.pk).values(*fields).first()
            if stored and stored["status"] in self.FROZEN:
                allowed = self.status in self.FROZEN and all(
                    stored[name] == getattr(self, name)
                    for name in fields
                    if name not in ("status", "paid_on")
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


def new_payment_reference() -> str:
    """A payment's reference (参考号) for the bank: 10 characters, no 0/O or 1/I to misread."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(10))


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

# What may still change on an entry of a locked batch: the outcome of its payment (the bank's
# return, a re-issue, a cash payment), never what was decided to be paid.
PAYMENT_FIELDS = frozenset(
    {
        "payment_status",
        "failure_reason",
        "settled_on",
        "reconciled_by",
        "reconciled_by_id",
        "reconciled_at",
        "cash_signed",
        "payment_note",
    }
)


class DisbursementQuerySet(ScopedQuerySet):
    def _refuse_if_frozen(self):
        if self.filter(batch__status__in=DisbursementBatch.FROZEN).exists():
            raise BatchLocked(_("This batch is locked and cannot be changed."))

    def update(self, **kwargs):
        if not set(kwargs) <= PAYMENT_FIELDS:
            self._refuse_if_frozen()
        return super().update(**kwargs)

    def bank_payments(self):
        """Entries the bank pays: money (not in kind), more than zero."""
        return self.filter(program__kind=Program.Kind.CASH, amount__gt=0)

    def with_payee_account(self):
        """Each entry annotated with the account it is paid to (``payee_bank_account``,
        ``payee_bank_name``), in the same query: the account of its enrollment; for an entry
        without one (the 高龄津贴, paid from a computed list; history imported without an
        enrollment) or whose enrollment has no account, the account on the beneficiary's latest
        enrollment that has one — a resident's 惠民一卡通 is one card for every subsidy."""
        own = Q(enrollment__isnull=False) & ~Q(enrollment__bank_account="")
        latest = (
            Enrollment.objects.filter(resident=models.OuterRef("resident"))
            .exclude(bank_account="")
            .order_by("-applied_on", "-pk")
        )
        return self.annotate(
            payee_bank_account=models.Case(
                models.When(own, then=models.F("enrollment__bank_account")),
                default=models.Subquery(latest.values("bank_account")[:1]),
                output_field=models.CharField(),
            ),
            payee_bank_name=models.Case(
                models.When(own, then=models.F("enrollment__bank_name")),
                default=models.Subquery(latest.values("bank_name")[:1]),
                output_field=models.CharField(),
            ),
        )

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()


class Disbursement(models.Model):
    """One payment or distribution to a beneficiary in a month, or a correction of one."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("Generated from enrollment")
        IMPORTED = "imported", _("Imported")
        CORRECTION = "correction", _("Correction")
        REISSUE = "reissue", _("Re-issue of a failed payment")

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", pgettext_lazy("payment", "Pending")
        PAID = "paid", _("Paid by the bank")
        FAILED = "failed", pgettext_lazy("payment", "Failed")
        REISSUED = "reissued", _("Re-issued")
        PAID_IN_CASH = "paid_in_cash", _("Paid in cash")

    # A payment in one of these states needs nothing more.
    SETTLED = (PaymentStatus.PAID, PaymentStatus.REISSUED, PaymentStatus.PAID_IN_CASH)

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
    # Bank reconciliation: the reference on the 代发清单 and what became of the payment.
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_payment_reference, editable=False
    )
    payment_status = models.CharField(
        _("payment status"),
        max_length=12,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    failure_reason = models.CharField(_("reason the payment failed"), max_length=200, blank=True)
    settled_on = models.DateField(_("payment settled on"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reconciled by"),
    )
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    reissue_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissues",
        verbose_name=_("re-issue of"),
    )
    cash_signed = models.BooleanField(_("recipient signed the cash receipt"), default=False)
    payment_note = models.CharField(_("payment note"), max_length=200, blank=True)

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
            models.Index(fields=["program", "payment_status"], name="disb_program_payment"),
            # The payment list's source filter: its latest month and that month's count.
            models.Index(fields=["source", "period", "community"], name="disb_source_period"),
            # The enrollment checks' households paid by two communities: a month's payments
            # grouped by household and program straight from the index, in its order.
            models.Index(
                fields=["period", "household", "program", "community"],
                condition=Q(household__isnull=False),
                name="disb_household_split",
            ),
        ]
        constraints = [
            # A correction or a re-issue is a further entry that points at the one it concerns.
            models.UniqueConstraint(
                fields=["program", "period", "resident"],
                condition=Q(corrects__isnull=True, reissue_of__isnull=True),
                name="disbursement_once_per_month",
            ),
            models.UniqueConstraint(
                fields=["reissue_of"],
                condition=Q(reissue_of__isnull=False),
                name="disbursement_reissued_once",
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
        month = date_format(self.period, "YEAR_MONTH_FORMAT")
        return f"{self.program.name} {month} · {self.recipient_name}: {self.amount}"

    def save(self, *args, **kwargs):
        batch_status = (
            DisbursementBatch.objects.filter(pk=self.batch_id)
            .values_list("status", flat=True)
            .first()
        )
        update_fields = kwargs.get("update_fields")
        if self.pk and update_fields is not None and set(update_fields) <= PAYMENT_FIELDS:
            # Only the payment's outcome: allowed on a locked batch, checked by the services.
            return super().save(*args, **kwargs)
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

    @property
    def is_bank_payment(self) -> bool:
        return not self.program.is_in_kind and self.amount > 0

    @property
    def is_settled(self) -> bool:
        return self.payment_status in self.SETTLED


class TownOffice(models.Model):
    """The town's civil-affairs office (镇民政办): one row, edited by administrators only."""

    name = models.CharField(_("name"), max_length=60, default="布尔津镇民政办")
    phone = models.CharField(_("supervision phone"), max_length=30, blank=True)
    single_person_office = models.BooleanField(
        _("one-person office"),
        default=False,
        help_text=_(
            "Allow the person who generated a month's batch to lock it (the four-eyes rule is "
            "lifted); the batch then says so."
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("town civil-affairs office")
        verbose_name_plural = _("town civil-affairs office")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "TownOffice":
        """The office's row, or the defaults (nothing allowed) until an administrator saves it."""
        return cls.objects.order_by("pk").first() or cls()


# Means test (家庭经济状况核对) and home visits (入户调查) -------------------------------------


class MemberIncome(models.Model):
    """One income of a household member, by kind, as checked for the means test."""

    class Kind(models.TextChoices):
        WAGES = "wages", _("Wages")
        PENSION = "pension", _("Pensions")
        FARMING = "farming", _("Farming and herding")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other income")

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("per month")
        YEARLY = "yearly", _("per year")

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="incomes",
        verbose_name=_("household member"),
    )
    kind = models.CharField(_("kind of income"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    period = models.CharField(
        _("per"), max_length=8, choices=Period.choices, default=Period.MONTHLY
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    scope_path = "resident__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member income")
        verbose_name_plural = _("household member incomes")
        ordering = ["resident_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="member_income_not_negative"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.resident.name} · {self.get_kind_display()} {self.amount} "
            f"{self.get_period_display()}"
        )

    @property
    def monthly_amount(self) -> Decimal:
        return monthly_amount(self.amount, self.period)


def monthly_amount(amount: Decimal, period: str) -> Decimal:
    """An income per month, to the fen: a yearly figure is divided by twelve (half up)."""
    if period == MemberIncome.Period.YEARLY:
        return round_fen(amount / 12)
    return round_fen(amount)


class MemberAsset(models.Model):
    """A vehicle, a dwelling or deposits of a household member, for the means test's limits."""

    class Kind(models.TextChoices):
        VEHICLE = "vehicle", _("Vehicle")
        HOUSING = "housing", _("Housing")
        DEPOSIT = "deposit", _("Deposits")

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="assets",
        verbose_name=_("household member"),
    )
    kind = models.CharField(_("kind of asset"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        _("value (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the plate number, the floor area, the bank."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    scope_path = "resident__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member asset")
        verbose_name_plural = _("household member assets")
        ordering = ["resident_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="member_asset_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_kind_display()} {self.value}"


class HomeVisit(models.Model):
    """入户调查: who visited the household of an application, when, and what they found."""

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="home_visits",
        verbose_name=_("enrollment"),
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(
        _("visitors"), max_length=200, help_text=_("At least two names, separated by “、”.")
    )
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{date_format(self.visited_on)} · {self.visitors}"


def home_visit_photo_path(instance, filename: str) -> str:
    return random_file_name("home_visits", filename)


class HomeVisitPhoto(models.Model):
    visit = models.ForeignKey(
        HomeVisit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("home visit")
    )
    file = models.FileField(_("photo"), upload_to=home_visit_photo_path)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path = "visit__enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home visit photo")
        verbose_name_plural = _("home visit photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.visit} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:homevisitphoto_download", args=[self.pk])

    @property
    def download_name(self) -> str:
        return download_name(self.caption or "入户照片", self.file.name)


class AmountChangeProposal(DecidedRecord):
    """调标: the means test of an approved enrollment now gives another amount; the
    civil-affairs officer confirms the new amount (it then applies) or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("proposal", "Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn (figures changed back)")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="amount_changes",
        verbose_name=_("enrollment"),
    )
    old_amount = models.DecimalField(_("current amount (yuan)"), max_digits=12, decimal_places=2)
    new_amount = models.DecimalField(_("proposed amount (yuan)"), max_digits=12, decimal_places=2)
    old_income_per_capita = models.DecimalField(
        _("current per-capita income (yuan)"), max_digits=10, decimal_places=2
    )
    new_income_per_capita = models.DecimalField(
        _("new per-capita income (yuan)"), max_digits=10, decimal_places=2
    )
    persons = models.PositiveSmallIntegerField(_("persons covered"), default=1)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amount change (调标)")
        verbose_name_plural = _("amount changes (调标)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="pending"),
                name="amount_change_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.old_amount} → {self.new_amount}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:enrollment_means_test", args=[self.enrollment_id])


# Monthly 增减 list, appeals (issue 16, part C) ----------------------------------------------


class ChangeListConfirmation(models.Model):
    """The civil-affairs officer's confirmation of a batch's 增减 list (what changed against the
    previous batch). It holds a digest of the batch's rows: once a row changes, the confirmation
    no longer matches and the batch cannot be locked until the list is confirmed again."""

    batch = models.ForeignKey(
        DisbursementBatch,
        on_delete=models.CASCADE,
        related_name="change_confirmations",
        verbose_name=_("batch"),
    )
    digest = models.CharField(_("digest of the batch rows"), max_length=64)
    added = models.PositiveIntegerField(_("added"), default=0)
    stopped = models.PositiveIntegerField(_("stopped"), default=0)
    adjusted = models.PositiveIntegerField(_("amount changed"), default=0)
    resumed = models.PositiveIntegerField(_("resumed"), default=0)
    opinion = models.TextField(_("opinion"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change list confirmation")
        verbose_name_plural = _("change list confirmations")
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        at = date_format(localtime(self.confirmed_at), "DATETIME_FORMAT")
        return f"{self.batch} · {at}"


class AppealQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=Appeal.Status.OPEN)

    def overdue(self, today: datetime.date):
        """Open appeals whose answer is past due."""
        return self.open().filter(answer_due__lt=today)


class Appeal(DecidedRecord, RegisteredRecord):
    """A household's request for review (复核申请) of a refusal, a stop or an amount change."""

    class Subject(models.TextChoices):
        REFUSAL = "refusal", _("Refusal")
        STOP = "stop", _("Payments stopped")
        AMOUNT = "amount", _("Amount changed")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the town's answer")
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("enrollment")
    )
    subject = models.CharField(_("appeal against"), max_length=10, choices=Subject.choices)
    decision_on = models.DateField(_("date of the decision appealed"))
    lodged_on = models.DateField(_("lodged on"))
    grounds = models.TextField(_("grounds"))
    answer_due = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    opinion = models.TextField(_("the town's opinion"), blank=True)

    scope_path = "enrollment__community"
    objects = AppealQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["answer_due", "pk"]
        indexes = [models.Index(fields=["status", "answer_due"], name="appeal_status_due")]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} · {self.enrollment}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:appeal_detail", args=[self.pk])

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.answer_due < today


# Allowances proposed from the registry (issue 17: 残疾人两项补贴, 高龄津贴) --------------------
# The rules and their writes live in welfare/allowances.py; docs/welfare.md tells them.


class AgeBandStandard(models.Model):
    """高龄津贴: the monthly amount of one age band from a date on. A resident who is at least
    ``min_age`` years old on the first day of a month is paid the amount of the highest band
    reached, for that month."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="age_bands", verbose_name=_("program")
    )
    effective_from = models.DateField(_("effective from"))
    min_age = models.PositiveSmallIntegerField(
        _("from age"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "The band starts at this age (e.g. 80, 90, 100) and ends where the next begins."
        ),
    )
    amount = models.DecimalField(
        _("amount (yuan per month)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("age band standard")
        verbose_name_plural = _("age band standards")
        ordering = ["program", "-effective_from", "min_age"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "effective_from", "min_age"], name="age_band_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="age_band_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return _("%(program)s from %(date)s, %(age)s and over: %(amount)s yuan") % {
            "program": self.program.name,
            "date": f"{self.effective_from:%Y-%m-%d}",
            "age": self.min_age,
            "amount": self.amount,
        }


class ElderlyListConfirmation(models.Model):
    """The civil-affairs officer's confirmation of a month's 高龄津贴 list (computed from birth
    dates). It keeps a digest of the list: the month's batch is generated from the list only
    while the list still matches what was confirmed."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("program")
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    residents = models.PositiveIntegerField(_("residents"), default=0)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    digest = models.CharField(_("digest of the list"), max_length=64)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("elderly allowance list confirmation")
        verbose_name_plural = _("elderly allowance list confirmations")
        ordering = ["-confirmed_at", "-pk"]
        indexes = [models.Index(fields=["program", "period"], name="elderly_confirm_month")]
        constraints = [
            models.CheckConstraint(condition=Q(period__day=1), name="elderly_confirm_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.period:%Y-%m} · {self.confirmed_at:%Y-%m-%d %H:%M}"


# 特困供养, housing aid, 临时救助 and the 应急救助基金 (issue 17): models of their own module.
from .relief_models import *  # noqa: E402, F403
