"""The roles (Django groups) and what each may do; data migrations apply these grants."""

from django.utils.translation import gettext_lazy as _

COMMUNITY_STAFF = "community_staff"
CIVIL_AFFAIRS = "civil_affairs"
TOWN_OFFICIAL = "town_official"
# The town's service centre (镇社区服务中心): serves residents of every community (town-wide
# scope, masked ID numbers) and records its own services, nothing else.
SERVICE_CENTRE = "service_centre"
ROLES = (COMMUNITY_STAFF, CIVIL_AFFAIRS, TOWN_OFFICIAL, SERVICE_CENTRE)
# The group names stay the codes above (migrations and permission checks use them); people read
# these (str(group), the admin).
ROLE_LABELS = {
    COMMUNITY_STAFF: _("Community staff"),
    CIVIL_AFFAIRS: _("Civil-affairs officer"),
    TOWN_OFFICIAL: _("Town official"),
    SERVICE_CENTRE: _("Town service centre staff"),
}
# Roles that work for one community and so need one on their staff profile.
COMMUNITY_ROLES = {COMMUNITY_STAFF}


def role_label(group) -> str:
    """A group as people read it: 社区工作人员 for ``community_staff``; other groups by name."""
    return str(ROLE_LABELS.get(group.name, group.name))


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
