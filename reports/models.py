"""Reports: one build of the summary of a period for the town or one community."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from burqin.files import download_name, random_file_name
from communities.models import Community
from communities.scope import ScopedQuerySet

TOWN = "town"


def report_file_path(instance, filename: str) -> str:
    """A random name: the period and scope of a report cannot be guessed into a file's path."""
    return random_file_name("reports", filename)


class ReportQuerySet(ScopedQuerySet):
    def latest_done(self):
        """The newest successful build of each (period, scope)."""
        newer = Report.objects.filter(
            period=models.OuterRef("period"),
            scope=models.OuterRef("scope"),
            status=Report.Status.DONE,
            pk__gt=models.OuterRef("pk"),
        )
        return self.filter(status=Report.Status.DONE).exclude(models.Exists(newer))

    def stale(self, cutoff):
        """Builds still waiting or running that were last claimed (or requested) before ``cutoff``:
        their worker is gone or stuck."""
        return self.filter(status__in=Report.ACTIVE).filter(
            Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff)
        )


class Report(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    class State(models.TextChoices):
        """Where a built report stands in its approval (``reports.services``: one function per
        transition). An approved report is locked: no rebuild or edit changes it."""

        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved (locked)")
        REOPENED = "reopened", _("Approved version, reopened")

    period = models.CharField(_("period"), max_length=7, help_text="2026-05, 2026-H1, 2026")
    scope = models.CharField(_("scope"), max_length=32, help_text=_("town, or a community code"))
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("community"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    data = models.JSONField(_("data"), null=True, blank=True)
    narrative_edited = models.JSONField(
        _("edited narrative"),
        default=dict,
        blank=True,
        help_text=_("Per section; kept beside the generated text and printed instead of it."),
    )
    error = models.TextField(_("error"), blank=True)
    xlsx = models.FileField(_("XLSX file"), upload_to=report_file_path, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=report_file_path, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    state = models.CharField(
        _("approval state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = ReportQuerySet.as_manager()
    # The figures and files are derived from audited tables and rebuilt at will; the history keeps
    # who requested and edited what (the narrative) and how the build went.
    history = HistoricalRecords(excluded_fields=["data", "xlsx", "pdf"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period", "scope", "-pk"]
        permissions = [
            ("build_report", _("Can build reports and edit their narrative")),
            ("submit_report", _("Can submit reports for approval")),
            ("approve_report", _("Can approve reports")),
            ("reopen_report", _("Can reopen approved reports")),
        ]
        indexes = [models.Index(fields=["period", "scope", "status"], name="report_lookup")]
        constraints = [
            # One build at a time per period and scope: a second trigger joins the first.
            models.UniqueConstraint(
                fields=["period", "scope"],
                condition=Q(status__in=["pending", "running"]),
                name="report_one_active_build",
            ),
            # One approved (locked) report per period and scope.
            models.UniqueConstraint(
                fields=["period", "scope"],
                condition=Q(state="approved"),
                name="report_one_approved",
            ),
        ]

    def __str__(self) -> str:
        where = self.community.name if self.community_id else _("Burqin town")
        return f"{where} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    def file_name(self, field: str) -> str:
        """The name a downloaded XLSX or PDF is saved under: ``额河社区-2026-05.pdf``."""
        where = self.community.name if self.community_id else str(_("Burqin town"))
        return download_name(f"{where}-{self.period}", getattr(self, field).name)

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def narrative(self) -> dict:
        """The text to print per section: the staff's edit where there is one."""
        generated = (self.data or {}).get("narrative", {})
        return {
            title: self.narrative_edited.get(title) or text for title, text in generated.items()
        }
