"""What the communities of a report cover: all of them (the town's report) or some.

The report sections take ``communities``, a queryset or a list. When it is every community, a
section reads its rows without a community filter: that filter lists every community's id in
every statement (320 ids at prefecture scale, on each of some forty statements), which costs
more than the figures themselves — building it, sending it, and testing each row against it —
and every row belongs to some community anyway. What only the town's report tells (the fairs,
the service centre, the town's own events) is told when ``covers_all`` is true.
"""

from django.db.models import Q, QuerySet

from .models import Community


def covers_all(communities) -> bool:
    """Whether ``communities`` is every community. ``Community.objects.all()`` is recognised
    without a query; a list or a filtered queryset is checked against the table, once for a
    queryset (the answer is kept on it, as its rows are: the sections of one report ask the
    same queryset)."""
    if isinstance(communities, QuerySet):
        if (
            communities.model is Community
            and not communities.query.where
            and not communities.query.is_sliced
        ):
            return True
        if not hasattr(communities, "_covers_all"):
            communities._covers_all = _checked(communities)
        return communities._covers_all
    return _checked(communities)


def _checked(communities) -> bool:
    ids = [c.pk for c in communities]
    return not Community.objects.exclude(pk__in=ids).exists()


def in_communities(path: str, communities, everywhere: bool) -> Q:
    """The condition "``path`` is one of ``communities``" — no condition when they are every
    community. ``path`` must lead to a community that every row has (a non-null relation):
    rows without a community are left out by the filter and kept without it."""
    return Q() if everywhere else Q(**{f"{path}__in": communities})
