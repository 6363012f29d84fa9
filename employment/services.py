"""Writes of the employment module: fair check-in, registering seekers, placements."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.audit import acting_as
from communities.idnumbers import validate_id_number
from communities.models import Resident

from .models import FairAttendance, JobFair, JobSeeker, Placement

FOLLOW_UP_AFTER = relativedelta(months=3)


class CheckInResult:
    """What the check-in page tells the staff member: checked in, already there, or unknown."""

    def __init__(
        self, *, status: str, seeker=None, resident=None, attendance=None, message: str = ""
    ):
        self.status, self.seeker, self.resident = status, seeker, resident
        self.attendance, self.message = attendance, message


@transaction.atomic
def jobseeker_register(*, user, resident: Resident, **fields) -> JobSeeker:
    """Register a resident as a job seeker (idempotent: an existing seeker is returned)."""
    with acting_as(user):
        seeker, _created = JobSeeker.objects.get_or_create(
            resident=resident,
            defaults={
                "community_id": resident.community_id,
                "registered_on": timezone.localdate(),
                **fields,
            },
        )
    return seeker


def fair_check_in(*, user, fair: JobFair, id_number: str, residents) -> CheckInResult:
    """One ID entry: check the seeker in, or say they are already in, or offer registration.

    ``residents`` is the user's scoped queryset: a staff member finds only their community's
    people (someone else's resident reads as unknown, never as data).
    """
    try:
        number = validate_id_number(id_number)
    except ValidationError as exc:
        return CheckInResult(status="invalid", message=exc.messages[0])
    resident = residents.filter(id_number=number).select_related("job_seeker").first()
    if resident is None:
        return CheckInResult(
            status="unknown",
            message=_("No registered resident has this ID number; register the household first."),
        )
    seeker = getattr(resident, "job_seeker", None)
    if seeker is None:
        return CheckInResult(
            status="not_seeker",
            resident=resident,
            message=_("%(name)s is not yet registered as a job seeker.") % {"name": resident.name},
        )
    try:
        with transaction.atomic():
            attendance = FairAttendance.objects.create(fair=fair, seeker=seeker, checked_in_by=user)
    except IntegrityError:
        attendance = FairAttendance.objects.get(fair=fair, seeker=seeker)
        return CheckInResult(
            status="already",
            seeker=seeker,
            attendance=attendance,
            message=_("%(name)s already checked in at %(time)s — welcome back.")
            % {
                "name": resident.name,
                "time": timezone.localtime(attendance.checked_in_at).strftime("%H:%M"),
            },
        )
    return CheckInResult(
        status="checked_in",
        seeker=seeker,
        attendance=attendance,
        message=_("%(name)s checked in.") % {"name": resident.name},
    )


@transaction.atomic
def placement_create(
    *, user, seeker: JobSeeker, enterprise, vacancy, start_date: datetime.date, wage, contract: str
) -> Placement:
    """Place a seeker in a job; the seeker becomes employed. History rows name ``user``."""
    with acting_as(user):
        placement = Placement.objects.create(
            seeker=seeker,
            enterprise=enterprise,
            vacancy=vacancy,
            start_date=start_date,
            wage=wage,
            contract=contract,
            follow_up_due=start_date + FOLLOW_UP_AFTER,
        )
        # Saved, not updated in the database alone, so the seeker's history shows the change.
        seeker.status = JobSeeker.Status.EMPLOYED
        seeker.save(update_fields=["status"])
    return placement


@transaction.atomic
def placement_follow_up(
    *, placement: Placement, still_employed: bool, on: datetime.date | None = None
) -> Placement:
    placement.still_employed = still_employed
    placement.followed_up_on = on or timezone.localdate()
    placement.save(update_fields=["still_employed", "followed_up_on"])
    return placement
