"""The main menu, in groups: each entry shows only to users whose role may open it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# group label (None: a top-level link) → entries of (label, url name, permission needed or None)
MENU = [
    (None, [(_("Home"), "home", None)]),
    (
        _("Registry"),
        [
            (_("Communities"), "communities:community_list", "communities.view_community"),
            (_("Households"), "communities:household_list", "communities.view_household"),
            (_("Residents"), "communities:resident_list", "communities.view_resident"),
        ],
    ),
    (
        _("Services"),
        [
            (_("Quick entry"), "communities:servicerecord_quick", "communities.add_servicerecord"),
            (
                _("Service records"),
                "communities:servicerecord_list",
                "communities.view_servicerecord",
            ),
            (_("Volunteers"), "communities:volunteerteam_list", "communities.view_volunteerteam"),
            (_("1+1 pairings"), "communities:pairing_list", "communities.view_pairing"),
            (
                _("Interest classes"),
                "communities:interestclass_list",
                "communities.view_interestclass",
            ),
            (_("Projects"), "communities:project_list", "communities.view_project"),
        ],
    ),
    (
        _("Welfare"),
        [
            (_("Welfare enrollments"), "welfare:enrollment_list", "welfare.view_enrollment"),
            (_("Disbursements"), "welfare:batch_list", "welfare.view_disbursementbatch"),
            (_("Programs"), "welfare:program_list", "welfare.view_program"),
        ],
    ),
    (
        _("Reports"),
        [
            (_("Dashboard"), "reports:dashboard", "reports.view_report"),
            (_("Reports"), "reports:report_list", "reports.view_report"),
        ],
    ),
]


def navigation(user) -> list[dict]:
    """Groups with the entries this user may open; empty groups are left out."""
    groups = []
    for group, entries in MENU:
        items = [
            {"label": label, "url": reverse(url_name), "namespace": url_name.partition(":")[0]}
            for label, url_name, perm in entries
            if perm is None or user.has_perm(perm)
        ]
        if items:
            groups.append({"label": group, "items": items})
    if user.is_staff:
        groups.append(
            {
                "label": None,
                "items": [
                    {
                        "label": _("Administration"),
                        "url": reverse("admin:index"),
                        "namespace": "admin",
                    }
                ],
            }
        )
    return groups
