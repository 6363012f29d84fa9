"""Writes of the community services that are more than a ``save()``."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from burqin.audit import acting_as

from .models import ActivityParticipation, VolunteerActivity, VolunteerTeam


@transaction.atomic
def volunteer_activity_add(
    *, team: VolunteerTeam, activity: VolunteerActivity, participants, hours, actor=None
) -> VolunteerActivity:
    """Record a team's activity (``activity`` unsaved) and each participant's hours, with history
    naming ``actor``."""
    with acting_as(actor):
        activity.team = team
        activity.save()
        bulk_create_with_history(
            [
                ActivityParticipation(activity=activity, volunteer=volunteer, hours=hours)
                for volunteer in participants
            ],
            ActivityParticipation,
        )
    return activity
