import datetime
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from burqin.forms import MonthField
from burqin.uploads import PDF, PHOTOS, check_upload
from communities.forms import resident_picker
from communities.models import Resident

from .bank_accounts import normalize_bank_account, validate_bank_account
from .models import (
    Appeal,
    Attachment,
    Enrollment,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
    Objection,
    Program,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALLOWED_UPLOADS = PDF | PHOTOS


class BankAccountField(forms.CharField):
    """A bank account typed as it is printed (``6222 0212 3456 7890``) and kept as digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The card number; spaces and dashes may be typed."))
        super().__init__(**kwargs)
        self.widget.attrs["inputmode"] = "numeric"
        self.widget.attrs["autocomplete"] = "off"

    def to_python(self, value):
        return normalize_bank_account(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_bank_account(value)


class PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class EnrollmentForm(forms.ModelForm):
    resident = forms.ModelChoiceField(
        label=_("Beneficiary"),
        queryset=Resident.objects.none(),
        help_text=_("For a household program choose the head of household."),
        widget=resident_picker(),
    )

    class Meta:
        model = Enrollment
        fields = [
            "program",
            "resident",
            "persons_covered",
            "applied_on",
            "bank_name",
            "bank_account",
            "reason",
        ]
        widgets = {"applied_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"bank_account": BankAccountField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["program"].queryset = Program.objects.filter(active=True)
        self.fields["resident"].queryset = (
            Resident.objects.visible_to(user)
            .current()
            .filter(household__isnull=False)
            .select_related("community")
        )
        self.fields["applied_on"].initial = datetime.date.today
        persons = self.fields["persons_covered"]
        persons.required = False
        persons.help_text = _("Leave empty for the household's size (its current members).")
        persons.widget.attrs["placeholder"] = _("household size")
        self.initial.pop("persons_covered", None)  # not the model's 1: the household's size
        persons.initial = None

    def clean(self):
        cleaned = super().clean()
        resident = cleaned.get("resident")
        if resident is not None and not cleaned.get("persons_covered"):
            # 保障人数 defaults to the household's size, not to 1.
            size = resident.household.members.current().count() if resident.household_id else 1
            cleaned["persons_covered"] = max(size, 1)
        elif not cleaned.get("persons_covered"):
            cleaned.pop("persons_covered", None)  # the resident's own error says enough
        return cleaned


class ApplicationEditForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = [
            "persons_covered",
            "bank_name",
            "bank_account",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"bank_account": BankAccountField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class OpinionForm(PlainForm):
    opinion = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(PlainForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(PlainForm):
    start = forms.DateField(label=_("Public notice from"), widget=DATE)
    end = forms.DateField(
        label=_("Public notice until"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the program's notice days (7 unless set otherwise)."),
    )
    late_reason = forms.CharField(
        label=_("Reason for a start date in the past"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required only when the notice started before today."),
    )


class CountyApprovalForm(PlainForm):
    approved_on = forms.DateField(label=_("County approval date"), widget=DATE)
    document_no = forms.CharField(label=_("County document number"), max_length=60)
    start_month = MonthField(label=_("Payments start (month)"))
    opinion = forms.CharField(label=_("Approval opinion"), widget=forms.Textarea(attrs={"rows": 2}))


class AnnualReviewForm(PlainForm):
    persons_covered = forms.IntegerField(label=_("Persons covered"), min_value=1, max_value=99)
    monthly_income_per_capita = forms.DecimalField(
        label=_("Household monthly income per capita (yuan)"),
        min_value=0,
        decimal_places=2,
        max_digits=10,
    )
    opinion = forms.CharField(label=_("Opinion"), required=False)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_UPLOADS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(
            upload,
            allowed=ALLOWED_UPLOADS,
            limit=settings.MAX_ATTACHMENT_BYTES,
            wrong_type=_("Only PDF, JPG and PNG files can be attached."),
        )
        return upload


class GenerateBatchForm(PlainForm):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.filter(active=True)
    )
    month = MonthField(label=_("Month"))


class PaidForm(PlainForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=datetime.date.today)


class CorrectionForm(PlainForm):
    amount = forms.DecimalField(
        label=_("Correction amount (yuan, negative to take back)"),
        max_digits=12,
        decimal_places=2,
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, max_digits=12, decimal_places=3
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


# Opinions, four eyes and the public notice (issue 16, part A) -------------------------------


class DecisionForm(PlainForm):
    """A review decision: its opinion is required (初审意见, 公示结果, 审核意见)."""

    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(PlainForm):
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=datetime.date.today)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionHandleForm(PlainForm):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("objection", "Outcome"), choices=Objection.Outcome.choices
    )
    handling = forms.CharField(
        label=_("How it was checked and handled"), widget=forms.Textarea(attrs={"rows": 2})
    )


# Bank reconciliation (issue 16, part 7)


class CashPaymentForm(PlainForm):
    paid_on = forms.DateField(label=_("Paid in cash on"), widget=DATE, initial=datetime.date.today)
    signed = forms.BooleanField(
        label=_("The recipient signed the cash receipt"),
        required=True,
        error_messages={"required": _("A cash payment needs the recipient's signature.")},
    )
    note = forms.CharField(
        label=_("Note (receipt number, who received it)"), max_length=200, required=False
    )


# Means test (家庭经济状况核对) and home visits (入户调查) ---------------------------------------


class CrispyModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class MemberIncomeForm(CrispyModelForm):
    """An income of a household member; ``members`` are the household's current members (on
    a change the member is fixed and the field is left out)."""

    class Meta:
        model = MemberIncome
        fields = ["resident", "kind", "amount", "period", "note"]

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["resident"]
        else:
            self.fields["resident"].queryset = members


class MemberAssetForm(CrispyModelForm):
    class Meta:
        model = MemberAsset
        fields = ["resident", "kind", "value", "note"]

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["resident"]
        else:
            self.fields["resident"].queryset = members


VISITOR_SEPARATORS = re.compile(r"[、,，;；\s]+")


class HomeVisitForm(PlainForm):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE, initial=datetime.date.today)
    visitors = forms.CharField(
        label=_("Visitors"),
        max_length=200,
        help_text=_("At least two names, separated by “、”."),
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_visitors(self) -> list[str]:
        names = [n for n in VISITOR_SEPARATORS.split(self.cleaned_data["visitors"]) if n]
        if len(set(names)) < 2:
            raise forms.ValidationError(
                _("A home visit is made by at least two people; name each.")
            )
        return names


class HomeVisitPhotoForm(CrispyModelForm):
    class Meta:
        model = HomeVisitPhoto
        fields = ["file", "caption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(PHOTOS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(
            upload,
            allowed=PHOTOS,
            limit=settings.MAX_ATTACHMENT_BYTES,
            wrong_type=_("Only JPG and PNG photos can be kept."),
        )
        return upload


class AmountChangeDecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm the new amount")), ("reject", _("Reject"))],
    )
    note = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# Monthly 增减 list, annual review, appeals (issue 16, part C) ------------------------------


class StopForm(ReasonForm):
    stop_reason = forms.ChoiceField(
        label=_("Reason payments stop"),
        choices=Enrollment.StopReason.choices,
        required=False,
        initial=Enrollment.StopReason.OTHER,
    )


class ChangeListConfirmForm(PlainForm):
    opinion = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(PlainForm):
    subject = forms.ChoiceField(label=_("Appeal against"), choices=Appeal.Subject.choices)
    lodged_on = forms.DateField(label=_("Lodged on"), widget=DATE, initial=datetime.date.today)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Appeal.Status.UPHELD, Appeal.Status.UPHELD.label),
            (Appeal.Status.OVERTURNED, Appeal.Status.OVERTURNED.label),
        ],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))
