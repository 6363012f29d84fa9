"""SearchPicker renders the chosen record only, never the field's queryset."""

import pytest
from django import forms

from burqin.widgets import SearchPicker
from communities.models import Resident
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
