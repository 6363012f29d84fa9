"""Writes of the community services. Each takes values (a form's cleaned data, never the form),
runs in one transaction and writes its history rows in the name of ``actor``.

The caller has already scoped what it passes (a team, a pairing, a project fetched with
``get_for_user``; a resident or household chosen from the user's own): these functions set the
community a new record belongs to and the rows that hang off it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from burqin.audit import acting_as
from communities.models import Community, Compound, Household, Resident
from communities.roles import SERVICE_CENTRE, has_role
from communities.scope import is_town_wide

from .models import (
    ActivityParticipation,
    ClassSession,
    Funding,
    InterestClass,
    Pairing,
    PairingVisit,
    Project,
    ProjectProgress,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)


def _check_provider(actor, provider: str) -> None:
    if provider == ServiceRecord.Provider.TOWN_CENTRE and not has_role(actor, SERVICE_CENTRE):
        raise PermissionDenied(_("Only the town service centre's staff record its services."))


@transaction.atomic
def service_record_create(
    *,
    actor,
    community: Community,
    date: datetime.date,
    category: ServiceCategory,
    charge: str,
    fee: Decimal,
    resident: Resident | None = None,
    note: str = "",
    provider: str = ServiceRecord.Provider.STATION,
) -> ServiceRecord:
    """Record a service given by ``actor``. It belongs to ``community`` (the staff member's own,
    or the one a town-wide user chose), except that a town-wide user's record for a resident
    belongs to the resident's community. Only town-wide staff record the town service centre's
    services."""
    _check_provider(actor, provider)
    if resident is not None and is_town_wide(actor):
        community = resident.community
    with acting_as(actor):
        return ServiceRecord.objects.create(
            community=community,
            date=date,
            category=category,
            charge=charge,
            provider=provider,
            fee=fee,
            resident=resident,
            staff=actor,
            note=note,
        )


@transaction.atomic
def service_record_update(
    *,
    actor,
    record: ServiceRecord,
    date: datetime.date,
    category: ServiceCategory,
    charge: str,
    fee: Decimal,
    resident: Resident | None = None,
    note: str = "",
    provider: str | None = None,
) -> ServiceRecord:
    """Correct a service record; its community and the staff member who gave it stay (and its
    unit, unless a town-wide user changes it)."""
    if provider is not None:
        _check_provider(actor, provider)
        record.provider = provider
    record.date, record.category, record.charge, record.fee = date, category, charge, fee
    record.resident, record.note = resident, note
    with acting_as(actor):
        record.save()
    return record


@transaction.atomic
def volunteer_team_create(
    *, actor, community: Community, name: str, leader: str = "", description: str = ""
) -> VolunteerTeam:
    with acting_as(actor):
        return VolunteerTeam.objects.create(
            community=community, name=name, leader=leader, description=description
        )


@transaction.atomic
def volunteer_add(
    *, actor, team: VolunteerTeam, name: str, phone: str = "", post: str = "", duty: str = ""
) -> Volunteer:
    """Add a member to a team, linked to the resident of the team's community of that name
    when ``actor`` can see one."""
    resident = (
        Resident.objects.visible_to(actor).filter(name=name, community=team.community).first()
    )
    with acting_as(actor):
        return Volunteer.objects.create(
            team=team, resident=resident, name=name, phone=phone, post=post, duty=duty
        )


@transaction.atomic
def volunteer_activity_add(
    *,
    actor,
    team: VolunteerTeam,
    date: datetime.date,
    title: str,
    place: str = "",
    participants=(),
    hours: Decimal,
) -> VolunteerActivity:
    """Record a team's activity and the same ``hours`` for each of its ``participants``."""
    with acting_as(actor):
        activity = VolunteerActivity.objects.create(team=team, date=date, title=title, place=place)
        bulk_create_with_history(
            [
                ActivityParticipation(activity=activity, volunteer=volunteer, hours=hours)
                for volunteer in participants
            ],
            ActivityParticipation,
        )
    return activity


@transaction.atomic
def pairing_create(
    *,
    actor,
    household: Household,
    cadre_name: str,
    started_on: datetime.date,
    note: str = "",
    cadre=None,
) -> Pairing:
    """Pair a cadre with a household; the pair belongs to the household's community."""
    with acting_as(actor):
        return Pairing.objects.create(
            community=household.community,
            household=household,
            cadre=cadre,
            cadre_name=cadre_name,
            started_on=started_on,
            note=note,
        )


@transaction.atomic
def pairing_visit_add(
    *,
    actor,
    pairing: Pairing,
    date: datetime.date,
    done: str,
    needs: str = "",
    help_given: str = "",
) -> PairingVisit:
    with acting_as(actor):
        return PairingVisit.objects.create(
            pairing=pairing, date=date, done=done, needs=needs, help_given=help_given
        )


@transaction.atomic
def interest_class_create(
    *,
    actor,
    community: Community,
    name: str,
    organiser: str = "",
    description: str = "",
    members=(),
) -> InterestClass:
    with acting_as(actor):
        interest_class = InterestClass.objects.create(
            community=community, name=name, organiser=organiser, description=description
        )
        interest_class.members.set(members)
    return interest_class


@transaction.atomic
def class_session_add(
    *,
    actor,
    interest_class: InterestClass,
    date: datetime.date,
    topic: str = "",
    attendees=(),
) -> ClassSession:
    with acting_as(actor):
        session = ClassSession.objects.create(interest_class=interest_class, date=date, topic=topic)
        session.attendees.set(attendees)
    return session


PROJECT_FIELDS = (
    "title",
    "kind",
    "lead_agency",
    "status",
    "started_on",
    "completed_on",
    "budget",
    "description",
)


@transaction.atomic
def project_save(
    *, actor, project: Project, community: Community, compounds: list[Compound], **fields
) -> Project:
    """Create or change a project (``fields``: ``PROJECT_FIELDS``) and the compounds it covers.
    A new project belongs to the community of its first compound, or to ``community`` when it
    covers none; a project never changes community."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"project_save() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value)
    if not project.community_id:
        project.community = compounds[0].community if compounds else community
    with acting_as(actor):
        project.save()
        project.compounds.set(compounds)
    return project


@transaction.atomic
def funding_add(
    *,
    actor,
    project: Project,
    source: str,
    allocated: Decimal,
    received: Decimal,
    date: datetime.date,
    donor: str = "",
    note: str = "",
) -> Funding:
    """Record one contribution to a project (the form has warned about budget overruns)."""
    with acting_as(actor):
        return Funding.objects.create(
            project=project,
            source=source,
            donor=donor,
            allocated=allocated,
            received=received,
            date=date,
            note=note,
        )


@transaction.atomic
def project_progress_add(
    *, actor, project: Project, date: datetime.date, note: str, photo=None
) -> ProjectProgress:
    """A progress note, with its photo (checked by the form) stored under a random name."""
    with acting_as(actor):
        return ProjectProgress.objects.create(
            project=project, date=date, note=note, photo=photo or ""
        )
