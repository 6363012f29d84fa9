"""Welfare's sections of a person's and a household's record (communities/record.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.record import Section

from . import selectors
from .models import Disbursement, Enrollment


def _enrollments(queryset):
    return list(queryset.select_related("program", "resident").order_by("-applied_on", "-pk"))


def _sections(user, enrollments, payments) -> list[Section]:
    sections = []
    if user.has_perm("welfare.view_enrollment"):
        sections.append(
            Section(
                title=_("Enrollments"),
                template="welfare/_record_enrollments.html",
                data={"enrollments": _enrollments(enrollments)},
                order=10,
            )
        )
    if user.has_perm("welfare.view_disbursement"):
        sections.append(
            Section(
                title=_("Payments by month and program"),
                template="welfare/_record_payments.html",
                data={"table": selectors.payment_table(payments)},
                order=20,
            )
        )
    return sections


def resident_sections(resident, user) -> list[Section]:
    """The person's enrollments (their own and their household's) and every payment made to
    them as the beneficiary."""
    covered = Q(resident=resident)
    if resident.household_id:
        covered |= Q(household_id=resident.household_id)
    return _sections(
        user,
        Enrollment.objects.visible_to(user).filter(covered),
        Disbursement.objects.visible_to(user).filter(resident=resident),
    )


def household_sections(household, user) -> list[Section]:
    """The household's enrollments and every payment made to it."""
    return _sections(
        user,
        Enrollment.objects.visible_to(user).filter(household=household),
        Disbursement.objects.visible_to(user).filter(household=household),
    )
