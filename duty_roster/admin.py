from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from burqin.admin_history import HistoryAdmin

from .models import (
    Assignment,
    CoverageRule,
    DutyLog,
    DutyMember,
    Incident,
    Leave,
    Patrol,
    RosterMonth,
    RosterPolicy,
    ShiftTemplate,
    Swap,
)
from .summary import refresh_coverage


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(DutyMember)
class DutyMemberAdmin(HistoryAdmin):
    list_display = ["name", "community", "category", "phone", "active", "user"]
    list_filter = ["community", "category", "active"]
    search_fields = ["name", "phone"]
    inlines = [LeaveInline]


class RuleInline(admin.TabularInline):
    model = CoverageRule
    extra = 0


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(HistoryAdmin):
    list_display = ["name", "community", "code", "start", "hours", "order"]
    list_filter = ["community"]
    inlines = [RuleInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # New minimums apply from this month on; past months keep the rules they were run by.
        this_month = timezone.localdate().replace(day=1)
        refresh_coverage(form.instance.community.rosters.filter(month__gte=this_month))


@admin.register(RosterPolicy)
class RosterPolicyAdmin(admin.ModelAdmin):
    list_display = ["community", "max_nights_per_week", "min_rest_hours"]


@admin.register(RosterMonth)
class RosterMonthAdmin(HistoryAdmin):
    list_display = ["community", "month", "status", "generated_at", "solve_seconds"]
    list_filter = ["community", "status"]
    # The generator keeps the uncovered shifts; people read their reasons, not the JSON.
    exclude = ["uncovered"]
    readonly_fields = ["uncovered_reasons"]

    @admin.display(description=_("uncovered shifts"))
    def uncovered_reasons(self, obj):
        reasons = [gap.get("reason", "") for gap in obj.uncovered or []]
        return format_html_join("", "<div>{}</div>", ((r,) for r in reasons if r)) or "—"


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ["date", "shift", "member", "roster"]
    list_filter = ["roster__community"]
    raw_id_fields = ["member", "roster"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_coverage(RosterMonth.objects.filter(pk=obj.roster_id))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_coverage(RosterMonth.objects.filter(pk=obj.roster_id))

    def delete_queryset(self, request, queryset):
        rosters = list(RosterMonth.objects.filter(assignments__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        refresh_coverage(rosters)


@admin.register(Swap)
class SwapAdmin(HistoryAdmin):
    list_display = ["assignment", "to_member", "status", "created_at"]
    raw_id_fields = ["assignment", "to_member"]


class IncidentInline(admin.TabularInline):
    model = Incident
    extra = 0


@admin.register(DutyLog)
class DutyLogAdmin(HistoryAdmin):
    list_display = ["date", "shift", "community", "handover_at"]
    list_filter = ["community"]
    inlines = [IncidentInline]


@admin.register(Patrol)
class PatrolAdmin(HistoryAdmin):
    list_display = ["date", "start", "end", "area", "community"]
    list_filter = ["community"]
