"""The rota in bounded time: the search stops at ROSTER_MAX_SECONDS on two workers, starts from
the previous month's rota, and says whether its rota is proven optimal, with its fairness."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from ortools.sat.python import cp_model

from duty_roster import solver as solver_module
from duty_roster.models import Assignment, DutyMember, RosterMonth
from duty_roster.services import build_problem
from tests.duty_roster.test_solver import check_hard_rules, make_problem
from tests.factories import duty_members


def test_a_small_rota_is_proven_optimal_with_its_fairness_spread():
    problem = make_problem({1: 3, 2: 4, 3: 6, 4: 4, 5: 6}, days=7)
    solution = solver_module.solve(problem, time_limit=20.0)
    assert solution.status == "OPTIMAL" and solution.optimal
    assert solution.objective == solution.bound
    report = solution.report()
    assert report["status"] == "optimal"
    assert set(report["fairness_spread"]) == {"1", "2", "3", "4", "5"}
    assert report["max_spread"] == max(solution.spread.values()) <= 1
    assert (report["time_limit"], report["workers"]) == (20.0, 2)


@pytest.fixture
def solver_parameters(monkeypatch):
    """The parameters of every CP-SAT search the generator starts."""
    seen = []

    class Recording(cp_model.CpSolver):
        def solve(self, model, *args, **kwargs):
            seen.append((self.parameters.max_time_in_seconds, self.parameters.num_workers))
            return super().solve(model, *args, **kwargs)

    monkeypatch.setattr(solver_module.cp_model, "CpSolver", Recording)
    return seen


@pytest.mark.django_db
def test_the_time_limit_setting_bounds_both_phases_on_two_workers(ehe, settings, solver_parameters):
    settings.ROSTER_MAX_SECONDS = 3
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02")
    (first, workers), (second, workers_again) = solver_parameters
    assert workers == workers_again == 2
    assert first == 3 * 0.8  # at most four fifths for filling the places
    assert 0 < second < 3  # fairness gets what is left of the same three seconds


@pytest.mark.django_db
def test_the_command_time_limit_overrides_the_setting(ehe, settings, solver_parameters):
    settings.ROSTER_MAX_SECONDS = 30
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--time-limit", "2")
    assert solver_parameters[0][0] == 2 * 0.8
    assert RosterMonth.objects.get().solve_report["time_limit"] == 2.0


@pytest.mark.django_db
def test_the_json_and_the_page_say_whether_the_rota_is_optimal(ehe, staff_client, capsys):
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--json", "--time-limit", "20")
    data = json.loads(capsys.readouterr().out)
    assert {"community", "month", "requirements", "shifts", "uncovered"} < set(data)
    report = data["solver"]
    assert report["status"] in ("optimal", "feasible")
    assert set(report["fairness_spread"]) == {"1", "2", "3", "4", "5"}
    assert report["max_spread"] == max(report["fairness_spread"].values())
    page = staff_client.get(RosterMonth.objects.get().get_absolute_url()).content.decode()
    assert 'data-testid="solver"' in page


@pytest.mark.django_db
def test_the_previous_months_rota_is_the_hint(ehe):
    duty_members(ehe)
    call_command("generate_roster", "ehe", "2026-02", "--time-limit", "5")
    february = set(
        Assignment.objects.filter(roster__month=datetime.date(2026, 2, 1)).values_list(
            "member_id", "date", "shift__code"
        )
    )
    problem = build_problem(ehe, datetime.date(2026, 3, 1))
    assert problem.hint_members == {member for member, _day, _code in february}
    # 1 March takes 1 February's rota (four weeks before), 29 March takes 1 February (eight).
    for march_day, february_day in ((1, 1), (28, 28), (29, 1), (31, 3)):
        expected = {
            (member, code)
            for member, day, code in february
            if day == datetime.date(2026, 2, february_day)
        }
        got = {
            (member, code)
            for member, day, code in problem.hint
            if day == datetime.date(2026, 3, march_day)
        }
        assert got == expected and got


@pytest.mark.django_db
def test_a_town_leader_shared_by_two_communities_is_never_on_duty_in_both_at_once(ehe, shenhu):
    leader = get_user_model().objects.create(username="zhenlingdao")
    for community in (ehe, shenhu):
        duty_members(community, {1: 4, 2: 3, 3: 3, 4: 3, 5: 3})
        first = DutyMember.objects.filter(community=community, category=1).order_by("pk")[0]
        first.user = leader
        first.save()
    call_command("generate_roster", "ehe", "2026-02", "--time-limit", "4")
    call_command("generate_roster", "shenhu", "2026-02", "--time-limit", "4")
    served = Assignment.objects.filter(member__user=leader).select_related("shift")
    spans = sorted(a.shift.span(a.date) for a in served)
    assert {a.roster.community_id for a in served} == {ehe.pk, shenhu.pk}
    for (_begin, end), (next_begin, _end) in zip(spans, spans[1:], strict=False):
        assert next_begin - end >= datetime.timedelta(hours=12)


def test_a_place_left_empty_by_a_leader_serving_elsewhere_says_so():
    problem = make_problem({1: 1, 2: 1}, days=2)
    leader = next(m for m in problem.members if m.category == 1)
    first = problem.days[0]
    begin = datetime.datetime.combine(first, datetime.time(8))
    problem.busy = {leader.id: [(begin, begin + datetime.timedelta(days=1))]}
    solution = solver_module.solve(problem, time_limit=5.0)
    check_hard_rules(problem, solution)
    gaps = [g for g in solution.uncovered if g["category"] == 1 and g["date"] == first.isoformat()]
    assert gaps and leader.name in gaps[0]["reason"]


def test_a_shared_leaders_shifts_elsewhere_count_towards_the_fairness_spread():
    problem = make_problem({1: 2}, days=8)
    shared, other = (m for m in problem.members if m.category == 1)
    begin = datetime.datetime.combine(problem.days[0], datetime.time(8))
    problem.busy = {shared.id: [(begin, begin + datetime.timedelta(days=1))]}
    solution = solver_module.solve(problem, time_limit=10.0)
    here = {m.id: 0 for m in problem.members}
    for _day, _code, member in solution.assignments:
        here[member] += 1
    assert solution.spread[1] == abs(here[shared.id] + 1 - here[other.id]) <= 1
    assert solution.optimal
