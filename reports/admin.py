from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from burqin.admin_widgets import ADMIN_FILE_WIDGETS

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are built by the app (reports.services); the admin reads them and may fix a file
    or a status by hand, but does not start one."""

    list_display = [
        "period",
        "where",
        "status",
        "requested_by",
        "created_at",
        "built_at",
        "attempts",
    ]
    list_filter = ["status", "community"]
    list_select_related = ["community", "requested_by"]
    search_fields = ["period", "community__name"]
    formfield_overrides = ADMIN_FILE_WIDGETS
    # The built data (JSON keyed in English) is read on the report's page, not here.
    exclude = ["data", "task_id", "scope"]
    readonly_fields = [
        "period",
        "community",
        "error",
        "created_at",
        "started_at",
        "built_at",
        "attempts",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("scope"), ordering="scope")
    def where(self, obj):
        return obj.community.name if obj.community_id else _("Burqin town")
