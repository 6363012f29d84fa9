"""List filters of 特困供养, housing aid and 临时救助 (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.filters import community_filter

from .filters import CommunityScopedFilterSet
from .relief_models import CareLevel, HousingGrant, ReliefCase, TekunSupport

SEARCH = forms.TextInput(attrs={"placeholder": _("Name, pinyin, initials or last ID digits")})


def _residents_matching(value):
    from communities.models import Resident

    return Resident.objects.search(value).values("pk")


class TekunSupportFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", widget=SEARCH)
    mode = django_filters.ChoiceFilter(
        label=_("Support mode"), choices=TekunSupport.Mode.choices, empty_label=_("All")
    )
    care_level = django_filters.ChoiceFilter(
        label=_("Care level"), choices=CareLevel.choices, empty_label=_("All")
    )
    community = community_filter(field_name="enrollment__community")

    class Meta:
        model = TekunSupport
        fields = ["q", "mode", "care_level", "community"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(enrollment__resident__in=_residents_matching(value))


class HousingGrantFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", widget=SEARCH)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of housing aid"), choices=HousingGrant.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=HousingGrant.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = HousingGrant
        fields = ["q", "kind", "status", "community"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(enrollment__resident__in=_residents_matching(value))


class ReliefCaseFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", widget=SEARCH)
    emergency = django_filters.ChoiceFilter(
        label=_("Emergency"), choices=ReliefCase.Emergency.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReliefCase.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = ReliefCase
        fields = ["q", "emergency", "status", "community"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(resident__in=_residents_matching(value))
