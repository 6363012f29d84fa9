"""LongSelect writes the HTML Django's Select would, in one pass."""

import re

from django import forms

from burqin.widgets import LongSelect

CHOICES = [("", "---------"), (1, "额河<社区>"), (2, "神湖 & 友谊峰"), (3, "切克台村")]


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_it_writes_what_djangos_select_writes_with_the_chosen_option_selected():
    attrs = {"class": "form-select", "id": "id_vacancy", "required": True}
    ours = LongSelect(choices=CHOICES).render("vacancy", 2, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("vacancy", 2, attrs=attrs)
    assert normalised(ours) == normalised(django)
    assert '<option value="2" selected>神湖 &amp; 友谊峰</option>' in ours
    assert "额河&lt;社区&gt;" in ours
