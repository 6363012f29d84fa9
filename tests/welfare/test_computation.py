import datetime
from decimal import Decimal

import pytest

from tests.factories import program
from welfare.models import Standard, compute_payment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("income", "persons", "expected"),
    [
        ("0", 1, "680"),
        ("250.50", 3, "1289"),  # 429.5 × 3 = 1288.5, half up
        ("679.99", 2, "0"),  # 0.01 × 2 = 0.02 → 0
        ("900", 4, "0"),  # income above the standard: never negative
    ],
)
def test_dibao_is_standard_minus_income_times_persons_rounded_to_the_yuan(
    income, persons, expected
):
    dibao = program("dibao_urban")
    standard = dibao.standard_on(datetime.date(2026, 3, 1))
    figures = compute_payment(dibao, standard, persons, Decimal(income))
    assert figures["amount"] == Decimal(expected)


@pytest.mark.django_db
def test_a_payment_uses_the_standard_in_force_for_its_month():
    dibao = program("dibao_urban")
    assert dibao.standard_on(datetime.date(2025, 12, 1)).amount == Decimal("650")
    assert dibao.standard_on(datetime.date(2026, 1, 1)).amount == Decimal("680")
    Standard.objects.create(
        program=dibao, effective_from=datetime.date(2026, 7, 1), amount=Decimal("700")
    )
    assert dibao.standard_on(datetime.date(2026, 6, 30)).amount == Decimal("680")
    assert dibao.standard_on(datetime.date(2026, 7, 1)).amount == Decimal("700")


@pytest.mark.django_db
def test_in_kind_programs_carry_their_quantity():
    flour = program("flour")
    figures = compute_payment(flour, flour.standard_on(datetime.date(2026, 1, 1)), 3, Decimal(0))
    assert figures["quantity"] == Decimal("2")
