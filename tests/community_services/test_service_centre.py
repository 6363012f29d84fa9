"""The town's service centre (镇社区服务中心) as a unit of its own: who records its services, how
they are listed, and how the town's report tells them apart from the communities' stations."""

import json
import random

import pytest
from django.core.management import call_command
from django.urls import reverse

from burqin.numbers import format_about
from community_services.models import Project, ServiceCategory, ServiceRecord
from reports.narrative import works_sentences
from tests.factories import (
    CompoundFactory,
    ProjectFactory,
    ServiceRecordFactory,
    household_with_members,
    service_centre_staff,
    today,
)

QUICK = reverse("community_services:servicerecord_quick")
LIST = reverse("community_services:servicerecord_list")
CENTRE = ServiceRecord.Provider.TOWN_CENTRE


def entry(**data):
    return {
        "date": today().isoformat(),
        "category": ServiceCategory.objects.get(name="医疗保健").pk,
        "charge": "free",
        "fee": "0",
        "who": "",
        "note": "",
    } | data


@pytest.fixture
def centre_client(client, db):
    client.force_login(service_centre_staff(username="zhongxin_test"))
    return client


@pytest.mark.django_db
def test_the_centres_staff_record_its_services_by_default(centre_client, ehe):
    person = household_with_members(ehe, 1).head
    page = centre_client.get(QUICK).content.decode()
    assert 'value="town_centre" selected' in page
    response = centre_client.post(QUICK, entry(provider=CENTRE, who=person.id_number[-6:]))
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.provider, record.community) == (CENTRE, ehe)


@pytest.mark.django_db
def test_other_town_staff_cannot_record_for_the_centre(officer, ehe):
    from django.core.exceptions import PermissionDenied

    from community_services.services import service_record_create

    with pytest.raises(PermissionDenied):
        service_record_create(
            actor=officer,
            community=ehe,
            date=today(),
            category=ServiceCategory.objects.get(name="医疗保健"),
            charge="free",
            fee=0,
            provider=CENTRE,
        )


@pytest.mark.django_db
def test_community_staff_record_only_their_stations_services(staff_client, ehe):
    assert "id_provider" not in staff_client.get(QUICK).content.decode()
    assert staff_client.post(QUICK, entry(provider=CENTRE)).status_code == 302
    assert ServiceRecord.objects.get().provider == ServiceRecord.Provider.STATION


@pytest.mark.django_db
def test_the_list_names_the_unit_and_counts_by_charge_in_chinese(officer_client, ehe):
    ServiceRecordFactory(community=ehe, charge="low_fee", fee=5, provider=CENTRE)
    ServiceRecordFactory(community=ehe, charge="paid", fee=20)
    ServiceRecordFactory(community=ehe, category=ServiceCategory.objects.get(name="信息咨询"))
    page = officer_client.get(LIST).content.decode()
    summary = page.split('data-testid="charge-summary"')[1].split("</p>")[0]
    assert "有偿服务：1 次" in summary and "低偿服务：1 次" in summary
    assert "咨询：1 次" in summary and "无偿" not in summary  # the consultation counted apart
    for raw in ("low_fee", "paid:", "free:"):
        assert raw not in summary
    assert "镇社区服务中心" in page and "社区服务站" in page
    filtered = officer_client.get(LIST, {"provider": CENTRE}).content.decode()
    assert filtered.count("<tr>") == 2  # the header and the centre's one record


def build(capsys, *args) -> dict:
    call_command("build_report", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_the_centre_is_told_in_the_towns_report_and_not_in_a_communitys(capsys, ehe, shenhu):
    household_with_members(ehe, 1)
    month = today().replace(day=1)
    for _ in range(3):
        ServiceRecordFactory(community=ehe, date=month, charge="low_fee", fee=5, provider=CENTRE)
    ServiceRecordFactory(community=ehe, date=month, provider=CENTRE)
    for _ in range(2):
        ServiceRecordFactory(community=ehe, date=month)  # the station's own
    period = f"{month:%Y-%m}"
    town = build(capsys, period)
    assert "镇社区服务中心开展低偿服务3次，无偿服务1次。" in town["narrative"]["保障民生"]
    assert "提供无偿服务2次" in town["narrative"]["便民服务"]
    assert town["services"]["centre"]["total"] == 4
    community = build(capsys, period, "--community", "ehe")
    assert community["services"]["centre"] is None
    assert "镇社区服务中心" not in json.dumps(community["narrative"], ensure_ascii=False)
    assert community["services"]["services"]["total"] == 2


@pytest.mark.django_db
def test_a_station_cannot_record_for_the_centre_through_the_service(staff):
    from django.core.exceptions import PermissionDenied

    from community_services.services import service_record_create

    with pytest.raises(PermissionDenied):
        service_record_create(
            actor=staff,
            community=staff.staff_profile.community,
            date=today(),
            category=ServiceCategory.objects.get(name="医疗保健"),
            charge="free",
            fee=0,
            provider=CENTRE,
        )
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize(
    ("count", "told"), [(87, "87"), (100, "100"), (123, "120多"), (1234, "1 200多")]
)
def test_consultations_are_given_roughly_as_the_town_does(count, told):
    assert format_about(count) == told


@pytest.mark.django_db
def test_works_are_told_by_kind_and_compounds(ehe):
    rng = random.Random(3)
    names = ["幸福小区", "团结小区"]
    project = ProjectFactory(community=ehe, kind=Project.Kind.ROAD, started_on=today())
    project.compounds.set([CompoundFactory(community=ehe, name=n) for n in names])
    from burqin.periods import Period
    from community_services.summary import works

    found = works(Project.objects.all(), Period.parse(str(today().year)))
    assert works_sentences(found) == ["对幸福小区、团结小区道路进行硬化"]
    planned = ProjectFactory(community=ehe, status=Project.Status.PLANNED, started_on=today())
    planned.compounds.set([CompoundFactory(community=ehe, name=f"新{rng.randint(1, 9)}小区")])
    assert works(Project.objects.all(), Period.parse(str(today().year))) == found
