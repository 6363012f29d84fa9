"""Writes of the employment module: enterprises, job fairs, training classes and contests;
fair check-in, registering seekers, placements, vacancies, referrals, trainees and contest
entrants, labor transfers and pension contributions. Each takes
values (never a form), runs in one transaction and writes history in the name of ``user``."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.audit import acting_as
from communities.idnumbers import validate_id_number
from communities.models import Resident

from .models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    Trainee,
    TrainingClass,
    Vacancy,
)

FOLLOW_UP_AFTER = relativedelta(months=3)


class CheckInResult:
    """What the check-in page tells the staff member: checked in, already there, or unknown."""

    def __init__(
        self, *, status: str, seeker=None, resident=None, attendance=None, message: str = ""
    ):
        self.status, self.seeker, self.resident = status, seeker, resident
        self.attendance, self.message = attendance, message


@transaction.atomic
def enterprise_create(*, user, **fields) -> Enterprise:
    """Register an enterprise (``fields``: its own, e.g. name, credit code, industry)."""
    with acting_as(user):
        return Enterprise.objects.create(**fields)


@transaction.atomic
def job_fair_create(*, user, enterprises=(), **fields) -> JobFair:
    """Announce a job fair and the enterprises taking part; its history, the enterprises
    included, names ``user``."""
    with acting_as(user):
        fair = JobFair.objects.create(**fields)
        fair.enterprises.set(enterprises)
    return fair


@transaction.atomic
def training_class_create(*, user, **fields) -> TrainingClass:
    """Open a training class (``fields``: subject, dates, hours, trainer, capacity, …)."""
    with acting_as(user):
        return TrainingClass.objects.create(**fields)


@transaction.atomic
def contest_create(*, user, **fields) -> Contest:
    """Announce an entrepreneurship contest (``fields``: name, date, organiser)."""
    with acting_as(user):
        return Contest.objects.create(**fields)


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
    *, placement: Placement, still_employed: bool, on: datetime.date | None = None, user=None
) -> Placement:
    placement.still_employed = still_employed
    placement.followed_up_on = on or timezone.localdate()
    with acting_as(user):
        placement.save(update_fields=["still_employed", "followed_up_on"])
    return placement


@transaction.atomic
def vacancy_add(*, user, enterprise: Enterprise, **fields) -> Vacancy:
    """A vacancy of ``enterprise`` (``fields``: the vacancy's own, e.g. title, headcount)."""
    with acting_as(user):
        return Vacancy.objects.create(enterprise=enterprise, **fields)


@transaction.atomic
def fair_attendance_referrals_set(
    *, user, attendance: FairAttendance, info_given: bool, vacancies
) -> FairAttendance:
    """What a seeker was given at the fair: job information, and referrals to ``vacancies``
    (those of the fair's enterprises only; others are ignored)."""
    attendance.info_given = info_given
    with acting_as(user):
        attendance.save(update_fields=["info_given"])
        attendance.referrals.set(vacancies.filter(enterprise__in=attendance.fair.enterprises.all()))
    return attendance


@transaction.atomic
def trainee_upsert(*, user, training: TrainingClass, resident: Resident, **fields) -> Trainee:
    """Add a resident to a training class, or update their row (hours, completion, certificate)."""
    with acting_as(user):
        trainee, _created = Trainee.objects.update_or_create(
            training=training, resident=resident, defaults=fields
        )
    return trainee


@transaction.atomic
def contest_entry_upsert(*, user, contest: Contest, resident: Resident, **fields) -> ContestEntry:
    """Enter a resident in a contest, or update their entry (project, finalist, prize)."""
    with acting_as(user):
        entry, _created = ContestEntry.objects.update_or_create(
            contest=contest, resident=resident, defaults=fields
        )
    return entry


@transaction.atomic
def labor_transfer_add(*, user, resident: Resident, **fields) -> LaborTransfer:
    """A resident's work away from home; it counts in the resident's community."""
    with acting_as(user):
        return LaborTransfer.objects.create(
            resident=resident, community_id=resident.community_id, **fields
        )


@transaction.atomic
def pension_contribution_add(*, user, resident: Resident, **fields) -> PensionContribution:
    """A resident's pension contribution for a year; it counts in the resident's community."""
    with acting_as(user):
        return PensionContribution.objects.create(
            resident=resident, community_id=resident.community_id, **fields
        )
