"""Filters of the e-commerce survey records."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.filters import CommunityScopedFilterSet
from communities.models import Resident

from .models import EcommerceRecord, EcommerceSurvey


class EcommerceRecordFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    survey = django_filters.ModelChoiceFilter(
        label=_("Survey"), queryset=EcommerceSurvey.objects.all(), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of business"), choices=EcommerceRecord.Kind.choices, empty_label=_("All")
    )
    turnover = django_filters.ChoiceFilter(
        label=_("Monthly turnover"),
        choices=EcommerceRecord.Turnover.choices,
        empty_label=_("All"),
    )
    household = django_filters.BooleanFilter(
        field_name="household", lookup_expr="isnull", exclude=True, label=_("Household business")
    )

    class Meta:
        model = EcommerceRecord
        fields = ["q", "survey", "kind", "turnover", "household", "community"]

    def filter_q(self, queryset, name, value):
        """The operator by name, pinyin or ID digits, or the platform."""
        value = value.strip()
        if not value:
            return queryset
        residents = Resident.objects.search(value).values("pk")
        return queryset.filter(Q(resident__in=residents) | Q(platform__icontains=value))
