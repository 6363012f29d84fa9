"""家庭经济状况核对: the means test of a household, a pure function of its figures.

The rule (docs/welfare.md, "Means test"):

- each income is stated per month, to the fen: a yearly figure is divided by twelve (half up);
- the household's monthly income is the sum over its current members; the per-capita income is
  that sum divided by the number of current members, to the fen (half up);
- the amount is the program's own computation (``compute_payment``) with that per-capita income:
  for 低保, (standard − per-capita income) × persons covered, never below zero, rounded to the
  yuan (half up) — the same function that generates the monthly batches;
- the household is proposed as eligible when its per-capita income is below the standard in
  force and its assets are within the program's limits: deposits divided by the household's
  members at most ``Program.max_deposits_per_capita``, vehicles at most ``Program.max_vehicles``
  (an empty limit is no limit). Housing is recorded for the officer's judgement; no rule counts
  it.

Nothing here reads the database: the caller (``selectors.means_test_for``) passes the members,
their incomes and assets, the program and the standard.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import MemberAsset, MemberIncome, compute_payment, monthly_amount, round_fen

ZERO = Decimal("0")


@dataclass(frozen=True)
class Income:
    member_id: int
    kind: str
    amount: Decimal
    period: str = MemberIncome.Period.MONTHLY

    @property
    def monthly(self) -> Decimal:
        return monthly_amount(self.amount, self.period)


@dataclass(frozen=True)
class Asset:
    member_id: int
    kind: str
    value: Decimal


@dataclass
class MemberRow:
    member: object
    cells: list[Decimal]  # monthly income per kind, in the order of MemberIncome.Kind
    total: Decimal


@dataclass
class MeansTest:
    kinds: list[str]
    rows: list[MemberRow]
    totals_by_kind: list[Decimal]
    total: Decimal
    household_size: int
    per_capita: Decimal
    standard: object | None
    difference: Decimal
    persons: int
    amount: Decimal
    formula: str
    deposits: Decimal
    deposits_per_capita: Decimal
    vehicles: int
    housing: int
    eligible: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def kind_labels(self) -> list[str]:
        return [MemberIncome.Kind(kind).label for kind in self.kinds]

    @property
    def standard_amount(self) -> Decimal | None:
        return self.standard.amount if self.standard is not None else None


def means_test(*, program, standard, members, incomes, assets, persons: int) -> MeansTest:
    """The means test of a household under ``standard`` (a ``Standard`` or ``None``).

    ``members``: the household's current members (objects with ``pk``); ``incomes`` and
    ``assets``: ``Income`` / ``Asset`` of those members (others are ignored); ``persons``: the
    persons the enrollment covers.
    """
    kinds = list(MemberIncome.Kind.values)
    ids = {member.pk for member in members}
    household_size = max(len(members), 1)
    by_member: dict[int, list[Decimal]] = {pk: [ZERO] * len(kinds) for pk in ids}
    for income in incomes:
        if income.member_id in by_member:
            by_member[income.member_id][kinds.index(income.kind)] += income.monthly
    rows = [MemberRow(m, by_member[m.pk], sum(by_member[m.pk], ZERO)) for m in members]
    totals_by_kind = [sum((row.cells[i] for row in rows), ZERO) for i in range(len(kinds))]
    total = sum(totals_by_kind, ZERO)
    per_capita = round_fen(total / household_size)

    figures = compute_payment(program, standard, persons, per_capita)
    difference = max(standard.amount - per_capita, ZERO) if standard is not None else ZERO

    own = [asset for asset in assets if asset.member_id in ids]
    deposits = sum((a.value for a in own if a.kind == MemberAsset.Kind.DEPOSIT), ZERO)
    deposits_per_capita = round_fen(deposits / household_size)
    vehicles = sum(1 for a in own if a.kind == MemberAsset.Kind.VEHICLE)
    housing = sum(1 for a in own if a.kind == MemberAsset.Kind.HOUSING)

    reasons = []
    if standard is None:
        reasons.append(_("No standard in force."))
    elif per_capita >= standard.amount:
        reasons.append(
            _("The per-capita income %(income)s is not below the standard %(standard)s.")
            % {"income": per_capita, "standard": standard.amount}
        )
    limit = program.max_deposits_per_capita
    if limit is not None and deposits_per_capita > limit:
        reasons.append(
            _("Deposits per member %(deposits)s exceed the limit of %(limit)s.")
            % {"deposits": deposits_per_capita, "limit": limit}
        )
    if program.max_vehicles is not None and vehicles > program.max_vehicles:
        reasons.append(
            _("The household owns %(count)d vehicle(s); at most %(limit)d allowed.")
            % {"count": vehicles, "limit": program.max_vehicles}
        )
    return MeansTest(
        kinds=kinds,
        rows=rows,
        totals_by_kind=totals_by_kind,
        total=total,
        household_size=household_size,
        per_capita=per_capita,
        standard=standard,
        difference=difference,
        persons=persons,
        amount=figures["amount"],
        formula=str(figures["formula"]),
        deposits=deposits,
        deposits_per_capita=deposits_per_capita,
        vehicles=vehicles,
        housing=housing,
        eligible=not reasons,
        reasons=reasons,
    )
