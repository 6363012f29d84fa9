"""Employment page timings, run by ``manage.py benchmark``: the check-in page of the latest job
fair, as a community's staff member opens it on fair day."""

from django.urls import reverse

from burqin.benchmarking import page_row
from communities.benchmarks import busiest_community, staff_of

from .models import JobFair


def run(quick: bool) -> list[dict]:
    community = busiest_community()
    fair = JobFair.objects.order_by("-date").first()
    if community is None or fair is None:
        return []
    staff, own = staff_of(community)
    url = reverse("employment:jobfair_checkin", args=[fair.pk])
    return [page_row(staff, "fair check-in", url, own, 5 if quick else 20)]
