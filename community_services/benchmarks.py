"""Community-services page timings, run by ``manage.py benchmark``: the service-record list (the
page with the most rows) and the quick-entry page a staff member keeps open all day."""

from django.urls import reverse

from burqin.benchmarking import page_row
from communities.benchmarks import busiest_community, staff_of


def run(quick: bool) -> list[dict]:
    community = busiest_community()
    if community is None:
        return []
    staff, own = staff_of(community)
    repeats = 5 if quick else 20
    return [
        page_row(staff, what, reverse(name), own, repeats)
        for what, name in (
            ("service records", "community_services:servicerecord_list"),
            ("service quick entry", "community_services:servicerecord_quick"),
        )
    ]
