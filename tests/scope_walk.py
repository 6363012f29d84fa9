"""The scope walk: plain functions that plant a record of every scoped model in another
community, then request every page and post every form of the project as staff of one's own
community, and report each place where the other community's records show through.

tests/test_scope.py runs them against the real views; the mutation tests there run them against
views patched to forget the scope and expect a report. Nothing here names a URL or a view: pages
come from the URLconf, a page's query parameters from its ``@query_parameters`` declaration
(burqin/lists.py), the records from ``tests.factories.IN_COMMUNITY``.
"""

import ast
import datetime
import inspect
import io
import textwrap

import django_filters
from django import forms
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from burqin.spreadsheets import XLSX_CONTENT_TYPE
from tests.factories import IN_COMMUNITY, URL_ALIASES

# The other community's name: every builder writes it into its record's text (``marked``), so a
# string carrying it on one's own pages is a leak, unambiguously.
MARK = "隔壁社区"
MARK_CODE = "gebi"
SKIPPED_NAMESPACES = {"admin"}  # Django admin: is_staff only, with its own permission checks
# Reads of request.GET that every list shares (burqin/lists.py), sent to every page anyway.
COMMON_PARAMETERS = {"page", "export"}
TEXT_FIELDS = (forms.CharField,)


# URLs and views ------------------------------------------------------------------------------


