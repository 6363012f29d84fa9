"""The e-commerce survey (电子商务情况摸排统计): one survey round a year, held by the town; in it,
one record per resident running an online business (or per household, for a family business)
with its kind, platform, monthly turnover band and the jobs it created. A round can name the
微商 entrepreneurship contest held with it (``employment.Contest``): its page lists the
contestants beside the survey.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from communities.models import Community, Household, Resident
from communities.scope import ScopedQuerySet, TownWideQuerySet

from ..models import Contest


class EcommerceSurvey(models.Model):
    """A survey round: the town's, open to every community's staff (their rows are scoped)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=100)
    started_on = models.DateField(pgettext_lazy("survey", "started on"))
    surveyed_on = models.DateField(
        _("as of"),
        help_text=_("The day the figures stand at; the report of its period tells them."),
    )
    contest = models.ForeignKey(
        Contest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ecommerce_surveys",
        verbose_name=_("WeChat-business entrepreneurship contest"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = TownWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-commerce survey")
        verbose_name_plural = _("e-commerce surveys")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(surveyed_on__gte=models.F("started_on")),
                name="ecommerce_survey_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("employment:ecommercesurvey_detail", args=[self.pk])


class EcommerceRecord(models.Model):
    """One online business found by the survey."""

    class Kind(models.TextChoices):
        WECHAT = "wechat", _("WeChat business")
        SHOP = "shop", _("Online shop")
        LIVE = "live", _("Live streaming")
        PARCELS = "parcels", _("Parcel agent")

    class Turnover(models.TextChoices):
        UNDER_1K = "under_1k", _("Under 1,000 yuan")
        FROM_1K = "1k_5k", _("1,000–5,000 yuan")
        FROM_5K = "5k_10k", _("5,000–10,000 yuan")
        FROM_10K = "10k_50k", _("10,000–50,000 yuan")
        OVER_50K = "over_50k", _("Over 50,000 yuan")

    survey = models.ForeignKey(
        EcommerceSurvey, on_delete=models.PROTECT, related_name="records", verbose_name=_("survey")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household business"),
        help_text=_("Set when the business is the household's, not one person's."),
    )
    kind = models.CharField(_("kind of business"), max_length=8, choices=Kind.choices)
    platform = models.CharField(_("platform"), max_length=50)
    turnover = models.CharField(_("monthly turnover"), max_length=8, choices=Turnover.choices)
    jobs_created = models.PositiveSmallIntegerField(_("jobs created"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-commerce survey record")
        verbose_name_plural = _("e-commerce survey records")
        ordering = ["community__order", "community_id", "pk"]
        indexes = [models.Index(fields=["survey", "community"], name="ecommerce_survey_comm")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "resident", "kind"], name="ecommerce_record_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("employment:ecommercerecord_edit", args=[self.pk])
