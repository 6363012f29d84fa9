from django.contrib import admin

from burqin.admin_history import HistoryAdmin
from burqin.admin_widgets import ADMIN_FILE_WIDGETS

from .models import (
    ActivityParticipation,
    ClassSession,
    Funding,
    InterestClass,
    Pairing,
    PairingVisit,
    Project,
    ProjectProgress,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "is_consultation", "order", "active"]
    list_editable = ["is_consultation", "order", "active"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(HistoryAdmin):
    list_display = ["date", "community", "category", "charge", "fee", "resident", "staff"]
    list_filter = ["community", "category", "charge"]
    search_fields = ["resident__name", "resident__name_pinyin", "note"]
    date_hierarchy = "date"
    list_select_related = ["community", "category", "resident", "staff"]
    raw_id_fields = ["resident"]


class VolunteerInline(admin.TabularInline):
    model = Volunteer
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(HistoryAdmin):
    list_display = ["name", "community", "leader"]
    list_filter = ["community"]
    search_fields = ["name", "leader"]
    inlines = [VolunteerInline]


class ParticipationInline(admin.TabularInline):
    model = ActivityParticipation
    extra = 0


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(HistoryAdmin):
    list_display = ["date", "title", "team", "place"]
    list_filter = ["team__community"]
    search_fields = ["title", "team__name"]
    date_hierarchy = "date"
    inlines = [ParticipationInline]


class VisitInline(admin.StackedInline):
    model = PairingVisit
    extra = 0


@admin.register(Pairing)
class PairingAdmin(HistoryAdmin):
    list_display = ["cadre_name", "household", "community", "started_on", "ended_on"]
    list_filter = ["community"]
    search_fields = ["cadre_name", "household__address", "household__head__name"]
    raw_id_fields = ["household", "cadre"]
    list_select_related = ["community", "household", "household__head"]
    inlines = [VisitInline]


class SessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0
    fields = ["date", "topic"]


@admin.register(InterestClass)
class InterestClassAdmin(HistoryAdmin):
    list_display = ["name", "community", "organiser"]
    list_filter = ["community"]
    search_fields = ["name", "organiser"]
    raw_id_fields = ["members"]
    inlines = [SessionInline]


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


class ProgressInline(admin.TabularInline):
    model = ProjectProgress
    extra = 0
    formfield_overrides = ADMIN_FILE_WIDGETS


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["title", "community", "kind", "status", "started_on", "completed_on", "budget"]
    list_filter = ["community", "kind", "status"]
    search_fields = ["title"]
    filter_horizontal = ["compounds"]
    inlines = [FundingInline, ProgressInline]
