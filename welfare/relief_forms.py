"""Forms of 特困供养, housing aid, 临时救助 and the 应急救助基金 (crispy, no form tag)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.forms import MonthField
from communities.forms import resident_picker
from communities.models import Resident

from .forms import DATE, PlainForm
from .relief_models import FundIncome, HousingGrant, ReliefCase, TekunSupport


class TekunSupportForm(PlainForm):
    mode = forms.ChoiceField(label=_("Support mode"), choices=TekunSupport.Mode.choices)
    care_level = forms.ChoiceField(
        label=_("Care level"), choices=TekunSupport._meta.get_field("care_level").choices
    )
    caregiver = forms.CharField(
        label=_("Caregiver"),
        max_length=60,
        required=False,
        help_text=_("Dispersed support: the person entrusted with the daily care."),
    )
    caregiver_phone = forms.CharField(label=_("Caregiver phone"), max_length=30, required=False)
    institution = forms.CharField(
        label=_("Care institution"),
        max_length=100,
        required=False,
        help_text=_("Centralized support: the welfare home or care institution."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class HousingGrantForm(PlainForm):
    kind = forms.ChoiceField(label=_("Kind of housing aid"), choices=HousingGrant.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    proposed_on = forms.DateField(label=_("Proposed on"), widget=DATE, initial=datetime.date.today)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(PlainForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=datetime.date.today)


class ReliefCaseForm(PlainForm):
    resident = forms.ModelChoiceField(
        label=_("Applicant"),
        queryset=Resident.objects.none(),
        widget=resident_picker(),
        help_text=_("The resident applying; the case belongs to their household."),
    )
    emergency = forms.ChoiceField(label=_("Emergency"), choices=ReliefCase.Emergency.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    amount_proposed = forms.DecimalField(
        label=_("Amount proposed (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE, initial=datetime.date.today)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = (
            Resident.objects.visible_to(user)
            .current()
            .filter(household__isnull=False)
            .order_by("community__order", "name_pinyin", "pk")
        )


class OfficerDecisionForm(DecisionForm):
    amount = forms.DecimalField(
        label=_("Amount approved (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        required=False,
    )


class FundIncomeForm(PlainForm):
    source = forms.ChoiceField(label=_("Source"), choices=FundIncome.Source.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=datetime.date.today)
    payer = forms.CharField(label=_("Paid in by"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class StatementMonthForm(PlainForm):
    month = MonthField(label=_("Month"), required=False)
