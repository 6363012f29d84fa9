"""特困供养 (extreme-poverty support), its housing aid, and 临时救助 (temporary relief) paid
from the 应急救助基金 (the town's emergency relief fund).

Imported at the end of ``welfare/models.py`` (the models belong to the welfare app).

- A 特困 person is an enrollment in the ``tekun`` program (computation ``with_care``): the
  monthly batch pays the program's standard (basic living) plus the care amount of the person's
  care level (``CareStandard``), both configurable by date like ``Standard``. ``TekunSupport``
  records how the person is supported (分散 / 集中) and cared for.
- ``HousingGrant``: a one-off housing aid to a 特困 family: proposed, approved, paid.
- ``ReliefCase``: one temporary-relief case; approved by the civil-affairs officer and, above
  ``settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE``, by a town official; paid from the fund.
- ``ReliefFund`` (one row) keeps the balance; ``FundIncome`` its income by source. A payment
  locks the fund row and never takes the balance below zero (also a database constraint).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from communities.models import Community, Household, Resident
from communities.scope import ScopedQuerySet

from .models import DecidedRecord, Enrollment, PaidRecord, RegisteredRecord

__all__ = [
    "CareLevel",
    "CareStandard",
    "FundIncome",
    "HousingGrant",
    "ReliefCase",
    "ReliefFund",
    "TekunSupport",
]

TEKUN = "tekun"
TEKUN_HOUSING = "tekun_housing"
EMERGENCY_AID = "emergency_aid"
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class CareLevel(models.TextChoices):
    """护理等级 of a 特困 person."""

    SELF_CARE = "self_care", _("Fully self-caring")
    PARTIAL = "partial", _("Partly dependent")
    FULL = "full", _("Fully dependent")


class CareStandard(models.Model):
    """The monthly care amount (护理费) of a care level from a date on."""

    care_level = models.CharField(_("care level"), max_length=10, choices=CareLevel.choices)
    effective_from = models.DateField(_("effective from"))
    amount = models.DecimalField(
        _("amount (yuan per month)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care standard")
        verbose_name_plural = _("care standards")
        ordering = ["care_level", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["care_level", "effective_from"], name="care_standard_unique_date"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="care_standard_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_care_level_display()} {self.effective_from:%Y-%m-%d}: {self.amount}"

    @classmethod
    def amounts_on(cls, day: datetime.date) -> dict[str, Decimal]:
        """``{care level: monthly amount}`` in force on ``day`` (one query)."""
        amounts = {}
        for row in cls.objects.filter(effective_from__lte=day).order_by("-effective_from"):
            amounts.setdefault(row.care_level, row.amount)
        return amounts


class TekunSupport(models.Model):
    """How a 特困 person is supported (供养方式) and cared for (护理等级, 照料人 or 供养机构)."""

    class Mode(models.TextChoices):
        DISPERSED = "dispersed", _("Dispersed support (at home)")
        CENTRALIZED = "centralized", _("Centralized support (in an institution)")

    enrollment = models.OneToOneField(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="tekun_support",
        verbose_name=_("enrollment"),
    )
    mode = models.CharField(_("support mode"), max_length=12, choices=Mode.choices)
    care_level = models.CharField(_("care level"), max_length=10, choices=CareLevel.choices)
    caregiver = models.CharField(
        _("caregiver"),
        max_length=60,
        blank=True,
        help_text=_("Dispersed support: the person entrusted with the daily care."),
    )
    caregiver_phone = models.CharField(_("caregiver phone"), max_length=30, blank=True)
    institution = models.CharField(
        _("care institution"),
        max_length=100,
        blank=True,
        help_text=_("Centralized support: the welfare home or care institution."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("recorded at"), auto_now=True)

    scope_path = "enrollment__community"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extreme-poverty support arrangement")
        verbose_name_plural = _("extreme-poverty support arrangements")
        ordering = ["enrollment__community__order", "enrollment__resident__name_pinyin", "pk"]

    def __str__(self) -> str:
        return f"{self.enrollment.resident.name} · {self.get_mode_display()}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:enrollment_tekun", args=[self.enrollment_id])


class HousingGrant(DecidedRecord, PaidRecord, RegisteredRecord):
    """A one-off housing aid (住房救助) to a 特困 family: proposed, approved, paid."""

    class Kind(models.TextChoices):
        REBUILD = "rebuild", _("Rebuilding a dilapidated house")
        REPAIR = "repair", _("Repair and reinforcement")
        RENT = "rent", _("Rent subsidy")
        OTHER = "other", pgettext_lazy("housing aid", "Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="housing_grants",
        verbose_name=_("extreme-poverty enrollment"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    kind = models.CharField(_("kind of housing aid"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    proposed_on = models.DateField(_("proposed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("housing aid grant")
        verbose_name_plural = _("housing aid grants")
        ordering = ["-proposed_on", "-pk"]
        indexes = [models.Index(fields=["status", "paid_on"], name="housinggrant_status_paid")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="housinggrant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.resident.name} · {self.get_kind_display()} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:housinggrant_detail", args=[self.pk])


class ReliefFund(models.Model):
    """应急救助基金: one row per fund, holding the balance a payment locks and lowers."""

    name = models.CharField(_("name"), max_length=60, default="应急救助基金")
    balance = models.DecimalField(
        _("balance (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )

    # The town's fund, not a community's: its pages are for town-wide readers only (the views
    # check it), so it has no community scope.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency relief fund")
        verbose_name_plural = _("emergency relief funds")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="relief_fund_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "ReliefFund":
        """The town's fund (created by the migration; made here if it was deleted)."""
        fund = cls.objects.order_by("pk").first()
        return fund or cls.objects.create()


