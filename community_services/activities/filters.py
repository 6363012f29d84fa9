"""Filters of the event and cadre-training lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.filters import CommunityScopedFilterSet

from .models import CadreTraining, Event

DATE = forms.DateInput(attrs={"type": "date"})


class EventFilter(CommunityScopedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=DATE
    )
    town = django_filters.BooleanFilter(
        field_name="community", lookup_expr="isnull", label=_("Organised by the town")
    )

    class Meta:
        model = Event
        fields = ["kind", "date_from", "date_to", "town", "community"]


class CadreTrainingFilter(CommunityScopedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CadreTraining.Kind.choices, empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("From"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = CadreTraining
        fields = ["kind", "date_from", "date_to", "community"]
