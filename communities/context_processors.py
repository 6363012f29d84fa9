from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Community
from .scope import chosen_community_id, is_town_wide


def navigation(user) -> list[dict]:
    """The menu a user sees: only what their role may open."""
    items = [{"label": _("Home"), "url": reverse("home"), "name": "home"}]
    if user.has_perm("communities.view_community"):
        items.append(
            {
                "label": _("Communities"),
                "url": reverse("communities:community_list"),
                "name": "community",
            }
        )
    if user.has_perm("communities.view_household"):
        items.append(
            {
                "label": _("Households"),
                "url": reverse("communities:household_list"),
                "name": "household",
            }
        )
    if user.has_perm("communities.view_resident"):
        items.append(
            {
                "label": _("Residents"),
                "url": reverse("communities:resident_list"),
                "name": "resident",
            }
        )
    if user.has_perm("communities.add_resident"):
        items.append(
            {
                "label": _("Import residents"),
                "url": reverse("communities:resident_import"),
                "name": "resident_import",
            }
        )
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "name": "admin"})
    return items


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
