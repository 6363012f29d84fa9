"""The roles (Django groups) and what each may do; data migrations apply these grants."""

COMMUNITY_STAFF = "community_staff"
CIVIL_AFFAIRS = "civil_affairs"
TOWN_OFFICIAL = "town_official"
ROLES = (COMMUNITY_STAFF, CIVIL_AFFAIRS, TOWN_OFFICIAL)


def has_role(user, role: str) -> bool:
    """Whether the user acts in ``role`` (superusers act in every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return role in cache


def grant(apps, schema_editor, grants: dict[str, list[str]]) -> None:
    """Give each group the listed ``app_label.codename`` permissions (creating what is missing)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def account_gaps(user) -> list[str]:
    """What an account lacks before it can work, in words for its owner (empty when nothing).

    A role comes from a group, the community from the staff profile: an administrator can give
    one without the other, and an account in that state sees what to set instead of a page
    that assumes both (communities.middleware.AccountSetupMiddleware).
    """
    from django.core.exceptions import ObjectDoesNotExist
    from django.utils.translation import gettext as _

    if not user.is_authenticated or user.is_superuser:
        return []
    roles = [role for role in ROLES if has_role(user, role)]
    try:
        profile = user.staff_profile
    except ObjectDoesNotExist:
        profile = None
    gaps = []
    if not roles:
        gaps.append(
            _(
                "The account has no role: it must be in one of the groups community staff, "
                "civil-affairs officer or town official."
            )
        )
    if profile is None:
        gaps.append(
            _(
                "The account has no staff profile: the profile says which community it works "
                "for (empty for town-wide roles)."
            )
        )
    elif (
        COMMUNITY_STAFF in roles
        and profile.community_id is None
        and not any(role in roles for role in (CIVIL_AFFAIRS, TOWN_OFFICIAL))
    ):
        gaps.append(
            _(
                "The account has the community staff role but its staff profile names no "
                "community."
            )
        )
    return gaps