class FundIncome(models.Model):
    """Money received into the fund, by source (县拨 / 镇补 / 居委会筹 / 社会捐)."""

    class Source(models.TextChoices):
        COUNTY = "county", _("County allocation")
        TOWN = "town", _("Town subsidy")
        COMMITTEE = "committee", _("Raised by residents' committees")
        DONATION = "donation", _("Social donations")

    fund = models.ForeignKey(
        ReliefFund, on_delete=models.PROTECT, related_name="incomes", verbose_name=_("fund")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    received_on = models.DateField(_("received on"))
    payer = models.CharField(_("paid in by"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund income")
        verbose_name_plural = _("fund incomes")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"], name="fundincome_received")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fundincome_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_on:%Y-%m-%d}: {self.amount}"


class ReliefCase(PaidRecord, RegisteredRecord):
    """One 临时救助 case: the emergency, the amount proposed and approved, the payment."""

    class Emergency(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        ACCIDENT = "accident", _("Accident")
        DISASTER = "disaster", _("Disaster")
        OTHER = "other", pgettext_lazy("emergency", "Other")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Awaiting the civil-affairs officer")
        AWAITING_TOWN = "awaiting_town", _("Awaiting a town official")
        APPROVED = "approved", _("Approved, to be paid")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    emergency = models.CharField(_("emergency"), max_length=10, choices=Emergency.choices)
    description = models.TextField(_("what happened"))
    applied_on = models.DateField(_("applied on"))
    amount_proposed = models.DecimalField(
        _("amount proposed (yuan)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    amount_approved = models.DecimalField(
        _("amount approved (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.APPLIED
    )
    officer_opinion = models.TextField(_("civil-affairs officer's opinion"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the civil-affairs officer"),
    )
    officer_at = models.DateTimeField(_("officer's decision at"), null=True, blank=True)
    town_opinion = models.TextField(_("town official's opinion"), blank=True)
    town_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the town official"),
    )
    town_at = models.DateTimeField(_("town official's decision at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("temporary relief case")
        verbose_name_plural = _("temporary relief cases")
        ordering = ["-applied_on", "-pk"]
        permissions = [
            ("town_approve_reliefcase", _("Approve temporary relief as a town official"))
        ]
        indexes = [
            models.Index(fields=["status", "paid_on"], name="reliefcase_status_paid"),
            models.Index(fields=["community", "applied_on"], name="reliefcase_comm_applied"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_proposed__gt=0), name="reliefcase_proposed_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True) | Q(amount_approved__gt=0),
                name="reliefcase_approved_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | Q(paid_on__isnull=False, amount_approved__isnull=False),
                name="reliefcase_paid_has_date_and_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_emergency_display()} · {self.applied_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:reliefcase_detail", args=[self.pk])

    @property
    def needs_town_approval(self) -> bool:
        amount = self.amount_approved or self.amount_proposed
        return amount > settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE
