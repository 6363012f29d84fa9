"""Employment's section of a person's and a household's record (communities/record.py): the
job-seeker registration with its placements, trainings and contests."""

from django.utils.translation import gettext_lazy as _

from communities.record import Section

from .models import ContestEntry, JobSeeker, Placement, Trainee


def _section(user, residents) -> list[Section]:
    """``residents``: a filter on ``resident`` (one person, or a household's members)."""
    if not user.has_perm("employment.view_jobseeker"):
        return []
    seekers = list(
        JobSeeker.objects.visible_to(user).filter(**residents).select_related("resident")
    )
    placements = list(
        Placement.objects.visible_to(user)
        .filter(seeker__in=seekers)
        .select_related("seeker__resident", "enterprise", "vacancy")
        .order_by("-start_date")
    )
    trainings = list(
        Trainee.objects.visible_to(user)
        .filter(**residents)
        .select_related("training", "resident")
        .order_by("-training__start_date")
    )
    contests = list(
        ContestEntry.objects.visible_to(user)
        .filter(**residents)
        .select_related("contest", "resident")
        .order_by("-contest__date")
    )
    return [
        Section(
            title=_("Employment"),
            template="employment/_record_employment.html",
            data={
                "seekers": seekers,
                "placements": placements,
                "trainings": trainings,
                "contests": contests,
            },
            order=40,
        )
    ]


def resident_sections(resident, user) -> list[Section]:
    return _section(user, {"resident": resident})


def household_sections(household, user) -> list[Section]:
    return _section(user, {"resident__household": household})
