from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from burqin.admin_history import HistoryAdmin
from burqin.admin_widgets import ADMIN_FILE_WIDGETS
from communities.idnumbers import mask_id_number

from .models import (
    AgeBandStandard,
    AmountChangeProposal,
    Attachment,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    HomeVisit,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
    Objection,
    Program,
    ReviewStep,
    Standard,
    TownOffice,
)

NO_COUNTING_RULE = _(
    "No counting rule is set: reports show its amount but tell no number of beneficiaries."
)


class StandardInline(admin.TabularInline):
    model = Standard
    extra = 1


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
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
    readonly_fields = ["action", "actor", "at", "opinion", "single_person"]
    can_delete = False


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    fields = ["received_on", "text", "outcome", "handling", "handled_by", "handled_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(HistoryAdmin):
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
    inlines = [ReviewStepInline, ObjectionInline]


@admin.register(Attachment)
class AttachmentAdmin(HistoryAdmin):
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
class DisbursementBatchAdmin(FrozenBatchMixin, HistoryAdmin):
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
    readonly_fields = [
        "reviewed_by",
        "reviewed_at",
        "locked_by",
        "locked_at",
        "generated_at",
        "generated_by",
        "locked_single_person",
    ]


@admin.register(Disbursement)
class DisbursementAdmin(FrozenBatchMixin, HistoryAdmin):
    list_display = [
        "recipient",
        "masked_id",
        "program",
        "period",
        "community",
        "amount",
        "quantity",
        "persons",
        "source",
        "signed",
        "reference",
        "payment_status",
    ]
    list_filter = ["program", "source", "community", "batch__status", "payment_status"]
    search_fields = [
        "resident__name",
        "resident__name_pinyin",
        "resident__id_number",
        "=reference",
    ]
    list_select_related = ["resident", "program", "community", "batch"]
    raw_id_fields = [
        "batch",
        "household",
        "resident",
        "enrollment",
        "corrects",
        "created_by",
        "reissue_of",
        "reconciled_by",
    ]
    date_hierarchy = "period"

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return mask_id_number(obj.resident.id_number) if obj.resident else ""

    @admin.display(description=_("Beneficiary"))
    def recipient(self, obj):
        return obj.recipient_name


@admin.register(TownOffice)
class TownOfficeAdmin(HistoryAdmin):
    """One row: the town office's name, supervision phone and whether one person may work alone."""

    list_display = ["name", "phone", "single_person_office", "single_person_office_allowed_by"]
    readonly_fields = ["single_person_office_allowed_by", "single_person_office_allowed_at"]

    def has_add_permission(self, request):
        return not TownOffice.objects.exists() and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        if "single_person_office" in form.changed_data or not change:
            if obj.single_person_office:
                obj.single_person_office_allowed_by = request.user
                obj.single_person_office_allowed_at = timezone.now()
            else:
                obj.single_person_office_allowed_by = None
                obj.single_person_office_allowed_at = None
        super().save_model(request, obj, form, change)


# Means test (家庭经济状况核对), home visits (入户调查) and 调标 -----------------------------------


@admin.register(MemberIncome)
class MemberIncomeAdmin(HistoryAdmin):
    list_display = ["resident", "kind", "amount", "period", "recorded_by", "recorded_at"]
    list_filter = ["kind", "period"]
    search_fields = ["resident__name", "resident__name_pinyin"]
    list_select_related = ["resident", "recorded_by"]
    raw_id_fields = ["resident", "recorded_by"]


@admin.register(MemberAsset)
class MemberAssetAdmin(HistoryAdmin):
    list_display = ["resident", "kind", "value", "note", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["resident__name", "resident__name_pinyin"]
    list_select_related = ["resident"]
    raw_id_fields = ["resident", "recorded_by"]


class HomeVisitPhotoInline(admin.TabularInline):
    model = HomeVisitPhoto
    extra = 0
    formfield_overrides = ADMIN_FILE_WIDGETS
    raw_id_fields = ["uploaded_by"]


@admin.register(HomeVisit)
class HomeVisitAdmin(HistoryAdmin):
    list_display = ["enrollment", "visited_on", "visitors", "recorded_by"]
    raw_id_fields = ["enrollment", "recorded_by"]
    inlines = [HomeVisitPhotoInline]


@admin.register(AmountChangeProposal)
class AmountChangeProposalAdmin(HistoryAdmin):
    """Read-only: proposals come from the means test and are decided on the officer's page."""

    list_display = ["enrollment", "old_amount", "new_amount", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["enrollment__program", "enrollment__resident"]
    # The decision comes after the proposal it decides (the model inherits it from
    # DecidedRecord, so its own field order puts it first).
    fields = [
        "enrollment",
        "old_amount",
        "new_amount",
        "old_income_per_capita",
        "new_income_per_capita",
        "persons",
        "reason",
        "status",
        "created_by",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# 特困供养 and the 应急救助基金 (issue 17) ---------------------------------------------------------

from .relief_models import CareStandard, ReliefFund  # noqa: E402


@admin.register(CareStandard)
class CareStandardAdmin(HistoryAdmin):
    """The care amounts (护理费) by care level: added to the 特困 basic living standard."""

    list_display = ["care_level", "effective_from", "amount", "note"]
    list_filter = ["care_level"]


@admin.register(ReliefFund)
class ReliefFundAdmin(HistoryAdmin):
    """The fund's balance moves only with recorded income and payments (the app's pages)."""

    list_display = ["name", "balance"]
    readonly_fields = ["balance"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgeBandStandard)
class AgeBandStandardAdmin(HistoryAdmin):
    """高龄津贴 amounts by age band (issue 17): a new row from a date changes one band."""

    list_display = ["program", "effective_from", "min_age", "amount", "note"]
    list_filter = ["program"]
    ordering = ["program", "-effective_from", "min_age"]
