import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.forms import CrispyModelForm, MonthField

from .models import DutyLog, DutyMember, Incident, Patrol, ShiftTemplate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GenerateForm(forms.Form):
    month = MonthField(label=_("Month"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"] = forms.ModelChoiceField(
            label=_("Community"), queryset=communities, empty_label=None
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the rota: publish it to the members"), required=True
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is the rota withdrawn?"), max_length=200)


class SwapForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    to_member = forms.ModelChoiceField(label=_("Taken over by"), queryset=DutyMember.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False)


class DutyMemberForm(CrispyModelForm):
    class Meta:
        model = DutyMember
        fields = ["name", "category", "phone", "avoid_weekdays"]


class DutyLogForm(CrispyModelForm):
    class Meta:
        model = DutyLog
        fields = ["date", "shift", "handover_at", "events"]
        widgets = {
            "date": DATE,
            "handover_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "events": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = ShiftTemplate.objects.filter(community=community)
        self.fields["date"].initial = datetime.date.today


class IncidentForm(CrispyModelForm):
    class Meta:
        model = Incident
        fields = ["kind", "description", "outcome", "escalated_to"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Incident.Outcome.ESCALATED and not cleaned.get("escalated_to"):
            self.add_error("escalated_to", _("Say to whom it was escalated."))
        return cleaned


class PatrolForm(CrispyModelForm):
    class Meta:
        model = Patrol
        fields = ["date", "start", "end", "area", "members", "findings"]
        widgets = {
            "date": DATE,
            "start": TIME,
            "end": TIME,
            "members": forms.CheckboxSelectMultiple,
            "findings": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = DutyMember.objects.filter(
            community=community, active=True
        )
        self.fields["date"].initial = datetime.date.today
