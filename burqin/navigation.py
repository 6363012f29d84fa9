"""The main menu, in groups: each entry shows only to users whose role may open it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
            (
                _("Quick entry"),
                "community_services:servicerecord_quick",
                "community_services.add_servicerecord",
            ),
            (
                _("Service records"),
                "community_services:servicerecord_list",
                "community_services.view_servicerecord",
            ),
            (
                _("Volunteers"),
                "community_services:volunteerteam_list",
                "community_services.view_volunteerteam",
            ),
            (
                _("1+1 pairings"),
                "community_services:pairing_list",
                "community_services.view_pairing",
            ),
            (
                _("Interest classes"),
                "community_services:interestclass_list",
                "community_services.view_interestclass",
            ),
            (_("Projects"), "community_services:project_list", "community_services.view_project"),
            (
                _("Festivals and sports meets"),
                "community_services:event_list",
                "community_services.view_event",
            ),
            (
                _("Cadre training"),
                "community_services:cadretraining_list",
                "community_services.view_cadretraining",
            ),
        ],
    ),
    (
        _("Employment"),
        [
            (_("Job seekers"), "employment:jobseeker_list", "employment.view_jobseeker"),
            (_("Job fairs"), "employment:jobfair_list", "employment.view_jobfair"),
            (_("Enterprises"), "employment:enterprise_list", "employment.view_enterprise"),
            (_("Placements"), "employment:placement_list", "employment.view_placement"),
            (
                _("Training classes"),
                "employment:trainingclass_list",
                "employment.view_trainingclass",
            ),
            (_("Contests"), "employment:contest_list", "employment.view_contest"),
            (
                _("E-commerce survey"),
                "employment:ecommercesurvey_list",
                "employment.view_ecommercesurvey",
            ),
            (
                _("Labor transfers"),
                "employment:labortransfer_list",
                "employment.view_labortransfer",
            ),
            (
                _("Pension contributions"),
                "employment:pensioncontribution_list",
                "employment.view_pensioncontribution",
            ),
        ],
    ),
    (
        _("Welfare"),
        [
            (_("Welfare enrollments"), "welfare:enrollment_list", "welfare.view_enrollment"),
            (_("Disbursements"), "welfare:batch_list", "welfare.view_disbursementbatch"),
            (_("Programs"), "welfare:program_list", "welfare.view_program"),
            (
                _("Extreme-poverty support"),
                "welfare:tekunsupport_list",
                "welfare.view_tekunsupport",
            ),
            (_("Temporary relief"), "welfare:reliefcase_list", "welfare.view_reliefcase"),
            (_("Emergency relief fund"), "welfare:fundincome_list", "welfare.view_fundincome"),
            (
                _("Disability subsidies"),
                "welfare:disability_proposals",
                "welfare.view_enrollment",
            ),
            (
                _("Elderly allowance"),
                "welfare:elderly_list",
                "welfare.view_elderlylistconfirmation",
            ),
        ],
    ),
    (
        pgettext_lazy("menu", "Duty"),
        [
            (_("Monthly rotas"), "duty_roster:rostermonth_list", "duty_roster.view_rostermonth"),
            (_("On duty now"), "duty_roster:duty_now", "duty_roster.view_assignment"),
            (_("My shifts"), "duty_roster:my_shifts", "duty_roster.view_assignment"),
            (_("Duty logs"), "duty_roster:dutylog_list", "duty_roster.view_dutylog"),
            (_("Patrols"), "duty_roster:patrol_list", "duty_roster.view_patrol"),
            (_("Duty members"), "duty_roster:dutymember_list", "duty_roster.view_dutymember"),
        ],
    ),
    (
        _("Reports"),
        [
            (_("Dashboard"), "reports:dashboard", "reports.view_report"),
            (_("Reports"), "reports:report_list", "reports.view_report"),
        ],
    ),
    (None, [(_("My exports"), "communities:exportjob_list", None)]),
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
