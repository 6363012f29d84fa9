"""Exports too long to write while the user waits: a background job per request."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from burqin.files import download_name, random_file_name


def export_file_path(instance, filename: str) -> str:
    """A random name: nothing about the list or its requester can be guessed from the path."""
    return random_file_name("exports", filename)


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


class ExportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

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
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_recent")]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.title

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
