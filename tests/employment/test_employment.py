import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from burqin.periods import Period
from communities.models import Community
from employment.models import FairAttendance, JobSeeker, PensionContribution, Placement
from employment.summary import section
from tests.factories import (
    CommunityFactory,
    EnterpriseFactory,
    JobFairFactory,
    JobSeekerFactory,
    VacancyFactory,
    household_with_members,
    staff_of,
)


@pytest.fixture
def fair(db):
    fair = JobFairFactory()
    fair.enterprises.add(VacancyFactory().enterprise)
    return fair


def check_in(client, fair, id_number, **extra):
    return client.post(
        reverse("employment:jobfair_checkin", args=[fair.pk]), {"id_number": id_number, **extra}
    )


@pytest.mark.django_db
def test_a_registered_seeker_is_checked_in_with_one_entry(staff_client, ehe, fair):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    response = check_in(staff_client, fair, seeker.resident.id_number)
    assert response.context["result"].status == "checked_in"
    assert FairAttendance.objects.filter(fair=fair, seeker=seeker).count() == 1
    assert "签到" in response.content.decode()


@pytest.mark.django_db
def test_a_second_check_in_is_refused_politely(staff_client, ehe, fair):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    check_in(staff_client, fair, seeker.resident.id_number)
    response = check_in(staff_client, fair, seeker.resident.id_number)
    assert response.context["result"].status == "already"
    assert "欢迎" in response.content.decode()
    assert FairAttendance.objects.count() == 1


@pytest.mark.django_db
def test_a_resident_not_yet_a_seeker_is_registered_inline_and_checked_in(staff_client, ehe, fair):
    resident = household_with_members(ehe, 1).head
    response = check_in(staff_client, fair, resident.id_number)
    assert response.context["result"].status == "not_seeker"
    assert 'data-testid="register-and-check-in"' in response.content.decode()
    response = check_in(staff_client, fair, resident.id_number, register=resident.pk)
    assert response.context["result"].status == "checked_in"
    assert JobSeeker.objects.get().resident == resident


@pytest.mark.django_db
def test_an_unknown_or_other_communitys_id_reads_as_unknown(staff_client, shenhu, fair):
    other = household_with_members(shenhu, 1).head
    response = check_in(staff_client, fair, other.id_number)
    assert response.context["result"].status == "unknown"
    assert other.name not in response.content.decode()
    response = check_in(staff_client, fair, "123")
    assert response.context["result"].status == "invalid"


@pytest.mark.django_db
def test_referrals_and_information_are_recorded(staff_client, ehe, fair):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    attendance = check_in(staff_client, fair, seeker.resident.id_number).context["result"]
    vacancy = fair.enterprises.get().vacancies.get()
    staff_client.post(
        reverse("employment:fairattendance_referrals", args=[attendance.attendance.pk]),
        {"info_given": "on", "referrals": [vacancy.pk]},
    )
    assert list(FairAttendance.objects.get().referrals.all()) == [vacancy]


@pytest.mark.django_db
def test_matching_ranks_seekers_and_never_shows_another_community(staff_client, ehe, shenhu):
    vacancy = VacancyFactory(skills="烹饪 面点", wage_max=Decimal("4500"))
    best = JobSeekerFactory(
        resident=household_with_members(ehe, 1).head,
        skills="烹饪 面点",
        wish_sector="餐饮",
        wish_wage=Decimal("4000"),
    )
    fair_match = JobSeekerFactory(
        resident=household_with_members(ehe, 1).head,
        skills="驾驶",
        wish_sector="餐饮",
        wish_wage=Decimal("8000"),
    )
    JobSeekerFactory(
        resident=household_with_members(ehe, 1).head,
        skills="电焊",
        wish_sector="建筑",
        wish_wage=Decimal("9000"),
    )
    JobSeekerFactory(
        resident=household_with_members(shenhu, 1).head,
        skills="烹饪 面点",
        wish_sector="餐饮",
        wish_wage=Decimal("3000"),
    )
    matches = staff_client.get(vacancy.get_absolute_url()).context["matches"]
    assert [m["object"] for m in matches] == [best, fair_match]
    assert matches[0]["score"] == 30 + 25 + 20  # two skills, sector, wage
    assert any("烹饪" in reason for reason in matches[0]["reasons"])


@pytest.mark.django_db
def test_a_placement_sets_a_follow_up_three_months_later(staff_client, ehe):
    seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
    vacancy = VacancyFactory()
    staff_client.post(
        reverse("employment:jobseeker_placement_add", args=[seeker.pk]),
        {
            "enterprise": vacancy.enterprise_id,
            "vacancy": vacancy.pk,
            "start_date": "2026-03-10",
            "wage": "3800",
            "contract": "fixed",
        },
    )
    placement = Placement.objects.get()
    assert str(placement.follow_up_due) == "2026-06-10"
    seeker.refresh_from_db()
    assert seeker.status == JobSeeker.Status.EMPLOYED
    staff_client.post(
        reverse("employment:placement_follow_up", args=[placement.pk]), {"still_employed": "1"}
    )
    placement.refresh_from_db()
    assert placement.still_employed is True


@pytest.mark.django_db
def test_enterprise_credit_codes_are_validated(staff_client):
    response = staff_client.post(
        reverse("employment:enterprise_create"),
        {
            "name": "测试公司",
            "credit_code": "91654321MA0000001X",
            "size": "small",
            "industry": "餐饮",
        },
    )
    assert response.status_code == 200
    assert "校验" in response.content.decode() or "credit" in response.content.decode()


