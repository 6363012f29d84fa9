from django.contrib import admin

from burqin.admin_history import HistoryAdmin

from .models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    SurplusLabour,
    Trainee,
    TrainingClass,
    Vacancy,
)


class VacancyInline(admin.TabularInline):
    model = Vacancy
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(HistoryAdmin):
    list_display = ["name", "credit_code", "size", "industry", "contact", "phone"]
    list_filter = ["size", "industry"]
    search_fields = ["name", "credit_code"]
    inlines = [VacancyInline]


@admin.register(JobSeeker)
class JobSeekerAdmin(HistoryAdmin):
    list_display = ["resident", "community", "status", "education", "wish_sector"]
    list_filter = ["community", "status", "education"]
    search_fields = ["resident__name", "resident__name_pinyin", "skills"]
    raw_id_fields = ["resident"]
    list_select_related = ["resident", "community"]


@admin.register(JobFair)
class JobFairAdmin(HistoryAdmin):
    list_display = ["date", "theme", "place", "organiser"]
    filter_horizontal = ["enterprises"]


@admin.register(FairAttendance)
class FairAttendanceAdmin(HistoryAdmin):
    list_display = ["fair", "seeker", "checked_in_at", "info_given"]
    list_filter = ["fair"]
    raw_id_fields = ["seeker"]


@admin.register(Placement)
class PlacementAdmin(HistoryAdmin):
    list_display = ["seeker", "enterprise", "start_date", "wage", "follow_up_due", "still_employed"]
    list_filter = ["contract", "still_employed"]
    raw_id_fields = ["seeker", "vacancy"]


class TraineeInline(admin.TabularInline):
    model = Trainee
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(TrainingClass)
class TrainingClassAdmin(HistoryAdmin):
    list_display = ["subject", "start_date", "end_date", "hours", "trainer", "capacity"]
    inlines = [TraineeInline]


class EntryInline(admin.TabularInline):
    model = ContestEntry
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(Contest)
class ContestAdmin(HistoryAdmin):
    list_display = ["name", "date", "organiser"]
    inlines = [EntryInline]


@admin.register(LaborTransfer)
class LaborTransferAdmin(HistoryAdmin):
    list_display = ["resident", "community", "destination", "sector", "from_date", "to_date"]
    list_filter = ["community", "sector"]
    raw_id_fields = ["resident"]


@admin.register(PensionContribution)
class PensionContributionAdmin(HistoryAdmin):
    list_display = ["resident", "community", "year", "grade", "amount", "paid_on"]
    list_filter = ["community", "year"]
    raw_id_fields = ["resident"]


@admin.register(SurplusLabour)
class SurplusLabourAdmin(HistoryAdmin):
    list_display = ["community", "year", "workers", "note"]
    list_filter = ["community", "year"]
