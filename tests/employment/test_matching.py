"""Matching in SQL: the database ranks with the documented rule, reads only the rows shown, and
never another community's people."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employment.models import Enterprise, JobSeeker, Vacancy
from employment.selectors import score, seekers_for_vacancy, vacancies_for_seeker
from tests.factories import (
    EnterpriseFactory,
    JobSeekerFactory,
    VacancyFactory,
    civil_affairs_officer,
    household_with_members,
    valid_credit_code,
)

SKILLS = ["电焊", "驾驶", "烹饪", "面点", "家政", "电工", "育婴"]
SEPARATORS = [" ", "、", "，", ",", ";", "；", "  ", "\u3000", " 、"]
WAGES = [Decimal(w) for w in ("0", "2000", "2400", "3000", "3600", "3750", "4500", "4500.01",
                              "5625", "5625.01", "6000")]  # fmt: skip
LIMIT = 5


@st.composite
def skill_text(draw):
    words = draw(st.lists(st.sampled_from(SKILLS), max_size=5))
    text = ""
    for word in words:
        text += word + draw(st.sampled_from(SEPARATORS))
    return draw(st.sampled_from(["", " "])) + text.rstrip(draw(st.sampled_from(["", " "])))


seeker_rows = st.lists(
    st.fixed_dictionaries(
        {
            "skills": skill_text(),
            "wish_sector": st.sampled_from(["", "餐饮", "建筑", "家政"]),
            "wish_wage": st.sampled_from(WAGES),
            "wish_area": st.sampled_from(["", "友谊路", "新城", "布尔津"]),
            "status": st.sampled_from(JobSeeker.Status.values),
        }
    ),
    min_size=1,
    max_size=10,
)
vacancy_rows = st.lists(
    st.fixed_dictionaries(
        {
            "skills": skill_text(),
            "industry": st.sampled_from(["", "餐饮", "建筑", "家政"]),
            "address": st.sampled_from(["", "布尔津镇友谊路", "新城区建设路", "友谊"]),
            "wages": st.tuples(st.sampled_from(WAGES), st.sampled_from(WAGES)),
            "is_open": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


def reference_ranking(pairs):
    """The documented rule applied in Python to every candidate: (id, score) of the best."""
    scored = [(obj.pk, score(*pair)[0]) for obj, pair in pairs]
    scored = [row for row in scored if row[1] > 0]
    return sorted(scored, key=lambda row: (-row[1], row[0]))[:LIMIT]


@pytest.fixture
def people(ehe, shenhu):
    """Residents to make seekers of: ten of 额河, three of 神湖 (never to be shown)."""
    return [household_with_members(ehe, 1).head for _ in range(10)], [
        household_with_members(shenhu, 1).head for _ in range(3)
    ]


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seekers=seeker_rows, others=seeker_rows, vacancies=vacancy_rows)
def test_the_sql_ranking_equals_the_documented_rule(ehe, people, seekers, others, vacancies):
    mine, theirs = people
    with transaction.atomic():
        JobSeeker.objects.bulk_create(
            [
                JobSeeker(resident=resident, community=resident.community,
                          registered_on="2026-03-01", **row)
                for resident, row in [*zip(mine, seekers, strict=False),
                                     *zip(theirs, others, strict=False)]
            ]
        )  # fmt: skip
        created = []
        for n, row in enumerate(vacancies):
            low, high = sorted(row["wages"])
            enterprise = Enterprise.objects.create(
                name=f"匹配测试企业{n}",
                credit_code=valid_credit_code(90000 + n),
                industry=row["industry"],
                address=row["address"],
            )
            created.append(
                Vacancy.objects.create(
                    enterprise=enterprise,
                    title="岗位",
                    skills=row["skills"],
                    wage_min=low,
                    wage_max=high if n % 3 else Decimal("0"),  # some give only a minimum
                    is_open=row["is_open"],
                )
            )
        visible = JobSeeker.objects.filter(community=ehe)
        available = list(visible.exclude(status=JobSeeker.Status.EMPLOYED))
        open_vacancies = [v for v in created if v.is_open]
        for vacancy in created:
            got = seekers_for_vacancy(vacancy, visible, limit=LIMIT)
            expected = reference_ranking((s, (s, vacancy)) for s in available)
            assert [(m["object"].pk, m["score"]) for m in got] == expected
            for match in got:
                assert match["object"].community_id == ehe.pk
                assert match["reasons"] == score(match["object"], vacancy)[1]
        officer = civil_affairs_officer(username=f"matching_officer_{len(created)}")
        for seeker in JobSeeker.objects.all():
            got = vacancies_for_seeker(seeker, officer, limit=LIMIT)
            expected = reference_ranking((v, (seeker, v)) for v in open_vacancies)
            assert [(m["object"].pk, m["score"]) for m in got] == expected
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_skill_counts_only_as_a_whole_word(ehe):
    vacancy = VacancyFactory(skills="电工", wage_min=0, wage_max=0)
    whole = JobSeekerFactory(resident=household_with_members(ehe, 1).head, skills="焊工、电工")
    JobSeekerFactory(
        resident=household_with_members(ehe, 1).head, skills="高压电工", wish_sector=""
    )
    matches = seekers_for_vacancy(vacancy, JobSeeker.objects.all())
    assert [(m["object"], m["score"]) for m in matches] == [(whole, 15 + 25)]


def add_seekers_and_vacancies(community, count):
    for _ in range(count):
        JobSeekerFactory(resident=household_with_members(community, 1).head, skills="烹饪 面点")
        VacancyFactory(enterprise=EnterpriseFactory())


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_vacancy_page_costs_the_same_with_3_or_30_seekers(
    staff_client, ehe, count, django_assert_num_queries
):
    vacancy = VacancyFactory()
    add_seekers_and_vacancies(ehe, count)
    # 1 session, 2 user, 3–4 the user's and the groups' permissions, 5 staff profile (scope),
    # 6 the vacancy with its enterprise, 7 the best seekers ranked by the database (with
    # resident and community), 8 the community base.html shows.
    with django_assert_num_queries(8):
        response = staff_client.get(vacancy.get_absolute_url())
    assert len(response.context["matches"]) == count


@pytest.mark.django_db
def test_the_ranking_reads_only_the_rows_shown(ehe, django_assert_num_queries):
    add_seekers_and_vacancies(ehe, 40)
    vacancy = Vacancy.objects.select_related("enterprise").first()
    seeker = JobSeeker.objects.first()
    officer = civil_affairs_officer()
    assert officer.staff_profile.community_id is None  # the scope, read before counting
    with django_assert_num_queries(1):
        assert len(seekers_for_vacancy(vacancy, JobSeeker.objects.all(), limit=10)) == 10
    with django_assert_num_queries(1):
        assert len(vacancies_for_seeker(seeker, officer, limit=10)) == 10
