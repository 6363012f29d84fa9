"""Builders and factories for events, cadre training (community services) and the e-commerce
survey (employment); ``tests.factories`` adds the builders to ``IN_COMMUNITY`` and ``TOWN_WIDE``.
"""

import datetime
import itertools
from decimal import Decimal

import factory

from community_services.models import CadreAttendance, CadreTraining, Event, EventTeam
from employment.models import Contest, ContestEntry, EcommerceRecord, EcommerceSurvey

_years = itertools.count(1990)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.FESTIVAL
    title = "社区文化艺术节"
    date = factory.LazyFunction(datetime.date.today)
    place = "布尔津镇文化广场"
    community = None
    participants = 120
    audience = 600


class EventTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventTeam

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"黑走马舞蹈队{n}")
    members = 12
    leader = "古丽娜尔"


class CadreTrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadreTraining

    kind = CadreTraining.Kind.ANNUAL
    title = "社区干部培训班"
    start_date = factory.LazyFunction(datetime.date.today)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    hours = Decimal("16")
    teacher = "县委党校 王老师"
    organiser = "布尔津镇党委"
    community = None


class CadreAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadreAttendance

    training = factory.SubFactory(CadreTrainingFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    post = "社区委员"
    attended = True


class EcommerceSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EcommerceSurvey

    year = factory.LazyFunction(lambda: next(_years))
    title = factory.LazyAttribute(lambda o: f"{o.year}年电子商务情况摸排")
    started_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 1))
    surveyed_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 30))


def ecommerce_record(survey, resident, **values) -> EcommerceRecord:
    fields = {
        "kind": EcommerceRecord.Kind.WECHAT,
        "platform": "微信",
        "turnover": EcommerceRecord.Turnover.FROM_1K,
        "jobs_created": 1,
    }
    return EcommerceRecord.objects.create(
        survey=survey, resident=resident, community=resident.community, **(fields | values)
    )


def builders(marked, resident_in, town_wide_with_row):
    """``IN_COMMUNITY`` entries for the models above: each record carries its community's mark."""

    def event_in(community):
        return EventFactory(community=community, title=marked(community, "艺术节"))

    def event_team_in(community):
        return EventTeamFactory(
            event=event_in(community), community=community, name=marked(community, "舞蹈队")
        )

    def training_in(community):
        return CadreTrainingFactory(community=community, title=marked(community, "培训班"))

    def attendance_in(community):
        return CadreAttendanceFactory(
            training=training_in(community), community=community, name=marked(community, "干部")
        )

    def record_in(community, survey=None):
        return ecommerce_record(
            survey or EcommerceSurveyFactory(),
            resident_in(community),
            platform=marked(community, "抖音"),
            note=marked(community, "电商"),
        )

    def survey_with_rows(survey, community):
        contest = Contest.objects.create(name="微商创业大赛", date=datetime.date(2026, 6, 1))
        survey.contest = contest
        survey.save()
        record = record_in(community, survey)
        ContestEntry.objects.create(
            contest=contest, resident=record.resident, project=marked(community, "微商")
        )

    return {
        "community_services.event": event_in,
        "community_services.eventteam": event_team_in,
        "community_services.cadretraining": training_in,
        "community_services.cadreattendance": attendance_in,
        "employment.ecommercerecord": record_in,
        "employment.ecommercesurvey": town_wide_with_row(EcommerceSurveyFactory, survey_with_rows),
    }


TOWN_WIDE = {"employment.ecommercesurvey"}
