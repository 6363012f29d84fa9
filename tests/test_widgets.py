"""SearchPicker renders the chosen record only, never the field's queryset; LongSelect writes
what a Select writes, in one pass."""

import re

import pytest
from django import forms

from burqin.widgets import LongSelect, SearchPicker
from communities.models import Community, Resident
from tests.factories import ResidentFactory


class PickForm(forms.Form):
    resident = forms.ModelChoiceField(
        queryset=Resident.objects.all(), widget=SearchPicker("communities:resident_pick")
    )
    many = forms.ModelMultipleChoiceField(
        queryset=Resident.objects.all(),
        required=False,
        widget=SearchPicker("communities:resident_pick", multiple=True),
    )


@pytest.mark.django_db
def test_it_renders_only_the_chosen_records_with_their_hidden_ids(django_assert_num_queries):
    chosen, other, third = (
        ResidentFactory(name="王芳"),
        ResidentFactory(name="李伟"),
        ResidentFactory(),
    )
    form = PickForm(initial={"resident": chosen.pk, "many": [other.pk]})
    with django_assert_num_queries(2):  # the chosen resident; the chosen many
        html = form.as_div()
    assert f'name="resident" value="{chosen.pk}"' in html
    assert 'value="王芳"' in html
    assert f'name="many" value="{other.pk}"' in html
    assert third.name not in html.replace(chosen.name, "").replace(other.name, "")
    assert "<option" not in html
    assert 'role="combobox"' in html and 'role="listbox"' in html


@pytest.mark.django_db
def test_a_removed_multiple_choice_posts_nothing_and_clears_the_field():
    form = PickForm(data={"resident": ResidentFactory().pk})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["many"]) == []


class LongForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("01", "汉族"), ("02", "蒙古族")])
    long = forms.ChoiceField(
        choices=[("", "全部"), ("01", "汉族"), ("02", "蒙古族")], widget=LongSelect
    )
    plain_model = forms.ModelChoiceField(queryset=Community.objects.all(), required=False)
    long_model = forms.ModelChoiceField(
        queryset=Community.objects.all(), required=False, widget=LongSelect
    )


def _options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>[^<]*</option>", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [None, {"plain": "02", "long": "02", "plain_model": "", "long_model": ""}]
)
def test_a_long_select_writes_the_options_a_select_writes(data, ehe, shenhu):
    if data:
        data |= {"plain_model": str(shenhu.pk), "long_model": str(shenhu.pk)}
    form = LongForm(data, initial={"plain": "01", "long": "01"})
    assert _options(str(form["long"])) == _options(str(form["plain"]))
    assert _options(str(form["long_model"])) == _options(str(form["plain_model"]))
    assert 'name="long"' in str(form["long"]) and 'id="id_long"' in str(form["long"])


@pytest.mark.django_db
def test_a_long_select_of_records_reads_them_in_one_query(ehe, shenhu, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = str(LongForm()["long_model"])
    assert "额河社区" in html and "神湖社区" in html


def test_every_lists_community_filter_is_written_in_one_pass():
    """Walks every view's declared FilterSet: a select of the communities (320 in a
    prefecture) is a LongSelect wherever a list offers it."""
    import django_filters

    from tests.scope_walk import ALL_PATTERNS

    checked, selects = set(), 0
    for _name, pattern in ALL_PATTERNS:
        filterset = getattr(pattern.callback, "filterset_class", None)
        if filterset is None or filterset in checked:
            continue
        checked.add(filterset)
        for name, field in filterset.base_filters.items():
            queryset = getattr(field, "queryset", None)
            if isinstance(field, django_filters.ModelChoiceFilter) and (
                queryset is not None and queryset.model is Community
            ):
                widget = field.extra.get("widget")
                assert widget is LongSelect, f"{filterset.__name__}.{name}: {widget}"
                selects += 1
    assert selects >= 10
