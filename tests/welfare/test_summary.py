"""Totals are exact: the summary of random Decimal payments equals an independent sum."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from burqin.periods import Period
from communities.models import Community
from tests.factories import BatchFactory, CommunityFactory, household_with_members, program
from welfare.models import Disbursement
from welfare.summary import section

amounts = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("5000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.mark.django_db
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payments=st.lists(
        st.tuples(
            st.sampled_from(["dibao_urban", "tibiao_urban", "coal_urban"]),
            st.integers(0, 5),
            st.integers(0, 3),
            amounts,
            st.integers(1, 6),
        ),
        min_size=200,
        max_size=400,
    )
)
def test_summary_equals_an_independent_sum(payments):
    Disbursement.objects.all().delete()
    communities = [CommunityFactory(code=f"p{i}") for i in range(2)]
    heads = [household_with_members(communities[i % 2], 1).head for i in range(6)]
    expected = defaultdict(lambda: [Decimal("0"), 0, 0, set()])
    seen = set()
    rows = []
    for code, who, month_offset, amount, persons in payments:
        period = datetime.date(2026, 1 + month_offset, 1)
        key = (code, period, who)
        if key in seen:
            continue
        seen.add(key)
        batch = BatchFactory(program=program(code), period=period)
        head = heads[who]
        rows.append(
            Disbursement(
                batch=batch,
                program=batch.program,
                period=period,
                community=head.community,
                household=head.household,
                resident=head,
                amount=amount,
                persons=persons,
            )
        )
        total = expected[code]
        total[0] += amount
        total[1] += 1
        total[2] += persons
        total[3].add(head.household_id)
    Disbursement.objects.bulk_create(rows)
    result = section(
        Period.parse("2026-H1"), Community.objects.filter(pk__in=[c.pk for c in communities])
    )
    figures = {row["program"]: row for row in result["programs"]}
    for code, (amount, count, persons, households) in expected.items():
        assert figures[code]["amount"] == amount
        assert figures[code]["payments"] == count
        assert figures[code]["person_times"] == persons
        if code != "tibiao_urban":
            assert figures[code]["beneficiaries"] == len(households)
    per_community = sum(
        (p["amount"] for c in result["by_community"] for p in c["programs"]), Decimal("0")
    )
    assert per_community == sum((v[0] for v in expected.values()), Decimal("0"))
