"""Form bases and fields every app's forms use."""

from crispy_forms.helper import FormHelper
from django import forms

from .periods import parse_month


class CrispyModelForm(forms.ModelForm):
    """A model form rendered with crispy-forms inside a page's own ``<form>`` (no tag, no
    second CSRF token)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class MonthField(forms.CharField):
    """A month typed as ``YYYY-MM`` (the browser's month picker): cleans to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-05"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
