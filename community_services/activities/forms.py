"""Forms of events and cadre training. The organiser / community field is shown only to
town-wide users; a community's staff always write for their own community."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from burqin.forms import CrispyModelForm
from communities.models import Community, StaffProfile
from communities.scope import is_town_wide

from .models import CadreAttendance, CadreTraining, Event, EventTeam

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _CommunityChoice:
    """Keeps the ``community`` field (the communities the user sees) for town-wide users only."""

    community_required = False

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if is_town_wide(user):
            field = self.fields["community"]
            field.queryset = Community.objects.visible_to(user)
            field.required = self.community_required
        else:
            del self.fields["community"]


class EventForm(_CommunityChoice, CrispyModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "end_date",
            "place",
            "community",
            "participants",
            "audience",
            "note",
        ]
        widgets = {"date": DATE, "end_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class EventTeamForm(_CommunityChoice, CrispyModelForm):
    community_required = True

    class Meta:
        model = EventTeam
        fields = ["community", "name", "members", "leader"]


class CadreTrainingForm(_CommunityChoice, CrispyModelForm):
    class Meta:
        model = CadreTraining
        fields = [
            "kind",
            "title",
            "start_date",
            "end_date",
            "hours",
            "teacher",
            "organiser",
            "place",
            "community",
            "note",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class CadreAttendanceForm(_CommunityChoice, CrispyModelForm):
    """A staff account from the list, or a cadre's name typed by hand."""

    staff = forms.ModelChoiceField(
        label=pgettext_lazy("cadre training", "Staff account"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Or leave empty and type the cadre's name."),
    )

    class Meta:
        model = CadreAttendance
        fields = ["staff", "name", "community", "post", "attended", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        profiles = StaffProfile.objects.visible_to(user).filter(community__isnull=False)
        self.fields["staff"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, staff_profile__in=profiles)
            .order_by("staff_profile__community__order", "username")
        )
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["name"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("staff") and not cleaned.get("name"):
            self.add_error("name", _("Choose a staff account or type a name."))
        if "community" in self.fields and not cleaned.get("staff") and not cleaned.get("community"):
            self.add_error("community", _("Choose the community of this cadre."))
        return cleaned
