"""Filters and forms of the allowance pages (welfare/allowances.py)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from burqin.forms import MonthField
from communities.models import Resident

from .filters import CommunityScopedFilterSet
from .forms import PlainForm


class _ResidentFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, pinyin, initials or last ID digits")}
        ),
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class DisabilityCandidateFilter(_ResidentFilter):
    disability_grade = django_filters.ChoiceFilter(
        label=_("disability grade"),
        choices=Resident.DisabilityGrade.choices,
        empty_label=_("All"),
    )
    disability_category = django_filters.ChoiceFilter(
        label=_("disability category"),
        choices=Resident.DisabilityCategory.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Resident
        fields = ["q", "community", "disability_grade", "disability_category"]


class ElderlyListFilter(_ResidentFilter):
    class Meta:
        model = Resident
        fields = ["q", "community"]


class DisabilityProposalForm(PlainForm):
    program = forms.CharField(widget=forms.HiddenInput)
    residents = forms.ModelMultipleChoiceField(
        label=_("Residents"),
        queryset=Resident.objects.none(),
        error_messages={"required": _("Choose at least one resident.")},
    )
    applied_on = forms.DateField(
        label=_("Applied on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = Resident.objects.visible_to(user)
        self.fields["applied_on"].initial = timezone.localdate()


class ElderlyConfirmForm(PlainForm):
    month = MonthField(label=_("Month"))
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
