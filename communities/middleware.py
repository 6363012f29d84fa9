"""An account that is not set up yet sees what is missing, on every page, never a server error."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import StaffProfile
from .roles import COMMUNITY_STAFF, ROLES, has_role
from .scope import TOWN_WIDE_GROUPS

# Pages an incomplete account still needs: signing out and changing its password. The admin
# has its own checks (is_staff and model permissions).
OPEN_URL_NAMES = {"login", "logout", "password_change", "password_change_done"}
OPEN_NAMESPACES = {"admin"}


def _roles(*names):
    return Exists(Group.objects.filter(user=OuterRef("user_id"), name__in=names))


def account_gaps(user) -> list[str]:
    """What an account lacks before it can work, in words for its owner (empty when nothing).

    A role comes from a group, the community from the staff profile: an administrator can give
    one without the other. One query — the staff profile with its roles — which the scope rule
    then reads from the user's cache instead of loading the profile itself.
    """
    if not user.is_authenticated or user.is_superuser:
        return []
    profile = (
        StaffProfile.objects.filter(user=user)
        .annotate(
            any_role=_roles(*ROLES),
            staff_role=_roles(COMMUNITY_STAFF),
            town_role=_roles(*TOWN_WIDE_GROUPS),
        )
        .first()
    )
    # ``user.__class__``: ``request.user`` is a lazy object standing for the user.
    user.__class__.staff_profile.related.set_cached_value(user, profile)
    if profile is not None:
        StaffProfile.user.field.set_cached_value(profile, user)
    gaps = []
    if not (profile.any_role if profile else any(has_role(user, r) for r in ROLES)):
        gaps.append(
            _(
                "The account has no role: it must be in one of the groups community staff, "
                "civil-affairs officer, town official or town service centre."
            )
        )
    if profile is None:
        gaps.append(
            _(
                "The account has no staff profile: the profile says which community it works "
                "for (empty for town-wide roles)."
            )
        )
    elif profile.community_id is None and profile.staff_role and not profile.town_role:
        gaps.append(
            _("The account has the community staff role but its staff profile names no community.")
        )
    return gaps


class AccountSetupMiddleware:
    """Answers every page of a signed-in account lacking a role, a staff profile or (for
    community staff) a community with a page that says what to set and whom to ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and (
            match.url_name in OPEN_URL_NAMES or set(match.namespaces) & OPEN_NAMESPACES
        ):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        gaps = account_gaps(user)
        if not gaps:
            return None
        administrators = get_user_model().objects.filter(is_superuser=True, is_active=True)
        return render(
            request,
            "account_incomplete.html",
            {
                "gaps": gaps,
                "administrators": [
                    a.get_full_name() or a.get_username() for a in administrators[:5]
                ],
            },
            status=403,
        )
