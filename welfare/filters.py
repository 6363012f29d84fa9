import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from burqin.forms import MonthField
from communities.filters import CommunityScopedFilterSet

from .models import Disbursement, Enrollment, Program


class EnrollmentFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, pinyin, initials or last ID digits")}
        ),
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.all(), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enrollment.Status.choices, empty_label=_("All")
    )
    due = django_filters.BooleanFilter(
        label=_("Due for annual review (30 days)"),
        method="filter_due",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Enrollment
        fields = ["q", "program", "status", "community"]

    def filter_search(self, queryset, name, value):
        from communities.models import Resident

        return queryset.filter(resident__in=Resident.objects.search(value).values("pk"))

    def filter_due(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.due_for_review(datetime.date.today() + datetime.timedelta(days=30))


class MonthFilter(django_filters.Filter):
    """A month typed as ``YYYY-MM``: one that is not a month is an error on the field (the list
    then shows what it shows without one), not an empty list."""

    field_class = MonthField

    def filter(self, qs, value):
        return qs.filter(period=value) if value else qs


def search_field():
    return django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, pinyin, initials, ID number or its last digits")}
        ),
    )


def beneficiaries_matching(request, value):
    """The beneficiaries a search names, among those the user may see (a subquery)."""
    from communities.models import Resident

    return Resident.objects.visible_to(request.user).search(value).values("pk")


class DisbursementFilter(CommunityScopedFilterSet):
    """Payments across batches: by name, full ID number or its tail, program, month."""

    q = search_field()
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.all(), empty_label=_("All")
    )
    month = MonthFilter(label=_("Month"))
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Disbursement.Source.choices, empty_label=_("All")
    )

    class Meta:
        model = Disbursement
        fields = ["q", "program", "month", "community", "source"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(resident__in=beneficiaries_matching(self.request, value))


class BatchRowFilter(CommunityScopedFilterSet):
    """The rows of one batch: by name or ID tail, community and the payment's state."""

    q = search_field()
    payment_status = django_filters.ChoiceFilter(
        label=_("Payment status"),
        choices=Disbursement.PaymentStatus.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Disbursement
        fields = ["q", "payment_status", "community"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(resident__in=beneficiaries_matching(self.request, value))
