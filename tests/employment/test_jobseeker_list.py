"""The job-seeker list pages per community, like the resident list: a town-wide page sorts
the seekers of the communities it shows, in the communities' order, then by pinyin."""

import pytest
from django.urls import reverse

from employment.models import JobSeeker
from tests.factories import JobSeekerFactory, household_with_members

URL = reverse("employment:jobseeker_list")


def _seekers(community, names, **kwargs):
    for name in names:
        resident = household_with_members(community, 1).head
        resident.name = name
        resident.save()
        JobSeekerFactory(resident=resident, **kwargs)


@pytest.mark.django_db
def test_its_pages_follow_the_communities_order_then_the_pinyin(official_client, ehe, shenhu):
    ehe.order, shenhu.order = 2, 1
    ehe.save(update_fields=["order"])
    shenhu.save(update_fields=["order"])
    _seekers(ehe, ["赵" + chr(0x4E00 + i) for i in range(30)])
    _seekers(shenhu, ["王" + chr(0x4E00 + i) for i in range(30)])
    first = official_client.get(URL).context["page"]
    second = official_client.get(URL, {"page": 2}).context["page"]
    rows = [*first.object_list, *second.object_list]
    assert len(first.object_list) == 50 and first.paginator.count == 60
    assert [s.community_id for s in rows] == [shenhu.pk] * 30 + [ehe.pk] * 30
    pinyin = [s.resident.name_pinyin for s in rows[:30]]
    assert pinyin == sorted(pinyin)


@pytest.mark.django_db
def test_its_status_filter_counts_only_the_seekers_it_shows(official_client, ehe, shenhu):
    _seekers(ehe, ["李一", "李二"])
    _seekers(shenhu, ["王一"], status=JobSeeker.Status.EMPLOYED)
    page = official_client.get(URL, {"status": JobSeeker.Status.EMPLOYED}).context["page"]
    assert page.paginator.count == 1
    assert [s.resident.name for s in page.object_list] == ["王一"]
