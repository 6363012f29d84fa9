"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class SearchPicker(forms.Widget):
    """A search-as-you-type choice of one record (or several, ``multiple=True``).

    Renders the chosen record(s) only — never the whole queryset — as hidden inputs carrying the
    ids, a search box (``role="combobox"``) and an empty ``role="listbox"``; static/js/forms.js
    asks ``search_url`` (``?q=``, answered by ``burqin.pickers.picker_response``) as the user
    types, and arrow keys / Enter / Escape move through and take the results. The field stays a
    ``ModelChoiceField`` over the user's scoped queryset, so the chosen id is validated against
    it on the server: another community's id is an invalid choice, never accepted.
    """

    def __init__(self, search_url: str, *, multiple: bool = False, label=None, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.multiple = multiple
        self.label = label
        self.choices = []

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.choices = self.choices
        return copy

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # Like a <select multiple>: removing every chosen record sends nothing, which is a value.
        return False if self.multiple else name not in data

    def format_value(self, value) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def chosen(self, ids: list[str]) -> list[tuple[str, str]]:
        """``(id, label)`` of the chosen records among the field's (scoped) queryset: one query,
        whatever the size of the community."""
        queryset = getattr(self.choices, "queryset", None)
        if not ids or queryset is None:
            return []
        ids = [i for i in ids if i.isdigit()]
        label = self.label or self.choices.field.label_from_instance
        return [(str(obj.pk), label(obj)) for obj in queryset.filter(pk__in=ids)]

    def render(self, name, value, attrs=None, renderer=None):
        from django.urls import reverse
        from django.utils.translation import gettext

        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.pop("id", None) or f"id_{name}"
        css = attrs.pop("class", "")
        chosen = self.chosen(self.format_value(value))
        listbox = f"{field_id}-results"
        if self.multiple:
            hidden = format_html(
                '<ul class="picker-chosen list-unstyled d-flex flex-wrap gap-1 mb-1">{}</ul>',
                format_html_join(
                    "",
                    '<li class="badge text-bg-light border picker-chip">{}'
                    '<input type="hidden" name="{}" value="{}">'
                    '<button type="button" class="btn-close ms-1" data-picker-remove '
                    'aria-label="{}"></button></li>',
                    (
                        (label, name, pk, gettext("Remove %(name)s") % {"name": label})
                        for pk, label in chosen
                    ),
                ),
            )
            text = ""
        else:
            hidden = format_html(
                '<input type="hidden" name="{}" value="{}" data-picker-value>',
                name,
                chosen[0][0] if chosen else "",
            )
            text = chosen[0][1] if chosen else ""
        search_attrs = {
            **attrs,
            "type": "search",
            "id": field_id,
            "class": " ".join(dict.fromkeys([*css.split(), "form-control", "picker-input"])),
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": listbox,
            "autocomplete": "off",
            "placeholder": gettext("Type a name, pinyin initials or the last ID digits"),
            "data-picker-url": reverse(self.search_url),
        }
        search_attrs.pop("required", None)
        return format_html(
            '<div class="picker position-relative" data-picker data-picker-name="{}" '
            'data-picker-remove-label="{}"{}>{}'
            '<input value="{}"{}>'
            '<div id="{}" role="listbox" class="list-group picker-results shadow-sm" '
            'aria-label="{}" hidden></div></div>',
            name,
            gettext("Remove"),
            mark_safe(" data-picker-multiple") if self.multiple else "",
            hidden,
            text,
            flatatt(search_attrs),
            listbox,
            gettext("Search results"),
        )


class LongSelect(forms.Select):
    """A ``<select>`` of many options (a prefecture's 320 communities, 56 ethnic groups in each
    row of a household form), written in one pass instead of one template per option: Django's
    templates took about 15 ms for 320 options, on every list and form page that shows them.

    The HTML is the same as ``forms.Select``'s; choices with groups fall back to it.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() would ask a ModelChoiceIterator its len(), a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # Like forms.Select: a single choice marks its first matching option only.
            selected = option_value in chosen
            if selected and not self.allow_multiple_selected:
                chosen = set()
            options.append((option_value, mark_safe(" selected") if selected else "", label))
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("\n", '  <option value="{}"{}>{}</option>', options),
        )
