import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from burqin.periods import Period
from communities.models import Community
from community_services.models import Funding, PairingVisit, ServiceCategory, ServiceRecord
from community_services.summary import section
from tests.factories import (
    InterestClassFactory,
    PairingFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
    household_with_members,
    staff_of,
    today,
)

QUICK = reverse("community_services:servicerecord_quick")


def quick(client, **data):
    base = {
        "date": today().isoformat(),
        "category": ServiceCategory.objects.get(name="医疗保健").pk,
        "charge": "free",
        "fee": "0",
        "who": "",
        "note": "",
    }
    return client.post(QUICK, base | data)


@pytest.mark.django_db
def test_quick_entry_finds_the_resident_by_initials_and_remembers_the_category(staff_client, ehe):
    household_with_members(ehe, 1).members.update(
        name="张三", name_pinyin="zhangsan", name_initials="zs"
    )
    consult = ServiceCategory.objects.get(name="信息咨询")
    response = quick(staff_client, category=consult.pk, who="zs", note="咨询低保政策")
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.resident.name, record.community, record.category) == ("张三", ehe, consult)
    assert staff_client.get(QUICK).context["form"].initial["category"] == consult.pk


@pytest.mark.django_db
def test_quick_entry_says_when_the_resident_is_ambiguous_or_unknown(staff_client, ehe):
    household_with_members(ehe, 2).members.update(
        name="张三", name_pinyin="zhangsan", name_initials="zs"
    )
    assert "2" in quick(staff_client, who="zs").content.decode()
    assert "没有" in quick(staff_client, who="wxyz").content.decode()
    assert not ServiceRecord.objects.exists()


@pytest.mark.django_db
def test_fee_must_match_the_charge(staff_client, ehe):
    assert quick(staff_client, charge="low_fee", fee="0").status_code == 200
    assert quick(staff_client, charge="free", fee="5").status_code == 200
    assert quick(staff_client, charge="low_fee", fee="5").status_code == 302
    assert ServiceRecord.objects.get().fee == Decimal("5")


@pytest.mark.django_db
def test_funding_totals_equal_independent_sums(staff_client, ehe):
    project = ProjectFactory(community=ehe, budget=Decimal("500000"))
    entries = [
        ("county", "", "200000", "150000"),
        ("town", "", "100000", "100000"),
        ("community", "", "20000.50", "20000.50"),
        ("society", "津河商会", "30000", "10000"),
        ("county", "", "50000", "0"),
    ]
    for source, donor, allocated, received in entries:
        response = staff_client.post(
            reverse("community_services:project_funding_add", args=[project.pk]),
            {
                "source": source,
                "donor": donor,
                "allocated": allocated,
                "received": received,
                "date": today().isoformat(),
            },
        )
        assert response.status_code == 302
    totals = staff_client.get(project.get_absolute_url()).context["totals"]
    assert totals["allocated"] == sum(Decimal(e[2]) for e in entries)
    assert totals["received"] == sum(Decimal(e[3]) for e in entries)
    per_source = {s["source"]: s for s in totals["per_source"]}
    assert per_source["county"]["allocated"] == Decimal("250000")
    assert per_source["society"]["received"] == Decimal("10000")


@pytest.mark.django_db
def test_funding_beyond_the_plan_needs_confirmation_and_stays_visible(staff_client, ehe):
    project = ProjectFactory(community=ehe, budget=Decimal("100000"))
    url = reverse("community_services:project_funding_add", args=[project.pk])
    data = {
        "source": "town",
        "allocated": "80000",
        "received": "90000",
        "date": today().isoformat(),
    }
    staff_client.post(url, data)
    assert not Funding.objects.exists()
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "90000" in page and "80000" in page  # the refused entry's warning is shown
    staff_client.post(url, data | {"confirm": "on"})
    assert Funding.objects.count() == 1
    page = staff_client.get(project.get_absolute_url())
    assert page.context["warnings"]  # received > allocated stays visible on the project


@pytest.mark.django_db
def test_society_funds_name_their_donor(staff_client, ehe):
    project = ProjectFactory(community=ehe)
    staff_client.post(
        reverse("community_services:project_funding_add", args=[project.pk]),
        {"source": "society", "allocated": "100", "received": "100", "date": today().isoformat()},
    )
    assert not Funding.objects.exists()


