"""Forms of the community services (service records, volunteers, pairings, classes, projects)."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from burqin.forms import CrispyModelForm
from burqin.uploads import PHOTOS, check_upload
from communities.forms import household_picker, resident_picker

from .models import (
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

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceRecordForm(CrispyModelForm):
    """Quick entry: the resident is typed as name, pinyin initials or the last ID digits and
    resolved among the community's residents when the form is saved."""

    who = forms.CharField(
        label=_("Resident served"),
        required=False,
        help_text=_("Name, pinyin initials or last ID digits; leave empty if not registered."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = ServiceRecord
        fields = ["date", "category", "provider", "charge", "fee", "who", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, residents, at_centre=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.residents = residents
        if at_centre:  # the town service centre's staff say which unit gave the service
            self.fields["provider"].required = False
        else:  # everyone else records their station's services only
            del self.fields["provider"]
        self.fields["category"].queryset = ServiceCategory.objects.filter(active=True)
        if self.instance.resident_id and not self.is_bound:
            self.initial["who"] = self.instance.resident.name

    def clean_provider(self):
        return self.cleaned_data.get("provider") or ServiceRecord.Provider.STATION

    def clean_who(self):
        text = self.cleaned_data["who"].strip()
        if not text:
            return None
        if self.instance.resident_id and text == self.instance.resident.name:
            return self.instance.resident
        matches = list(self.residents.current().search(text)[:6])
        if not matches:
            raise forms.ValidationError(
                _("No resident of this community matches “%(text)s”.") % {"text": text}
            )
        if len(matches) > 1:
            names = "、".join(f"{r.name}(…{r.id_number[-4:]})" for r in matches[:5])
            raise forms.ValidationError(
                _("%(count)s residents match: %(names)s. Type more, e.g. the last ID digits.")
                % {"count": len(matches) if len(matches) < 6 else "5+", "names": names}
            )
        return matches[0]

    def clean(self):
        cleaned = super().clean()
        charge, fee = cleaned.get("charge"), cleaned.get("fee")
        if charge == ServiceRecord.Charge.FREE and fee:
            self.add_error("fee", _("A free service has no fee."))
        if charge in (ServiceRecord.Charge.LOW_FEE, ServiceRecord.Charge.PAID) and not fee:
            self.add_error("fee", _("Enter the fee of a low-fee or paid service."))
        self.instance.resident = cleaned.get("who")
        return cleaned


class VolunteerTeamForm(CrispyModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "leader", "description"]


class VolunteerForm(CrispyModelForm):
    class Meta:
        model = Volunteer
        fields = ["name", "phone", "post", "duty"]


class ActivityForm(CrispyModelForm):
    hours = forms.DecimalField(
        label=_("Hours each"), min_value=0, max_digits=5, decimal_places=1, initial=2
    )

    class Meta:
        model = VolunteerActivity
        fields = ["date", "title", "place", "participants", "hours"]
        widgets = {"date": DATE, "participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = team.volunteers.filter(active=True)
        self.fields["date"].initial = datetime.date.today


class PairingForm(CrispyModelForm):
    class Meta:
        model = Pairing
        fields = ["cadre_name", "household", "started_on", "note"]
        widgets = {"started_on": DATE, "household": household_picker()}

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households.select_related("head")


class VisitForm(CrispyModelForm):
    class Meta:
        model = PairingVisit
        fields = ["date", "done", "needs", "help_given"]
        widgets = {
            "date": DATE,
            "done": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "help_given": forms.Textarea(attrs={"rows": 2}),
        }


class InterestClassForm(CrispyModelForm):
    class Meta:
        model = InterestClass
        fields = ["name", "organiser", "description", "members"]
        widgets = {"members": resident_picker(multiple=True)}

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = residents


class SessionForm(CrispyModelForm):
    class Meta:
        model = ClassSession
        fields = ["date", "topic", "attendees"]
        widgets = {"date": DATE, "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, interest_class, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = interest_class.members.all()
        self.fields["date"].initial = datetime.date.today


class ProjectForm(CrispyModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "lead_agency",
            "compounds",
            "status",
            "started_on",
            "completed_on",
            "budget",
            "description",
        ]
        widgets = {
            "started_on": DATE,
            "completed_on": DATE,
            "compounds": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compounds"].queryset = compounds

    def clean(self):
        cleaned = super().clean()
        started, completed = cleaned.get("started_on"), cleaned.get("completed_on")
        if started and completed and completed < started:
            self.add_error("completed_on", _("The project cannot end before it starts."))
        if cleaned.get("status") == Project.Status.COMPLETED and not completed:
            self.add_error("completed_on", _("Enter the completion date."))
        return cleaned


class FundingForm(CrispyModelForm):
    confirm = forms.BooleanField(
        label=_("I have checked: record it although it exceeds the plan"), required=False
    )

    class Meta:
        model = Funding
        fields = ["source", "donor", "allocated", "received", "date", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.warnings = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == Funding.Source.SOCIETY and not cleaned.get("donor"):
            self.add_error("donor", _("Name the donor of social funds."))
        allocated, received = cleaned.get("allocated"), cleaned.get("received")
        if allocated is None or received is None:
            return cleaned
        totals = self.project.funding_totals()
        if received > allocated:
            self.warnings.append(
                _("Received (%(received)s) is more than allocated (%(allocated)s).")
                % {"received": received, "allocated": allocated}
            )
        if self.project.budget and totals["allocated"] + allocated > self.project.budget:
            self.warnings.append(
                _("Funding would total %(total)s yuan, more than the budget of %(budget)s yuan.")
                % {"total": totals["allocated"] + allocated, "budget": self.project.budget}
            )
        if self.warnings and not cleaned.get("confirm"):
            raise forms.ValidationError(self.warnings)
        return cleaned


class ProgressForm(CrispyModelForm):
    class Meta:
        model = ProjectProgress
        fields = ["date", "note", "photo"]
        widgets = {
            "date": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
            "photo": forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_upload(
                photo,
                allowed=PHOTOS,
                limit=settings.MAX_ATTACHMENT_BYTES,
                wrong_type=_("Photos must be JPG or PNG."),
            )
        return photo
