from burqin.navigation import navigation

from .models import Community
from .scope import chosen_community_id, is_town_wide


def scope(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"nav_items": navigation(user), "town_wide": is_town_wide(user)}
    if context["town_wide"]:
        context["filter_communities"] = Community.objects.visible_to(user).only("pk", "name")
        context["chosen_community_id"] = chosen_community_id(request)
    else:
        profile = getattr(user, "staff_profile", None)
        context["own_community"] = profile.community if profile else None
    return context
