from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from burqin.spreadsheets import SpreadsheetError, check_xlsx_archive
from burqin.widgets import LongSelect, SearchPicker

from .idnumbers import can_view_full_id
from .models import Community, Compound, Household, Resident
from .scope import is_town_wide

# A copy: formset factories add the foreign key to the list they are given.
MEMBER_FIELDS = list(Resident.PROFILE_FIELDS)


def resident_label(resident) -> str:
    """How a picker names a resident: the name and the last four ID digits (homonyms apart)."""
    return f"{resident.name}（…{resident.id_number[-4:]}）"


def resident_picker(**kwargs) -> SearchPicker:
    return SearchPicker("communities:resident_pick", label=resident_label, **kwargs)


def household_picker(**kwargs) -> SearchPicker:
    return SearchPicker("communities:household_pick", **kwargs)


ID_NUMBER_ERRORS = {"unique": _("A resident with this ID number is already registered.")}


class HouseholdForm(forms.ModelForm):
    """The household itself; staff never choose the community, it is theirs."""

    # household_form.html summarises this form's errors with its members' (crispy does not).
    error_summary_in_page = True

    class Meta:
        model = Household
        fields = ["community", "compound", "address", "registration_type"]
        widgets = {"community": LongSelect, "compound": LongSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        communities = Community.objects.visible_to(user)
        compounds = Compound.objects.visible_to(user).select_related("community")
        if is_town_wide(user):
            self.fields["community"].queryset = communities
        else:
            del self.fields["community"]
            self.instance.community = communities.get()
            compounds = compounds.filter(community=self.instance.community)
            if self.instance.pk is None and self.instance.community.kind == Community.Kind.RURAL:
                # A village's households are rural: it decides urban or rural 低保.
                self.initial["registration_type"] = Household.RegistrationType.RURAL
        self.fields["compound"].queryset = compounds

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community") or self.instance.community
        compound = cleaned.get("compound")
        if compound and community and compound.community_id != community.pk:
            self.add_error("compound", _("This compound belongs to another community."))
        return cleaned


class MemberForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = MEMBER_FIELDS
        error_messages = {"id_number": ID_NUMBER_ERRORS}
        widgets = {
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
            # Six rows of a household, each select in one pass (burqin.widgets.LongSelect).
            "ethnicity": LongSelect,
            "relation": LongSelect,
            "disability_category": LongSelect,
            "disability_grade": LongSelect,
        }

    def has_changed(self):
        # A row removed in the browser posts nothing at all: an empty extra row, skipped (its
        # fields with defaults would otherwise count as changed and be required).
        if self.is_bound and not any(key.startswith(f"{self.prefix}-") for key in self.data):
            return False
        return super().has_changed()

    def _post_clean(self):
        # A member lives in the household's community; set it before the model is validated.
        # The formset's own household comes first: a town-wide user may be moving it.
        household = self.cleaned_data.get("household")
        if household is None and self.instance.household_id:
            household = self.instance.household
        if household is not None:
            self.instance.community_id = household.community_id
        super()._post_clean()


class BaseMemberFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        members = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not members:
            raise ValidationError(_("A household needs at least one member."))
        heads = [m for m in members if m.get("relation") == Resident.Relation.HEAD]
        if len(heads) != 1:
            raise ValidationError(
                _("A household has exactly one head; %(count)d members are marked as head.")
                % {"count": len(heads)}
            )


def member_formset(extra: int):
    return inlineformset_factory(
        Household,
        Resident,
        form=MemberForm,
        formset=BaseMemberFormSet,
        fk_name="household",
        extra=extra,
        can_delete=False,
    )


class ResidentForm(forms.ModelForm):
    """Editing one resident; moving them means choosing a household (or marking moved out)."""

    class Meta:
        model = Resident
        fields = [
            "id_number",
            "name",
            "household",
            *MEMBER_FIELDS[2:],
            "moved_out_on",
            "deceased_on",
        ]
        error_messages = {"id_number": ID_NUMBER_ERRORS}
        widgets = {
            "moved_out_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deceased_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "household": household_picker(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if not can_view_full_id(user):
            del self.fields["id_number"]
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related(
            "head", "community"
        )

    def clean(self):
        cleaned = super().clean()
        moved, died = cleaned.get("moved_out_on"), cleaned.get("deceased_on")
        if moved and moved < self.instance.birth_date:
            self.add_error("moved_out_on", _("This date is before the resident's birth."))
        if died and died < self.instance.birth_date:
            self.add_error("deceased_on", _("This date is before the resident's birth."))
        return cleaned

    def _post_clean(self):
        household = self.cleaned_data.get("household")
        if household is not None:
            self.instance.community = household.community
        super()._post_clean()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        """Refused here, before the importer reads a row: a file that is not a well-formed .xlsx
        or would expand beyond the import limits (the importer checks again, for the commands)."""
        upload = self.cleaned_data["file"]
        try:
            check_xlsx_archive(upload)
        except SpreadsheetError as exc:
            raise ValidationError(str(exc)) from None
        return upload
