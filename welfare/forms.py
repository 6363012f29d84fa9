import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from burqin.forms import MonthField
from burqin.uploads import PDF, PHOTOS, check_upload
from communities.models import Resident

from .models import Appeal, Attachment, Enrollment, Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALLOWED_UPLOADS = PDF | PHOTOS


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
    )

    class Meta:
        model = Enrollment
        fields = [
            "program",
            "resident",
            "persons_covered",
            "monthly_income_per_capita",
            "applied_on",
            "bank_name",
            "bank_account",
            "reason",
        ]
        widgets = {"applied_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

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


class ApplicationEditForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = [
            "persons_covered",
            "monthly_income_per_capita",
            "bank_name",
            "bank_account",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

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
    end = forms.DateField(label=_("Public notice until"), widget=DATE)


class CountyApprovalForm(PlainForm):
    approved_on = forms.DateField(label=_("County approval date"), widget=DATE)
    document_no = forms.CharField(label=_("County document number"), max_length=60)
    start_month = MonthField(label=_("Payments start (month)"))


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
