"""The main menu: each entry shows only to users whose role may open it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission needed or None, key used to mark the active entry)
MENU = [
    (_("Home"), "home", None, "home"),
    (_("Communities"), "communities:community_list", "communities.view_community", "community"),
    (_("Households"), "communities:household_list", "communities.view_household", "household"),
    (_("Residents"), "communities:resident_list", "communities.view_resident", "resident"),
    (_("Welfare enrollments"), "welfare:enrollment_list", "welfare.view_enrollment", "enrollment"),
    (_("Disbursements"), "welfare:batch_list", "welfare.view_disbursementbatch", "batch"),
    (_("Programs"), "welfare:program_list", "welfare.view_program", "program"),
    (_("Dashboard"), "reports:dashboard", "reports.view_report", "dashboard"),
    (_("Reports"), "reports:report_list", "reports.view_report", "report"),
]


def navigation(user) -> list[dict]:
    items = [
        {"label": label, "url": reverse(url_name), "name": key}
        for label, url_name, perm, key in MENU
        if perm is None or user.has_perm(perm)
    ]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "name": "admin"})
    return items
