"""Forms of the e-commerce survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.forms import CrispyModelForm

from ..forms import DATE, ResidentByIdMixin
from .models import EcommerceRecord, EcommerceSurvey


class EcommerceSurveyForm(CrispyModelForm):
    class Meta:
        model = EcommerceSurvey
        fields = ["year", "title", "started_on", "surveyed_on", "contest", "note"]
        widgets = {
            "started_on": DATE,
            "surveyed_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("surveyed_on")
        if start and end and end < start:
            self.add_error("surveyed_on", _("The end date is before the start date."))
        return cleaned


class EcommerceRecordForm(ResidentByIdMixin, CrispyModelForm):
    """The operator by ID number (one of the user's residents); their community is the record's."""

    household_business = forms.BooleanField(
        label=_("Household business"),
        required=False,
        help_text=_("The business is the household's, not one person's."),
    )

    class Meta:
        model = EcommerceRecord
        fields = [
            "survey",
            "id_number",
            "household_business",
            "kind",
            "platform",
            "turnover",
            "jobs_created",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = EcommerceSurvey.objects.all()
        self.fields["survey"].empty_label = None
        if self.instance.pk and not self.is_bound:
            self.initial["id_number"] = self.instance.resident.id_number
            self.initial["household_business"] = self.instance.household_id is not None

    def clean(self):
        cleaned = super().clean()
        resident = cleaned.get("resident")
        if cleaned.get("household_business") and resident and not resident.household_id:
            self.add_error("household_business", _("This resident belongs to no household."))
        survey, kind = cleaned.get("survey"), cleaned.get("kind")
        if resident and survey and kind:
            taken = EcommerceRecord.objects.filter(survey=survey, resident=resident, kind=kind)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("kind", _("This business is already recorded in this survey."))
        return cleaned
