"""Tasks that belong to the project rather than to one domain app."""

from celery import shared_task


@shared_task(name="burqin.health_check")
def health_check() -> dict:
    """Answer with what the worker sees: proves a broker round trip and database access."""
    from communities.models import Community, Resident

    return {
        "communities": Community.objects.count(),
        "residents": Resident.objects.count(),
    }
