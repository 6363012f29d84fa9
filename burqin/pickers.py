"""The search behind every picker (burqin.widgets.SearchPicker): each app routes a thin view
per kind of record that scopes its queryset, narrows it by ``q`` and hands it here."""

from django.shortcuts import render

# Enough to find someone by typing a little more; a picker never lists a whole community.
PICKER_LIMIT = 10


def picker_response(request, queryset, *, label, detail=None):
    """The ``role="option"`` rows for the first ``PICKER_LIMIT`` records of ``queryset`` (already
    scoped and searched by the caller): one query, whatever the size of the community."""
    rows = list(queryset[: PICKER_LIMIT + 1])
    items = [
        {"pk": obj.pk, "label": label(obj), "detail": detail(obj) if detail else ""}
        for obj in rows[:PICKER_LIMIT]
    ]
    return render(
        request,
        "partials/picker_results.html",
        {"items": items, "more": len(rows) > PICKER_LIMIT, "query": request.GET.get("q", "")},
    )
