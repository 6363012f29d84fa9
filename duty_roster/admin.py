from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(DutyMember)
class DutyMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community", "category", "phone", "active", "user"]
    list_filter = ["community", "category", "active"]
    search_fields = ["name", "phone"]
    inlines = [LeaveInline]


class RuleInline(admin.TabularInline):
    model = CoverageRule
    extra = 0


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community", "code", "start", "hours", "order"]
    list_filter = ["community"]
    inlines = [RuleInline]


@admin.register(RosterPolicy)
class RosterPolicyAdmin(admin.ModelAdmin):
    list_display = ["community", "max_nights_per_week", "min_rest_hours"]


@admin.register(RosterMonth)
class RosterMonthAdmin(SimpleHistoryAdmin):
    list_display = ["community", "month", "status", "generated_at", "solve_seconds"]
    list_filter = ["community", "status"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["date", "shift", "member", "roster"]
    list_filter = ["roster__community"]
    raw_id_fields = ["member", "roster"]


@admin.register(Swap)
class SwapAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "to_member", "status", "created_at"]
    raw_id_fields = ["assignment", "to_member"]


class IncidentInline(admin.TabularInline):
    model = Incident
    extra = 0


@admin.register(DutyLog)
class DutyLogAdmin(SimpleHistoryAdmin):
    list_display = ["date", "shift", "community", "handover_at"]
    list_filter = ["community"]
    inlines = [IncidentInline]


@admin.register(Patrol)
class PatrolAdmin(SimpleHistoryAdmin):
    list_display = ["date", "start", "end", "area", "community"]
    list_filter = ["community"]
