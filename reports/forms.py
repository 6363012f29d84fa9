from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.periods import Period
from communities.models import Community


class BuildForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("2026-05 (month), 2026-H1 / 2026-H2 (half-year) or 2026 (year)"),
    )
    community = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Whole town"),
    )

    def __init__(self, *args, communities, town_wide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if not town_wide:
            self.fields["community"].required = True
            self.fields["community"].empty_label = None

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"]).key
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class NarrativeForm(forms.Form):
    """One textarea per section of the generated narrative."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        for title, text in report.narrative.items():
            self.fields[title] = forms.CharField(
                label=title,
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
