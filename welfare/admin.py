from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from burqin.admin_widgets import ADMIN_FILE_WIDGETS
from communities.idnumbers import mask_id_number

from .models import (
    Attachment,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    Program,
    ReviewStep,
    Standard,
)

NO_COUNTING_RULE = _(
    "No counting rule is set: reports show its amount but tell no number of beneficiaries."
)


class StandardInline(admin.TabularInline):
    model = Standard
    extra = 1


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "unit",
        "beneficiary_unit",
        "area",
        "computation",
        "counting",
        "active",
        "order",
    ]
    list_editable = ["active", "order"]
    list_filter = ["kind", "beneficiary_unit", "area", "active", "counting_rule"]
    search_fields = ["name", "code"]
    inlines = [StandardInline]

    @admin.display(description=_("counting rule"), ordering="counting_rule")
    def counting(self, obj):
        if not obj.counting_rule:
            return NO_COUNTING_RULE
        return f"{obj.get_counting_rule_display()}（{obj.count_word}）"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.counting_rule:
            messages.warning(request, f"{obj}: {NO_COUNTING_RULE}")


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    extra = 0
    readonly_fields = ["action", "actor", "at", "opinion"]
    can_delete = False


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "resident",
        "program",
        "community",
        "status",
        "applied_on",
        "started_on",
        "review_due_on",
    ]
    list_filter = ["program", "status", "community"]
    search_fields = ["resident__name", "resident__name_pinyin", "resident__id_number"]
    list_select_related = ["resident", "program", "community"]
    raw_id_fields = ["household", "resident", "created_by"]
    inlines = [ReviewStepInline]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "enrollment", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["enrollment"]
    formfield_overrides = ADMIN_FILE_WIDGETS


class FrozenBatchMixin:
    """A locked or paid batch, and each of its entries, is read-only in the admin too."""

    def _frozen(self, obj) -> bool:
        batch = obj if isinstance(obj, DisbursementBatch) else getattr(obj, "batch", None)
        return batch is not None and batch.is_frozen

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._frozen(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DisbursementBatch)
class DisbursementBatchAdmin(FrozenBatchMixin, SimpleHistoryAdmin):
    list_display = [
        "program",
        "period",
        "status",
        "generated_at",
        "locked_by",
        "locked_at",
        "paid_on",
    ]
    list_filter = ["status", "program"]
    date_hierarchy = "period"
    list_select_related = ["program", "locked_by"]
    readonly_fields = ["reviewed_by", "reviewed_at", "locked_by", "locked_at", "generated_at"]


@admin.register(Disbursement)
class DisbursementAdmin(FrozenBatchMixin, SimpleHistoryAdmin):
    list_display = [
        "recipient_name",
        "masked_id",
        "program",
        "period",
        "community",
        "amount",
        "quantity",
        "persons",
        "source",
        "signed",
    ]
    list_filter = ["program", "source", "community", "batch__status"]
    search_fields = ["resident__name", "resident__name_pinyin", "resident__id_number"]
    list_select_related = ["resident", "program", "community", "batch"]
    raw_id_fields = ["batch", "household", "resident", "enrollment", "corrects", "created_by"]
    date_hierarchy = "period"

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return mask_id_number(obj.resident.id_number) if obj.resident else ""