def url_patterns(patterns=None, namespace=None):
    """``(name, pattern)`` of every named URL of the project except the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from url_patterns(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


ALL_PATTERNS = list(url_patterns())
OBJECT_PATTERNS = [(n, p) for n, p in ALL_PATTERNS if p.pattern.converters]
LIST_PATTERNS = [(n, p) for n, p in ALL_PATTERNS if not p.pattern.converters]


def allowed_methods(view) -> set[str] | None:
    """The methods a view's ``require_GET`` / ``require_POST`` / ``require_http_methods``
    lets through (read from the decorator's closure), or ``None`` when it declares none."""
    if hasattr(view, "view_class"):
        return {m.upper() for m in view.view_class.http_method_names} - {"OPTIONS", "TRACE"}
    function = view
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = function.__closure__[code.co_freevars.index("request_method_list")]
            methods = set(cell.cell_contents)
            return methods | ({"HEAD"} if "GET" in methods else set())
        function = getattr(function, "__wrapped__", None)
    return None


def model_for(url_name: str) -> str | None:
    """``communities:household_detail`` → ``communities.household``: the longest registered
    model name the URL name starts with, preferring the URL's own app
    (``welfare:household_welfare`` → ``communities.household``)."""
    app_label, _, name = url_name.rpartition(":")
    names = {label: label for label in IN_COMMUNITY} | URL_ALIASES
    candidates = [alias for alias in names if name.startswith(alias.split(".")[1] + "_")]
    if not candidates:
        return None
    best = max(candidates, key=lambda alias: (alias.split(".")[0] == app_label, len(alias)))
    return names[best]


def _module_functions(view):
    """The view's own function and the module-level functions of its module it calls, read
    as syntax trees (a helper such as ``_resident_record_list`` reads the request too)."""
    function = inspect.unwrap(view)
    module = inspect.getmodule(function)
    seen, todo, trees = set(), [function], []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        tree = ast.parse(textwrap.dedent(inspect.getsource(current)))
        trees.append(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called = getattr(module, node.func.id, None)
                if inspect.isfunction(called) and called.__module__ == module.__name__:
                    todo.append(called)
    return function, trees


def _request_keys(trees, attribute: str) -> set[str]:
    """The keys read from ``request.GET`` / ``request.POST``: ``.get("k")``, ``.getlist("k")``,
    ``["k"]`` and ``"k" in``."""

    def is_source(node):
        return (
            isinstance(node, ast.Attribute)
            and node.attr == attribute
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        )

    keys = set()
    for tree in trees:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "getlist")
                and is_source(node.func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and is_source(node.value):
                if isinstance(node.slice, ast.Constant):
                    keys.add(node.slice.value)
            elif (
                isinstance(node, ast.Compare)
                and any(is_source(c) for c in node.comparators)
                and isinstance(node.left, ast.Constant)
            ):
                keys.add(node.left.value)
    return keys


def undeclared_query_parameters(view) -> set[str]:
    """What a view reads from its query string without declaring it (``@query_parameters``)."""
    _function, trees = _module_functions(view)
    declared = set(getattr(view, "search_parameters", ())) | set(
        getattr(view, "value_parameters", {})
    )
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        declared |= set(filterset.base_filters)
    undeclared = _request_keys(trees, "GET") - declared - COMMON_PARAMETERS
    # A FilterSet fed from request.GET reads every key of its own: it must be the declared one.
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and any(
                isinstance(a, ast.Attribute) and a.attr == "GET" for a in ast.walk(node)
            ):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name.endswith("Filter") and (filterset is None or filterset.__name__ != name):
                    undeclared.add(f"FilterSet {name}")
    return undeclared


# Scoped models and their records -------------------------------------------------------------


def is_historical(model) -> bool:
    """django-simple-history's shadow tables: never shown as lists of their own."""
    return hasattr(model, "instance_type")


def path_to_community(model, depth: int = 4) -> bool:
    """Whether a chain of foreign keys leads from the model to Community."""
    from communities.models import Community

    if model is Community:
        return True
    if depth == 0:
        return False
    return any(
        path_to_community(field.related_model, depth - 1)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not model
    )


def scoped_models() -> list[str]:
    """Every model a community's records live in: its queryset has ``visible_to`` or a foreign
    key path leads to Community."""
    return sorted(
        model._meta.label_lower
        for model in apps.get_models()
        if not is_historical(model)
        and (hasattr(model._default_manager, "visible_to") or path_to_community(model))
    )


def plant(community) -> dict[str, object]:
    """One record of every scoped model in the community (each built by its own builder)."""
    return {label: IN_COMMUNITY[label](community) for label in scoped_models()}


def visible_strings(obj) -> set[str]:
    """What a page showing the record could show of it: its ``str()`` and its text fields
    (names, ID numbers, addresses, phones, titles, notes)."""
    strings = {str(obj)}
    for field in obj._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField") and not field.choices:
            value = getattr(obj, field.attname)
            if value:
                strings.add(str(value))
    return strings


def markers(community) -> dict[str, str]:
    """The strings that prove a leak → the model they belong to: every visible string carrying
    the other community's mark, and the ID numbers and phones (unique by construction), of every
    record of the community — the planted ones and the rows their builders made around them."""
    found = {}
    for label in scoped_models():
        model = apps.get_model(label)
        queryset = model._default_manager.all()
        if not hasattr(queryset, "_scope_lookup"):
            continue  # town-wide records (a month's batch) are open to all; their rows are not
        for obj in queryset.filter(**{queryset._scope_lookup(): [community.pk]}):
            for text in visible_strings(obj):
                if MARK in text:
                    found[text] = label
            for field in ("id_number", "phone"):
                value = getattr(obj, field, "")
                if isinstance(value, str) and len(value) >= 11:
                    found[value] = label
    return found


def search_terms(planted: dict[str, object]) -> list[str]:
    """What a user types into a search box to find the other community's records: the mark,
    its pinyin and initials, a full ID number and its last digits."""
    id_number = planted["communities.resident"].id_number
    return [MARK[:2], MARK_CODE, "gbsq", id_number, id_number[-4:]]


# The list half of the walk -------------------------------------------------------------------


def _filter_values(flt, theirs: dict[str, object], terms: list[str]) -> list:
    if isinstance(flt, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        queryset = flt.extra.get("queryset")
        model = getattr(queryset, "model", None)
        return [obj.pk for obj in theirs.values() if model and isinstance(obj, model)]
    if isinstance(flt, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = flt.extra.get("choices") or []
        choices = choices() if callable(choices) else choices
        return [value for value, _label in choices if value not in ("", None)]
    if isinstance(flt, django_filters.BooleanFilter):
        return ["true", "on"]
    if isinstance(flt, django_filters.DateFilter):
        return [datetime.date.today().isoformat(), "2026-03-01"]
    if isinstance(flt, django_filters.NumberFilter):
        return ["0", "30"]
    return [*terms, "2026-03"]


def list_queries(view, theirs: dict[str, object]) -> list[dict]:
    """Every query string to request a page with: none, each filter of its FilterSet with each
    of its values (the other community's objects for model choices), each declared search
    parameter with each search term, each declared parameter with its values — and the plain
    and searched ones again as an Excel export."""
    terms = search_terms(theirs)
    queries = [{}]
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        for name, flt in filterset.base_filters.items():
            queries += [{name: value} for value in _filter_values(flt, theirs, terms)]
    for name in getattr(view, "search_parameters", ()):
        queries += [{name: term} for term in terms]
    for name, spec in getattr(view, "value_parameters", {}).items():
        if isinstance(spec, type) and hasattr(spec, "_meta"):
            values = [obj.pk for obj in theirs.values() if isinstance(obj, spec)]
        else:
            values = spec() if callable(spec) else spec
        queries += [{name: value} for value in values]
    # The export reads the same filtered queryset: once plain, once per search term.
    searched = [q for q in queries if any(v in terms for v in q.values())]
    return queries + [{**query, "export": "xlsx"} for query in [{}, *searched]]


def response_text(response) -> str:
    """The page's HTML, or every cell of an Excel download (streamed or not)."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if response.get("Content-Type", "").startswith(XLSX_CONTENT_TYPE):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return body.decode("utf-8", errors="ignore")


def leaks_in(response, found: dict[str, str], query: dict) -> list[str]:
    """The other community's strings on the page (those the user typed excepted)."""
    body = response_text(response)
    sent = [str(v) for v in query.values()]
    return [
        f"{text} ({label})"
        for text, label in found.items()
        if text in body and not any(text in value for value in sent)
    ]


def _page_kwargs(name, pattern, mine, theirs):
    """An object URL of one's own (a town-wide one: the one holding the other's rows)."""
    from tests.factories import TOWN_WIDE

    label = model_for(name)
    if label is None:
        return None
    obj = theirs[label] if label in TOWN_WIDE else mine[label]
    return dict.fromkeys(pattern.pattern.converters, obj.pk)


def find_list_leaks(client, mine, theirs, names=None) -> list[str]:
    """Request every page that answers GET — each list with every query of ``list_queries``,
    each object page of one's own — and report the other community's strings on it."""
    found = markers(theirs["communities.community"])
    problems = []
    for name, pattern in url_patterns():
        if names is not None and name not in names:
            continue
        view = pattern.callback
        if "GET" not in (allowed_methods(view) or {"GET"}):
            continue
        if pattern.pattern.converters:
            kwargs = _page_kwargs(name, pattern, mine, theirs)
            if kwargs is None:
                continue
            url, queries = reverse(name, kwargs=kwargs), [{}, {"export": "xlsx"}]
        else:
            url, queries = reverse(name), list_queries(view, theirs)
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                problems.append(f"GET {url} {query}: {response.status_code}")
            leaks = leaks_in(response, found, query)
            problems += [f"GET {url} {query} shows {leak}" for leak in leaks]
    return problems


# The form half of the walk -------------------------------------------------------------------


def _form_fields(view) -> dict[str, forms.Field]:
    """The fields of every form class the view (or a helper of its module) names."""
    function, trees = _module_functions(view)
    namespace = function.__globals__
    fields = {}
    for tree in trees:
        for node in ast.walk(tree):
            target = None
            if isinstance(node, ast.Name):
                target = namespace.get(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                target = getattr(namespace.get(node.value.id), node.attr, None)
            if isinstance(target, type) and issubclass(target, forms.BaseForm):
                fields.update(target.base_fields)
    return fields


def _model_named(key: str):
    """A raw POST key's model: ``assignment`` → Assignment, ``to_member`` → DutyMember."""
    last = key.rsplit("_", 1)[-1]
    for label in IN_COMMUNITY:
        model = apps.get_model(label)
        if model._meta.model_name in (key, last) or model._meta.model_name.endswith(last):
            return model
    return None


def _filler(name, field, mine):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [obj.pk for obj in mine.values() if isinstance(obj, field.queryset.model)][:1]
    if isinstance(field, forms.ModelChoiceField):
        own = [obj.pk for obj in mine.values() if isinstance(obj, field.queryset.model)]
        return own[0] if own else (field.queryset.values_list("pk", flat=True).first() or "")
    if isinstance(field, forms.ChoiceField):
        choices = [value for value, _label in field.choices if value not in ("", None)]
        return choices[0] if choices else ""
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.DateField):
        return datetime.date.today().isoformat()
    if isinstance(field, forms.TimeField):
        return "08:00"
    if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        return "1"
    if isinstance(field, forms.FileField):
        return ""
    if name == "id_number":
        return mine["communities.resident"].id_number
    if "month" in name:
        return f"{datetime.date.today():%Y-%m}"
    return "测试"


def references(obj) -> tuple:
    """How many rows point at the object, relation by relation."""
    counts = []
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if is_historical(model):
            continue
        counts.append(model._base_manager.filter(**{relation.field.name: obj}).count())
    return tuple(counts)


def _scoped(obj) -> bool:
    """A record of a community (not a town-wide one, such as an enterprise)."""
    return hasattr(obj._meta.model._default_manager.all(), "_scope_lookup")


def post_targets(view, theirs) -> list[tuple[str, object, object]]:
    """``(key, value, foreign object)`` for every posted key that names a record: a model
    choice of the view's forms, an ``id_number``, or a raw key named after a model."""
    theirs = {label: obj for label, obj in theirs.items() if _scoped(obj)}
    targets = []
    for name, field in _form_fields(view).items():
        if isinstance(field, forms.ModelChoiceField):
            model = field.queryset.model
            foreign = [obj for obj in theirs.values() if isinstance(obj, model)]
            for obj in foreign[:1]:
                many = isinstance(field, forms.ModelMultipleChoiceField)
                targets.append((name, [obj.pk] if many else obj.pk, obj))
        elif name == "id_number":
            resident = theirs["communities.resident"]
            targets.append((name, resident.id_number, resident))
    _function, trees = _module_functions(view)
    for key in _request_keys(trees, "POST"):
        model = _model_named(key)
        foreign = [obj for obj in theirs.values() if model and isinstance(obj, model)]
        for obj in foreign[:1]:
            targets.append((key, obj.pk, obj))
    return targets


def find_form_leaks(client, mine, theirs, names=None) -> list[str]:
    """Post every form that names a record with the other community's record instead of one's
    own; report each post that answers 5xx or leaves a row pointing at the foreign record (it
    must be refused: a form error or a 404)."""
    problems = []
    for name, pattern in url_patterns():
        if names is not None and name not in names:
            continue
        view = pattern.callback
        if "POST" not in (allowed_methods(view) or set()) or hasattr(view, "view_class"):
            continue
        kwargs = {}
        if pattern.pattern.converters:
            kwargs = _page_kwargs(name, pattern, mine, theirs)
            if kwargs is None:
                continue
        url = reverse(name, kwargs=kwargs)
        fields = _form_fields(view)
        data = {key: _filler(key, field, mine) for key, field in fields.items()}
        for key, value, foreign in post_targets(view, theirs):
            before = references(foreign)
            response = client.post(url, {**data, key: value})
            if response.status_code >= 500:
                problems.append(f"POST {url} {key}={value}: {response.status_code}")
            if references(foreign) != before:
                problems.append(
                    f"POST {url} with {key}={value} wrote a row pointing at another community's "
                    f"{foreign._meta.label_lower} {foreign}"
                )
    return problems
