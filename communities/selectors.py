"""Reads shared by the registry pages and the home pages."""

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import Community, Household, Resident, age_band_bounds


def _age_band_q(band: str, today) -> Q:
    earliest, latest = age_band_bounds(band, today)
    q = Q(birth_date__lte=latest)
    if earliest is not None:
        q &= Q(birth_date__gt=earliest)
    return q


def resident_counts_by_community(residents: QuerySet) -> dict[int, dict]:
    """Per community id: current residents in total, per flag and per age band (one query)."""
    today = timezone.localdate()
    aggregates = {"total": Count("id")}
    aggregates.update({flag: Count("id", filter=Q(**{flag: True})) for flag in Resident.FLAGS})
    aggregates.update(
        {f"age_{band}": Count("id", filter=_age_band_q(band, today)) for band in Resident.AGE_BANDS}
    )
    rows = residents.current().order_by().values("community").annotate(**aggregates)
    return {row.pop("community"): row for row in rows}


def household_counts_by_community(households: QuerySet) -> dict[int, dict]:
    rows = (
        households.order_by()
        .values("community")
        .annotate(total=Count("id"), without_head=Count("id", filter=Q(head__isnull=True)))
    )
    return {row.pop("community"): row for row in rows}


def empty_resident_counts() -> dict:
    counts = {"total": 0}
    counts.update(dict.fromkeys(Resident.FLAGS, 0))
    counts.update({f"age_{band}": 0 for band in Resident.AGE_BANDS})
    return counts


# The overview of several communities counts every resident and household of the scope (0.2 s
# of statements and 0.1 s of table for a prefecture's 320 communities): it is kept this long and
# the page says when it was counted. One community's overview is counted for each request.
OVERVIEW_CACHE_SECONDS = 600


def _overview_counts(residents: QuerySet, households: QuerySet) -> dict:
    return {
        "residents": resident_counts_by_community(residents),
        "households": household_counts_by_community(households),
        "counted_at": timezone.now(),
    }


def overview_cache_key(communities: list[Community]) -> str:
    ids = ",".join(str(pk) for pk in sorted(c.pk for c in communities))
    return "communities:overview:" + hashlib.sha256(ids.encode()).hexdigest()[:32]


def community_overview(
    communities, residents: QuerySet, households: QuerySet, *, fresh: bool = False
) -> tuple[list[dict], datetime.datetime | None]:
    """One row per community with its resident and household counts, and when they were
    counted if they come from the cache (``None``: counted now, for this request).

    The counts of more than one community are kept for ``OVERVIEW_CACHE_SECONDS``, keyed by the
    communities (``residents`` and ``households`` must be scoped to them); ``fresh`` counts
    again (an export)."""
    communities = list(communities)
    counted_at = None
    if len(communities) > 1 and not fresh:
        key = overview_cache_key(communities)
        counts = cache.get(key)
        if counts is None:
            counts = _overview_counts(residents, households)
            cache.set(key, counts, OVERVIEW_CACHE_SECONDS)
        counted_at = counts["counted_at"]
    else:
        counts = _overview_counts(residents, households)
    resident_counts, household_counts = counts["residents"], counts["households"]
    rows = []
    for community in communities:
        rows.append(
            {
                "community": community,
                "residents": resident_counts.get(community.pk, empty_resident_counts()),
                "households": household_counts.get(community.pk, {"total": 0, "without_head": 0}),
            }
        )
    return rows, counted_at


def total_row(rows: list[dict]) -> dict:
    residents = empty_resident_counts()
    households = {"total": 0, "without_head": 0}
    for row in rows:
        for key in residents:
            residents[key] += row["residents"][key]
        for key in households:
            households[key] += row["households"][key]
    return {"residents": residents, "households": households}


def flag_rows(counts: dict) -> list[tuple[str, str, int]]:
    """(filter key, label, count) for each flag, for templates."""
    return [(flag, label, counts[flag]) for flag, label in Resident.FLAGS.items()]


def age_band_rows(counts: dict) -> list[tuple[str, str, int]]:
    return [(band, spec[0], counts[f"age_{band}"]) for band, spec in Resident.AGE_BANDS.items()]


def households_without_head(households: QuerySet) -> QuerySet:
    return households.filter(head__isnull=True)


def residents_without_household(residents: QuerySet) -> QuerySet:
    return residents.current().filter(household__isnull=True)


def attach_member_counts(households, user) -> None:
    """Set ``member_count`` (members still living there) on each of a page's households: one
    grouped query over the page's ids, not over every resident of the list."""
    households = list(households)
    counts = dict(
        Resident.objects.visible_to(user)
        .current()
        .filter(household__in=[h.pk for h in households])
        .order_by()
        .values_list("household")
        .annotate(n=Count("*"))
    )
    for household in households:
        household.member_count = counts.get(household.pk, 0)


def household_members(household: Household) -> QuerySet:
    """Members, the head first, then by age."""
    head_first = Case(
        When(relation=Resident.Relation.HEAD, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return household.members.order_by(head_first, "birth_date")


def resident_changes(resident: Resident, user, limit: int = 50) -> list[dict]:
    """The resident's history, newest first, each entry with the fields it changed.

    Household and community ids are shown as addresses and names (two queries in all).
    """
    records = list(resident.history.select_related("history_user")[: limit + 1])
    household_ids = {r.household_id for r in records if r.household_id}
    addresses = dict(
        Household.objects.visible_to(user).filter(pk__in=household_ids).values_list("pk", "address")
    )
    names = dict(Community.objects.visible_to(user).values_list("pk", "name"))
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = Resident._meta.get_field(change.field)
                old, new = change.old, change.new
                if change.field == "household":
                    old, new = addresses.get(old, old or "—"), addresses.get(new, new or "—")
                elif change.field == "community":
                    old, new = names.get(old, old), names.get(new, new)
                elif field.choices:
                    choices = dict(field.flatchoices)
                    old, new = choices.get(old, old), choices.get(new, new)
                changes.append({"field": field.verbose_name, "old": old, "new": new})
        entries.append({"record": newer, "changes": changes})
    return entries


def community_for_new_records(request) -> Community | None:
    """The community a new record goes to: a staff member's own; for a town-wide user the one
    chosen in the bar (else the first). Never taken from the posted form."""
    return Community.objects.for_request(request).first()
