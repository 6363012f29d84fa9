import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from burqin.widgets import LongSelect

from .ethnicity import Ethnicity
from .models import Community, Compound, Household, Resident
from .scope import is_town_wide

YES_NO = [("1", _("Yes")), ("0", _("No"))]


# Digits typed into the household search read as the tail of the head's ID from this many on;
# fewer are a room or building number of the address.
HEAD_ID_DIGITS = 4


def community_filter(**options) -> django_filters.ModelChoiceFilter:
    """A list's community filter: the user's communities (``CommunityScopedFilterSet`` sets
    them), written in one pass (``LongSelect``: a prefecture has 320)."""
    return django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=Community.objects.none(),
        empty_label=_("All"),
        widget=LongSelect,
        **options,
    )


class CommunityScopedFilterSet(django_filters.FilterSet):
    """Offers the community filter to town-wide users only (staff see one community anyway)."""

    community = community_filter()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if is_town_wide(request.user):
            self.filters["community"].queryset = Community.objects.visible_to(request.user)
        else:
            del self.filters["community"]


class ResidentFilter(CommunityScopedFilterSet):
    STATUS_CHOICES = [
        ("current", _("Living here")),
        ("moved_out", _("Moved out")),
        ("deceased", _("Deceased")),
        ("all", _("All")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, pinyin, initials or last ID digits"), "autofocus": True}
        ),
    )
    flags = django_filters.MultipleChoiceFilter(
        label=_("Flags"),
        choices=list(Resident.FLAGS.items()),
        method="filter_flags",
        widget=forms.CheckboxSelectMultiple,
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        choices=[(key, spec[0]) for key, spec in Resident.AGE_BANDS.items()],
        method="filter_age_band",
        empty_label=_("All"),
    )
    ethnicity = django_filters.ChoiceFilter(
        label=_("Ethnicity"), choices=Ethnicity.choices, empty_label=_("All"), widget=LongSelect
    )
    sex = django_filters.ChoiceFilter(
        label=_("Sex"), choices=Resident.Sex.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    without_household = django_filters.BooleanFilter(
        label=_("Without household"),
        method="filter_without_household",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Resident
        fields = ["q", "community", "flags", "age_band", "ethnicity", "sex", "status"]

    def __init__(self, data=None, *args, request, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "current")
        super().__init__(data, *args, request=request, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_flags(self, queryset, name, value):
        return queryset.filter(**{flag: True for flag in value if flag in Resident.FLAGS})

    def filter_age_band(self, queryset, name, value):
        return queryset.in_age_band(value)

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        if value == "moved_out":
            return queryset.filter(moved_out_on__isnull=False)
        if value == "deceased":
            return queryset.filter(deceased_on__isnull=False)
        return queryset

    def filter_without_household(self, queryset, name, value):
        return queryset.filter(household__isnull=True) if value else queryset


class HouseholdFilter(CommunityScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Address, or the head's name, pinyin, initials or last ID digits")
            }
        ),
    )
    compound = django_filters.ModelChoiceFilter(
        label=_("Compound"), queryset=Compound.objects.none(), widget=LongSelect
    )
    registration_type = django_filters.ChoiceFilter(
        label=_("Registration type"), choices=Household.RegistrationType.choices
    )
    without_head = django_filters.BooleanFilter(
        label=_("Without head"), method="filter_without_head", widget=forms.CheckboxInput
    )

    class Meta:
        model = Household
        fields = ["q", "community", "compound", "registration_type"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["compound"].queryset = Compound.objects.visible_to(
            request.user
        ).select_related("community")

    def filter_search(self, queryset, name, value):
        # The head is found as the resident search finds anyone (the start of the name, pinyin,
        # initials or the last ID digits, each from an index), not by any part of the name:
        # "any part" joined every household to its head and read both tables whole (0.35 s
        # for a prefecture's town-wide list); the address is still matched anywhere.
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit() and len(value) < HEAD_ID_DIGITS:
            # A few digits are a room or building number, not the tail of the head's ID.
            return queryset.filter(address__contains=value)
        heads = Resident.objects.search(value).values("pk")
        return queryset.filter(Q(address__contains=value) | Q(head__in=heads))

    def filter_without_head(self, queryset, name, value):
        return queryset.filter(head__isnull=True) if value else queryset
