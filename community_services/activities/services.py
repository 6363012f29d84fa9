"""Writes of events and cadre training. Each takes values (a form's cleaned data, never the
form), runs in one transaction and writes its history rows in the name of ``actor``.

The community a record belongs to comes from the actor: a community's staff always write for
their own community; only a town-wide user names one (or none: the town).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from burqin.audit import acting_as
from communities.models import Community
from communities.scope import scope_community_ids

from .models import CadreAttendance, CadreTraining, Event, EventTeam


def _community_for(actor, chosen: Community | None) -> Community | None:
    """A community's staff: their own community, whatever was chosen. A town-wide user: the
    one chosen, or none (the town)."""
    ids = scope_community_ids(actor)
    if ids is None:
        return chosen
    if len(ids) != 1:
        raise PermissionDenied
    return Community.objects.get(pk=next(iter(ids)))


@transaction.atomic
def event_save(
    *,
    actor,
    event: Event,
    kind: str,
    title: str,
    date: datetime.date,
    place: str,
    end_date: datetime.date | None = None,
    participants: int = 0,
    audience: int = 0,
    note: str = "",
    community: Community | None = None,
) -> Event:
    """Create or correct an event. A new one belongs to the actor's community (a town-wide
    user's: the community chosen, or the town); an existing one keeps its organiser unless a
    town-wide user changes it."""
    if event.pk is None or scope_community_ids(actor) is None:
        event.community = _community_for(actor, community)
    event.kind, event.title, event.date, event.end_date = kind, title, date, end_date
    event.place, event.participants, event.audience, event.note = (
        place,
        participants,
        audience,
        note,
    )
    with acting_as(actor):
        event.save()
    return event


@transaction.atomic
def event_team_add(
    *,
    actor,
    event: Event,
    name: str,
    members: int,
    leader: str = "",
    community: Community | None = None,
) -> EventTeam:
    """Add (or update, by name) a community's team in an event: a staff member's own
    community's; a town-wide user names the community."""
    team_community = _community_for(actor, community)
    if team_community is None:
        raise PermissionDenied
    with acting_as(actor):
        team, _created = EventTeam.objects.update_or_create(
            event=event,
            community=team_community,
            name=name,
            defaults={"members": members, "leader": leader},
        )
    return team


@transaction.atomic
def cadre_training_save(
    *,
    actor,
    training: CadreTraining,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    hours: Decimal,
    organiser: str,
    teacher: str = "",
    place: str = "",
    note: str = "",
    community: Community | None = None,
) -> CadreTraining:
    """Create or correct a training class (its community as for events)."""
    if training.pk is None or scope_community_ids(actor) is None:
        training.community = _community_for(actor, community)
    training.kind, training.title = kind, title
    training.start_date, training.end_date, training.hours = start_date, end_date, hours
    training.organiser, training.teacher, training.place, training.note = (
        organiser,
        teacher,
        place,
        note,
    )
    with acting_as(actor):
        training.save()
    return training


@transaction.atomic
def cadre_attendance_record(
    *,
    actor,
    training: CadreTraining,
    name: str = "",
    staff=None,
    post: str = "",
    attended: bool = True,
    note: str = "",
    community: Community | None = None,
) -> CadreAttendance:
    """Put one person on a class's list, or correct their row (found by community and name):
    a staff account (the name and community are the account's) or a cadre named by hand (of
    the actor's community; a town-wide user names it)."""
    if staff is not None:
        name = staff.get_full_name() or staff.get_username()
        profile_community = getattr(getattr(staff, "staff_profile", None), "community", None)
        community = profile_community or community
    person_community = _community_for(actor, community)
    if person_community is None:
        raise PermissionDenied
    with acting_as(actor):
        row, _created = CadreAttendance.objects.update_or_create(
            training=training,
            community=person_community,
            name=name,
            defaults={"user": staff, "post": post, "attended": attended, "note": note},
        )
    return row
