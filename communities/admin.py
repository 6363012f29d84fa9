from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .idnumbers import mask_id_number
from .models import Community, Compound, Household, Resident, StaffProfile


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "featured_type", "party_branch", "phone", "order"]
    list_editable = ["order"]
    list_filter = ["kind", "featured_type"]
    search_fields = ["name", "code", "party_branch"]
    readonly_fields = ["single_person_office_allowed_by", "single_person_office_allowed_at"]

    def save_model(self, request, obj, form, change):
        # Who allowed a one-person office, and when, is recorded by the admin, not typed.
        if "single_person_office" in form.changed_data:
            if obj.single_person_office:
                obj.single_person_office_allowed_by = request.user
                obj.single_person_office_allowed_at = timezone.now()
            else:
                obj.single_person_office_allowed_by = None
                obj.single_person_office_allowed_at = None
        super().save_model(request, obj, form, change)


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community"]
    list_filter = ["community"]
    search_fields = ["name"]
    list_select_related = ["community"]


class MemberInline(admin.TabularInline):
    model = Resident
    fk_name = "household"
    fields = ["name", "id_number", "relation", "ethnicity", "phone"]
    extra = 0
    show_change_link = True


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["address", "community", "compound", "registration_type", "head"]
    list_filter = ["community", "registration_type"]
    search_fields = ["address", "head__name", "head__name_pinyin", "head__id_number"]
    list_select_related = ["community", "compound", "head"]
    raw_id_fields = ["head"]
    autocomplete_fields = ["compound"]
    inlines = [MemberInline]


@admin.register(Resident)
class ResidentAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "masked_id",
        "sex",
        "birth_date",
        "ethnicity",
        "community",
        "relation",
        "is_disabled",
        "is_orphan",
        "is_elderly_alone",
        "is_4050",
        "is_party_member",
    ]
    list_filter = [
        "community",
        "sex",
        "ethnicity",
        "is_disabled",
        "is_orphan",
        "is_elderly_alone",
        "is_4050",
        "is_party_member",
    ]
    search_fields = ["name", "name_pinyin", "name_initials", "id_number"]
    list_select_related = ["community"]
    raw_id_fields = ["household"]
    readonly_fields = ["name_pinyin", "name_initials", "sex", "birth_date"]

    @admin.display(description=_("ID number"), ordering="id_number")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "community", "title", "phone"]
    list_filter = ["community"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "community"]
