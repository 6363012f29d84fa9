"""devtools finds each app's dataset.py and benchmarks.py as reports finds summary.py, and each
app times its own pages on the data loaded."""

import datetime

import pytest
from django import forms

from burqin.forms import MonthField
from devtools.discovery import project_app_modules
from tests.factories import (
    BatchFactory,
    EnrollmentFactory,
    JobFairFactory,
    household_with_members,
    published_roster,
)


def test_devtools_finds_each_apps_dataset_in_installed_apps_order_registry_first():
    apps = [app for app, _module in project_app_modules("dataset")]
    assert apps == ["communities", "community_services", "welfare", "employment", "duty_roster"]


def test_devtools_finds_each_apps_benchmarks_and_no_third_party_module():
    apps = [app for app, _module in project_app_modules("benchmarks")]
    assert apps == [
        "communities",
        "community_services",
        "welfare",
        "employment",
        "duty_roster",
        "reports",
    ]
    assert all(hasattr(module, "run") for _app, module in project_app_modules("benchmarks"))


def test_benchmark_modules_skip_their_pages_when_no_data_is_loaded(db):
    from communities import benchmarks as registry
    from community_services import benchmarks as services
    from employment import benchmarks as employment

    assert registry.run(quick=True)[0]["note"].startswith("no data")
    assert employment.run(quick=True) == []
    assert services.run(quick=True) == []


@pytest.mark.django_db
def test_each_app_times_its_own_pages_on_the_busiest_community(ehe, shenhu):
    from communities import benchmarks as registry
    from community_services import benchmarks as services
    from duty_roster import benchmarks as duty
    from employment import benchmarks as employment
    from welfare.benchmarks import _pages as welfare_pages

    household = household_with_members(ehe, 3)
    household_with_members(shenhu, 1)
    EnrollmentFactory(resident=household.head, status="active")
    BatchFactory()
    JobFairFactory()
    published_roster(ehe)

    rows = registry.run(quick=True) + welfare_pages(quick=True) + employment.run(quick=True)
    rows += duty._pages(quick=True) + services.run(quick=True)
    pages = {row["what"]: row["note"] for row in rows}
    assert pages["page: household detail"].endswith("额河社区, 3 residents")
    assert pages["page: enrollment list"].endswith("额河社区, 3 residents")
    assert pages["page: fair check-in"].endswith("额河社区, 3 residents")
    assert pages["page: roster month"].endswith("额河社区, 3 residents")
    assert pages["page: service records"].endswith("额河社区, 3 residents")
    assert pages["page: service quick entry"].endswith("额河社区, 3 residents")
    assert any(what.startswith("page: batch detail") for what in pages)
    assert any("(reference)" in what for what in pages)


def test_month_field_cleans_a_month_to_its_first_day_and_refuses_a_wrong_one():
    field = MonthField()
    assert field.clean("2026-05") == datetime.date(2026, 5, 1)
    with pytest.raises(forms.ValidationError):
        field.clean("2026-13")