@pytest.mark.django_db
def test_progress_photos_are_type_checked(staff_client, ehe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory(community=ehe)
    url = reverse("community_services:project_progress_add", args=[project.pk])
    staff_client.post(
        url,
        {
            "date": today().isoformat(),
            "note": "管道铺设完成",
            "photo": SimpleUploadedFile("a.png", b"not a png"),
        },
    )
    assert not project.progress.exists()
    staff_client.post(
        url,
        {
            "date": today().isoformat(),
            "note": "管道铺设完成",
            # the signature, then the IHDR chunk's length, type, width and height (640 × 480)
            "photo": SimpleUploadedFile(
                "a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x80\x00\x00\x01\xe0...."
            ),
        },
    )
    assert project.progress.get().photo


@pytest.mark.django_db
def test_pairs_overdue_for_a_visit_are_listed(staff_client, ehe):
    never = PairingFactory(
        household=household_with_members(ehe, 1), started_on=today() - datetime.timedelta(days=90)
    )
    stale = PairingFactory(
        household=household_with_members(ehe, 1), started_on=today() - datetime.timedelta(days=200)
    )
    PairingVisit.objects.create(
        pairing=stale, date=today() - datetime.timedelta(days=45), done="入户走访"
    )
    fresh = PairingFactory(
        household=household_with_members(ehe, 1), started_on=today() - datetime.timedelta(days=200)
    )
    PairingVisit.objects.create(
        pairing=fresh, date=today() - datetime.timedelta(days=3), done="送米面油"
    )
    response = staff_client.get(reverse("community_services:pairing_list"), {"overdue": 30})
    assert set(response.context["page"]) == {never, stale}
    assert response.context["overdue_count"] == 2
    response = staff_client.get(reverse("community_services:pairing_list"), {"overdue": 60})
    assert set(response.context["page"]) == {never}


@pytest.mark.django_db
def test_volunteer_hours_add_up_per_volunteer(staff_client, ehe):
    team = VolunteerTeamFactory(community=ehe)
    a, b = VolunteerFactory(team=team, name="王芳"), VolunteerFactory(team=team, name="马建华")
    url = reverse("community_services:volunteerteam_activity_add", args=[team.pk])
    staff_client.post(
        url,
        {
            "date": today().isoformat(),
            "title": "清扫楼道",
            "participants": [a.pk, b.pk],
            "hours": "2.5",
        },
    )
    staff_client.post(
        url,
        {
            "date": today().isoformat(),
            "title": "关爱独居老人",
            "participants": [a.pk],
            "hours": "3",
        },
    )
    volunteers = {
        v.name: v.total_hours
        for v in staff_client.get(team.get_absolute_url()).context["volunteers"]
    }
    assert volunteers == {"王芳": Decimal("5.5"), "马建华": Decimal("2.5")}


@pytest.mark.django_db
def test_summary_counts_every_module_in_the_period(ehe, shenhu):
    for charge, fee in [("free", 0), ("free", 0), ("low_fee", 5), ("paid", 30)]:
        ServiceRecordFactory(community=ehe, charge=charge, fee=fee)
    ServiceRecordFactory(community=ehe, category=ServiceCategory.objects.get(name="信息咨询"))
    ServiceRecordFactory(community=shenhu)
    ServiceRecordFactory(community=ehe, date=today() - datetime.timedelta(days=800))
    interest_class = InterestClassFactory(community=ehe)
    session = interest_class.sessions.create(date=today(), topic="冬不拉基础")
    session.attendees.set([household_with_members(ehe, 1).head])
    project = ProjectFactory(community=ehe, started_on=today())
    Funding.objects.create(
        project=project, source="county", allocated=1000, received=800, date=today()
    )
    figures = section(Period.parse(str(today().year)), Community.objects.filter(pk=ehe.pk))
    charges = {c["charge"]: c["count"] for c in figures["services"]["by_charge"]}
    assert charges == {"free": 2, "low_fee": 1, "paid": 1}  # the consultation counted apart
    assert figures["services"]["consultations"] == 1
    assert figures["services"]["fees"] == Decimal("35")
    assert figures["classes"] == {"sessions": 1, "attendances": 1}
    assert figures["projects"]["started"] == 1
    county = next(f for f in figures["projects"]["funds"] if f["source"] == "county")
    assert county["received"] == Decimal("800")


@pytest.mark.django_db
def test_the_profile_brings_the_years_numbers_together(staff_client, ehe):
    ServiceRecordFactory(community=ehe)
    response = staff_client.get(reverse("community_services:community_profile", args=[ehe.pk]))
    assert response.context["figures"]["services"]["total"] == 1
    assert "党组织" in response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "community_services:servicerecord_list",
        "community_services:pairing_list",
        "community_services:project_list",
        "community_services:volunteerteam_list",
        "community_services:interestclass_list",
    ],
)
def test_service_lists_cost_the_same_queries_at_20_and_200_rows(staff_client, ehe, name):
    def add(count):
        ServiceRecord.objects.bulk_create(
            [
                ServiceRecord(
                    community=ehe,
                    date=today(),
                    charge="free",
                    fee=0,
                    category=ServiceCategory.objects.first(),
                )
                for _ in range(count)
            ]
        )
        for _ in range(count // 10):
            PairingFactory(household=household_with_members(ehe, 1))
            ProjectFactory(community=ehe)
            VolunteerTeamFactory(community=ehe)
            InterestClassFactory(community=ehe)

    add(20)
    small = queries(staff_client, reverse(name))
    add(180)
    assert queries(staff_client, reverse(name)) == small


@pytest.mark.django_db
def test_staff_of_another_community_cannot_add_to_its_project(client, ehe, shenhu):
    project = ProjectFactory(community=shenhu)
    client.force_login(staff_of(ehe))
    response = client.post(
        reverse("community_services:project_funding_add", args=[project.pk]),
        {"source": "town", "allocated": "1", "received": "1", "date": today().isoformat()},
    )
    assert response.status_code == 404
    assert not Funding.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "community_services:servicerecord_list",
        "community_services:pairing_list",
        "community_services:project_list",
        "community_services:volunteerteam_list",
        "community_services:interestclass_list",
    ],
)
def test_every_service_list_exports_to_excel(staff_client, ehe, name):
    import io

    from openpyxl import load_workbook

    ServiceRecordFactory(community=ehe)
    PairingFactory(household=household_with_members(ehe, 1))
    ProjectFactory(community=ehe)
    VolunteerTeamFactory(community=ehe)
    InterestClassFactory(community=ehe)
    response = staff_client.get(reverse(name), {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one record
