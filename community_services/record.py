"""Community services' section of a person's and a household's record (communities/record.py)."""

from django.utils.translation import gettext_lazy as _

from communities.record import Section

from .models import ServiceRecord

# The most recent services shown on a record; the count says how many there are in all.
RECORD_ROWS = 50


def _section(user, records) -> list[Section]:
    if not user.has_perm("community_services.view_servicerecord"):
        return []
    records = records.select_related("category", "resident").order_by("-date", "-pk")
    return [
        Section(
            title=_("Services received"),
            template="community_services/_record_services.html",
            data={"records": list(records[:RECORD_ROWS]), "count": records.count()},
            order=30,
        )
    ]


def resident_sections(resident, user) -> list[Section]:
    return _section(user, ServiceRecord.objects.visible_to(user).filter(resident=resident))


def household_sections(household, user) -> list[Section]:
    return _section(
        user, ServiceRecord.objects.visible_to(user).filter(resident__household=household)
    )
