"""Filters of the community services' lists."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.filters import CommunityScopedFilterSet

from .models import Pairing, Project, ServiceCategory, ServiceRecord
from .selectors import overdue_pairings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceRecordFilter(CommunityScopedFilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=DATE
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ServiceCategory.objects.all(), empty_label=_("All")
    )
    charge = django_filters.ChoiceFilter(
        label=_("Charge"), choices=ServiceRecord.Charge.choices, empty_label=_("All")
    )
    provider = django_filters.ChoiceFilter(
        label=_("Given by"), choices=ServiceRecord.Provider.choices, empty_label=_("All")
    )

    class Meta:
        model = ServiceRecord
        fields = ["date_from", "date_to", "category", "charge", "provider", "community"]

    # Without a start date the list, its count, its totals by charge and its export begin on
    # the first of the month (of the end date, else this month): the records a station tells
    # in its month, and a page of a prefecture's five years of records that counts a month,
    # not every record. ``default_from`` is that date, told on the page.
    default_from: datetime.date | None = None

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            records = super().qs
            data = self.form.cleaned_data if self.is_bound else {}
            if data.get("date_from") is None:
                end = data.get("date_to") or timezone.localdate()
                self.default_from = end.replace(day=1)
                records = records.filter(date__gte=self.default_from)
            self._qs = records
        return self._qs


class PairingFilter(CommunityScopedFilterSet):
    overdue = django_filters.NumberFilter(
        label=_("Not visited for (days)"),
        method="filter_overdue",
        widget=forms.NumberInput(attrs={"min": 1, "placeholder": "30"}),
    )

    class Meta:
        model = Pairing
        fields = ["overdue", "community"]

    def filter_overdue(self, queryset, name, value):
        return overdue_pairings(queryset, int(value)) if value else queryset


class ProjectFilter(CommunityScopedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Project.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Project
        fields = ["kind", "status", "community"]
