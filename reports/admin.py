from django.contrib import admin

from burqin.admin_widgets import ADMIN_FILE_WIDGETS

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "period",
        "scope",
        "status",
        "requested_by",
        "created_at",
        "built_at",
        "attempts",
    ]
    list_filter = ["status", "scope"]
    search_fields = ["period", "scope"]
    formfield_overrides = ADMIN_FILE_WIDGETS
    readonly_fields = [
        "data",
        "error",
        "task_id",
        "created_at",
        "started_at",
        "built_at",
        "attempts",
    ]