@pytest.mark.django_db
def test_renewal_rate_is_this_and_last_year_over_last_year(staff_client, ehe):
    people = [household_with_members(ehe, 1).head for _ in range(5)]
    for person in people[:4]:
        PensionContribution.objects.create(
            resident=person,
            community=ehe,
            year=2025,
            grade=200,
            amount=200,
            paid_on=datetime.date(2025, 3, 1),
        )
    for person in people[1:]:
        PensionContribution.objects.create(
            resident=person,
            community=ehe,
            year=2026,
            grade=300,
            amount=300,
            paid_on=datetime.date(2026, 3, 1),
        )
    figures = staff_client.get(
        reverse("employment:pensioncontribution_list"), {"year": 2026}
    ).context["figures"]
    assert figures["renewal_rate"] == Decimal("75.0")  # 3 of last year's 4
    assert figures["contributors"] == 4 and figures["amount"] == Decimal("1200")


@pytest.mark.django_db
def test_summary_counts_distinct_people_with_repeats(ehe, shenhu):
    rng = random.Random(7)
    communities = [ehe, shenhu]
    seekers = [
        JobSeekerFactory(resident=household_with_members(rng.choice(communities), 1).head)
        for _ in range(12)
    ]
    fairs = [JobFairFactory(date=datetime.date(2026, 4, d)) for d in (3, 10, 17)]
    enterprises = [EnterpriseFactory() for _ in range(5)]
    expected_people, expected_informed = set(), set()
    for fair in fairs:
        fair.enterprises.set(rng.sample(enterprises, 3))
        for seeker in rng.sample(seekers, 8):  # the same people come to several fairs
            informed = rng.random() < 0.7
            FairAttendance.objects.create(fair=fair, seeker=seeker, info_given=informed)
            expected_people.add(seeker.pk)
            if informed:
                expected_informed.add(seeker.pk)
    expected_enterprises = {e.pk for f in fairs for e in f.enterprises.all()}
    figures = section(Period.parse("2026-04"), Community.objects.filter(pk__in=[ehe.pk, shenhu.pk]))
    assert figures["fairs"] == 3
    assert figures["enterprises"] == len(expected_enterprises)
    assert figures["attendees"] == len(expected_people)
    assert figures["informed"] == len(expected_informed)
    by_community = {row["community"]: row for row in figures["by_community"]}
    for community in communities:
        mine = {p for p in expected_people if JobSeeker.objects.get(pk=p).community == community}
        informed = {p for p in expected_informed if p in mine}
        assert by_community[community.code]["attendees"] == len(mine)
        assert by_community[community.code]["informed"] == len(informed)


@pytest.mark.django_db
def test_summary_queries_do_not_grow_with_communities(ehe, shenhu):
    def count():
        with CaptureQueriesContext(connection) as captured:
            section(Period.parse("2026-04"), Community.objects.all())
        return len(captured)

    few = count()
    for n in range(10):
        CommunityFactory(code=f"extra{n}", name=f"测试社区{n}")
    assert count() == few


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "employment:jobseeker_list",
        "employment:enterprise_list",
        "employment:jobfair_list",
        "employment:placement_list",
        "employment:trainingclass_list",
        "employment:contest_list",
        "employment:labortransfer_list",
        "employment:pensioncontribution_list",
    ],
)
def test_employment_lists_cost_the_same_at_20_and_200_rows(staff_client, ehe, name):
    def add(count):
        for _ in range(count // 10):
            seeker = JobSeekerFactory(resident=household_with_members(ehe, 1).head)
            vacancy = VacancyFactory()
            Placement.objects.create(
                seeker=seeker,
                enterprise=vacancy.enterprise,
                start_date=datetime.date(2026, 1, 1),
                wage=3000,
                follow_up_due=datetime.date(2026, 4, 1),
            )
            JobFairFactory()
            PensionContribution.objects.create(
                resident=seeker.resident,
                community=ehe,
                year=2026,
                grade=200,
                amount=200,
                paid_on=datetime.date(2026, 3, 1),
            )

    add(20)
    small = queries(staff_client, reverse(name))
    add(200)
    assert queries(staff_client, reverse(name)) == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "employment:jobseeker_list",
        "employment:enterprise_list",
        "employment:placement_list",
        "employment:labortransfer_list",
        "employment:pensioncontribution_list",
    ],
)
def test_employment_lists_export(staff_client, ehe, name):
    response = staff_client.get(reverse(name), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_staff_of_another_community_get_404_on_a_seeker(client, ehe, shenhu):
    seeker = JobSeekerFactory(resident=household_with_members(shenhu, 1).head)
    client.force_login(staff_of(ehe))
    assert client.get(seeker.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_each_village_shows_its_surplus_workers_and_the_share_transferred(official_client):
    from communities.models import Community as C
    from employment.models import LaborTransfer
    from tests.factories import CommunityFactory

    village = CommunityFactory(kind=C.Kind.RURAL, name="切克台村")
    workers = [
        JobSeekerFactory(resident=household_with_members(village, 1).head, status="surplus_rural")
        for _ in range(4)
    ]
    for worker in workers[:3]:
        LaborTransfer.objects.create(
            resident=worker.resident,
            community=village,
            destination="乌鲁木齐",
            sector="建筑",
            from_date=datetime.date(2026, 3, 1),
        )
    shares = official_client.get(reverse("employment:labortransfer_list")).context["shares"]
    assert shares == [
        {"community__name": "切克台村", "surplus": 4, "transferred": 3, "share": Decimal("75.0")}
    ]


@pytest.mark.django_db
def test_enterprises_filter_by_size(staff_client):
    EnterpriseFactory(size="micro")
    EnterpriseFactory(size="large")
    page = staff_client.get(reverse("employment:enterprise_list"), {"size": "micro"})
    assert [e.size for e in page.context["page"]] == ["micro"]
    assert "微型" in page.content.decode()
