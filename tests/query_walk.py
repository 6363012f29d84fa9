"""The query-count walk: request every page of the project — each list with its filters and
searches, each object page, each form, each export (``?export=xlsx``) and each htmx partial
(``HX-Request``) — and count the SQL queries each one makes.

tests/test_query_counts_walk.py counts them at two data sizes and fails on every page whose
count changed (an N+1: a query per row); devtools' benchmark times the same requests on a loaded
dataset. Nothing here names a URL or a view: pages come from the URLconf (tests/scope_walk.py),
their query parameters from ``@query_parameters``, the records from ``tests.factories``.
"""

import inspect
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, connection, models, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import scope_walk
from tests.factories import IN_COMMUNITY, LIST_ONLY, TOWN_WIDE, next_id_number


@dataclass(frozen=True)
class Request:
    """One request of the walk: ``label`` names it in a failure (URL name and parameters)."""

    label: str
    url: str
    query: tuple
    htmx: bool = False

    def send(self, client):
        headers = {"HX-Request": "true"} if self.htmx else {}
        response = client.get(self.url, dict(self.query), headers=headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # an export reads its rows while streaming
        return response


def _source(view) -> str:
    return inspect.getsource(inspect.getmodule(inspect.unwrap(view)))


def _answers_get(view) -> bool:
    return "GET" in (scope_walk.allowed_methods(view) or {"GET"})


def requests_for(objects: dict[str, object]) -> list[Request]:
    """Every GET request of the walk, its objects and filter values taken from ``objects``
    (one record of every scoped model, as ``scope_walk.plant`` returns them)."""
    walk = []
    if objects.get("communities.resident") is None:
        return walk  # the searches take a resident's name and ID number
    for name, pattern in scope_walk.ALL_PATTERNS:
        view = pattern.callback
        if not _answers_get(view):
            continue
        source = _source(view)
        exports = "export" in source
        htmx = "htmx" in source
        if pattern.pattern.converters:
            label = scope_walk.model_for(name)
            if objects.get(label) is None:
                continue
            kwargs = dict.fromkeys(pattern.pattern.converters, objects[label].pk)
            queries = [{}]
        else:
            kwargs = {}
            queries = _distinct_paths(scope_walk.list_queries(view, objects), exports)
        url = reverse(name, kwargs=kwargs)
        if pattern.pattern.converters and exports:
            queries.append({"export": "xlsx"})
        for query in queries:
            key = tuple(sorted((k, str(v)) for k, v in query.items()))
            walk.append(Request(f"{name} {dict(key)}", url, key))
        if htmx:
            walk.append(Request(f"{name} (htmx)", url, (), htmx=True))
    return walk


def _distinct_paths(queries: list[dict], exports: bool) -> list[dict]:
    """A query string per code path: each parameter with at most two of its values (a choice,
    a search term), the export once plain when the view has one."""
    kept, seen = [], {}
    for query in queries:
        if "export" in query:
            if exports and len(query) == 1:
                kept.append(query)
            continue
        key = tuple(sorted(query))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= 2:
            kept.append(query)
    return kept


def count_queries(client, walk: list[Request]) -> dict[str, int | str]:
    """``{label: number of queries}`` (or the status of a response that is not a page)."""
    counts = {}
    for request in walk:
        cache.clear()  # a page cached by the previous request would count fewer queries
        reset_queries()  # the log keeps 9,000 queries: a full log would count none
        with CaptureQueriesContext(connection) as captured:
            response = request.send(client)
        if response.status_code >= 500:
            counts[request.label] = f"status {response.status_code}"
        else:
            counts[request.label] = len(captured)
    return counts


# Growing the data ----------------------------------------------------------------------------


def _unique_value(field, value):
    if field.name == "id_number":
        return next_id_number()
    if isinstance(field, models.CharField | models.TextField):
        suffix = f"~{next_id_number()[-6:]}"
        return f"{value or ''}"[: (field.max_length or 1000) - len(suffix)] + suffix
    return value


def _clone(child, community) -> bool:
    """Save a copy of ``child`` (new primary key; unique text varied). A copy that breaks a
    unique constraint gets, for the constraint's other foreign keys, records built anew in the
    community (a new resident, a new job seeker). Returns whether a copy was saved."""
    model = type(child)
    copy = model._base_manager.get(pk=child.pk)
    copy.pk = None
    copy._state.adding = True
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            setattr(copy, field.attname, _unique_value(field, getattr(copy, field.attname)))
    for attempt in range(2):
        try:
            with transaction.atomic():
                model._base_manager.bulk_create([copy])
            return True
        except IntegrityError:
            if attempt:
                return False
            groups = [c.fields for c in model._meta.constraints if hasattr(c, "fields")]
            groups += list(model._meta.unique_together)
            for group in groups:
                for name in group:
                    field = model._meta.get_field(name)
                    label = field.related_model._meta.label_lower if field.is_relation else None
                    if label in IN_COMMUNITY and label not in TOWN_WIDE:
                        setattr(copy, name, IN_COMMUNITY[label](community))
                    elif not field.is_relation:
                        setattr(copy, name, _unique_value(field, getattr(copy, name)))
            copy.pk = None
    return False


def plant_more(community) -> None:
    """Another record of every scoped model (and of the list-only ones) in the community; a
    builder whose record may exist once only (a community's figure for a year) is skipped."""
    for build in [
        *(IN_COMMUNITY[label] for label in scope_walk.scoped_models()),
        *LIST_ONLY.values(),
    ]:
        try:
            with transaction.atomic():
                build(community)
        except IntegrityError:
            pass


def grow(objects: dict[str, object], community, times: int = 3) -> None:
    """More rows behind every page: ``times`` more copies of every row pointing at each of the
    objects (a household's members, a batch's payments, a fair's attendances…)."""
    for obj in objects.values():
        for relation in obj._meta.related_objects:
            if relation.many_to_many or scope_walk.is_historical(relation.related_model):
                continue
            children = list(
                relation.related_model._base_manager.filter(**{relation.field.name: obj})[:3]
            )
            for child in children:
                for _ in range(times):
                    _clone(child, community)
