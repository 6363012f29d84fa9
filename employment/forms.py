from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.widgets import SearchPicker
from communities.idnumbers import validate_id_number

from .models import (
    Contest,
    ContestEntry,
    Enterprise,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    Trainee,
    TrainingClass,
    Vacancy,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Crispy:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ResidentByIdMixin(forms.Form):
    """A resident chosen by typing their ID number, found among the user's scoped residents."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.residents = residents

    def clean_id_number(self):
        number = validate_id_number(self.cleaned_data["id_number"])
        resident = self.residents.filter(id_number=number).first()
        if resident is None:
            raise forms.ValidationError(_("No registered resident of yours has this ID number."))
        self.cleaned_data["resident"] = resident
        return number


class EnterpriseForm(Crispy, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "size", "industry", "contact", "phone", "address"]


class VacancyForm(Crispy, forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ["title", "headcount", "wage_min", "wage_max", "skills", "requirements", "is_open"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 2})}


class JobSeekerForm(Crispy, ResidentByIdMixin, forms.ModelForm):
    class Meta:
        model = JobSeeker
        fields = [
            "id_number",
            "status",
            "education",
            "skills",
            "wish_sector",
            "wish_wage",
            "wish_area",
        ]


class JobFairForm(Crispy, forms.ModelForm):
    class Meta:
        model = JobFair
        fields = ["date", "place", "organiser", "theme", "enterprises"]
        widgets = {
            "date": DATE,
            "enterprises": SearchPicker("employment:enterprise_pick", multiple=True),
        }


class CheckInForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)


class PlacementForm(Crispy, forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["enterprise", "vacancy", "start_date", "wage", "contract"]
        widgets = {
            "start_date": DATE,
            "enterprise": SearchPicker("employment:enterprise_pick"),
            "vacancy": SearchPicker("employment:vacancy_pick"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A vacancy's label names its enterprise: one joined query, not one per vacancy.
        self.fields["vacancy"].queryset = Vacancy.objects.select_related("enterprise")

    def clean(self):
        cleaned = super().clean()
        vacancy, enterprise = cleaned.get("vacancy"), cleaned.get("enterprise")
        if vacancy and enterprise and vacancy.enterprise_id != enterprise.pk:
            self.add_error("vacancy", _("This vacancy belongs to another enterprise."))
        return cleaned


class TrainingClassForm(Crispy, forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = [
            "subject",
            "start_date",
            "end_date",
            "hours",
            "trainer",
            "capacity",
            "cost_source",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class TraineeForm(Crispy, ResidentByIdMixin, forms.ModelForm):
    class Meta:
        model = Trainee
        fields = ["id_number", "attended_hours", "completed", "certificate_no", "outcome"]


class ContestForm(Crispy, forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["name", "date", "organiser"]
        widgets = {"date": DATE}


class ContestEntryForm(Crispy, ResidentByIdMixin, forms.ModelForm):
    class Meta:
        model = ContestEntry
        fields = ["id_number", "project", "finalist", "prize"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prize") and not cleaned.get("finalist"):
            self.add_error("prize", _("Only finalists win prizes."))
        return cleaned


class LaborTransferForm(Crispy, ResidentByIdMixin, forms.ModelForm):
    class Meta:
        model = LaborTransfer
        fields = ["id_number", "destination", "sector", "from_date", "to_date", "monthly_income"]
        widgets = {"from_date": DATE, "to_date": DATE}


class PensionForm(Crispy, ResidentByIdMixin, forms.ModelForm):
    class Meta:
        model = PensionContribution
        fields = ["id_number", "year", "grade", "amount", "paid_on"]
        widgets = {"paid_on": DATE}
