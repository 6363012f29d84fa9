"""Community scope: the one rule deciding which rows a user may see.

Every view reads through ``Model.objects.visible_to(user)`` (or ``for_request``, which adds the
community filter a town-wide user chose) and fetches single objects with ``get_for_user``, so an
object of another community is a 404, never a 403 and never its data.

The models import this module (their managers are these querysets); it imports no model, so the
two never import each other.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest

TOWN_WIDE_GROUPS = ("civil_affairs", "town_official", "service_centre")
SESSION_FILTER_KEY = "community_filter"


def scope_community_ids(user) -> frozenset[int] | None:
    """The communities a user may see: ``None`` means all of them (town-wide)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_scope_community_ids", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        result = None
    else:
        # Through the user's side of the relation: this module imports no model (the models
        # import it for their querysets).
        try:
            profile = user.staff_profile
        except ObjectDoesNotExist:
            profile = None
        if profile is None:
            result = frozenset()
        elif profile.community_id is not None:
            result = frozenset({profile.community_id})
        elif user.groups.filter(name__in=TOWN_WIDE_GROUPS).exists():
            result = None
        else:
            result = frozenset()
    user._scope_community_ids = result
    return result


def is_town_wide(user) -> bool:
    return scope_community_ids(user) is None


def chosen_community_id(request: HttpRequest) -> int | None:
    """The community a town-wide user narrowed the lists to (kept in the session)."""
    if not is_town_wide(request.user):
        return None
    value = request.session.get(SESSION_FILTER_KEY)
    return int(value) if value else None


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to ``Community`` (``Model.scope_path``)."""

    def _scope_lookup(self) -> str:
        path = getattr(self.model, "scope_path", "community")
        return f"{path}__in" if path else "pk__in"

    def visible_to(self, user) -> "ScopedQuerySet":
        ids = scope_community_ids(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{self._scope_lookup(): ids})

    def for_request(self, request: HttpRequest) -> "ScopedQuerySet":
        """``visible_to`` plus the community filter a town-wide user chose."""
        queryset = self.visible_to(request.user)
        chosen = chosen_community_id(request)
        if chosen is not None:
            queryset = queryset.filter(**{self._scope_lookup(): [chosen]})
        return queryset

    def get_for_user(self, user, **lookup):
        """The object if the user may see it, otherwise ``Http404``."""
        try:
            return self.visible_to(user).get(**lookup)
        except self.model.DoesNotExist:
            raise Http404(f"No {self.model._meta.object_name} matches the given query.") from None


class TownWideQuerySet(models.QuerySet):
    """Records that serve the whole town (a month's batch, an enterprise, a job fair): anyone
    signed in with the model's permission opens them; the people inside are scoped."""

    def visible_to(self, user) -> "TownWideQuerySet":
        return self if user.is_authenticated and user.is_active else self.none()

    def get_for_user(self, user, **lookup):
        try:
            return self.visible_to(user).get(**lookup)
        except self.model.DoesNotExist:
            raise Http404(f"No {self.model._meta.object_name} matches the given query.") from None
