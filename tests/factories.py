"""factory-boy factories, one per model, with realistic Chinese data.

``IN_COMMUNITY`` maps a model (``app_label.model_name``) to a function building one object that
belongs to a given community: the scope test uses it to walk every URL of every app. An app that
adds a model with a detail URL adds its builder here.
"""

import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from communities.ethnicity import Ethnicity
from communities.idnumbers import make_id_number
from communities.models import (
    Community,
    Compound,
    Household,
    InterestClass,
    Pairing,
    Project,
    ProjectProgress,
    Resident,
    ServiceCategory,
    ServiceRecord,
    StaffProfile,
    Volunteer,
    VolunteerTeam,
)
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL
from employment.models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    Placement,
    Trainee,
    TrainingClass,
    Vacancy,
)
from reports.models import Report
from welfare.models import Attachment, Disbursement, DisbursementBatch, Enrollment, Program

_id_sequence = itertools.count(1)


def next_id_number(birth: datetime.date | None = None, male: bool = True) -> str:
    """A valid, unused 身份证号 of 布尔津县 (654321)."""
    n = next(_id_sequence)
    # Without a birth date: a working-age adult (born 1967–1999), whatever the test order, so
    # that tests counting children or the elderly count only the ones they made.
    birth = birth or datetime.date(1967, 1, 1) + datetime.timedelta(days=n * 37 % 12000)
    sequence = (n * 2 + (1 if male else 0)) % 1000
    return make_id_number("654321", birth, sequence)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"c{n:03d}")
    name = factory.Sequence(lambda n: f"测试{n}社区")
    kind = Community.Kind.URBAN
    featured_type = Community.FeaturedType.CARE
    party_branch = factory.LazyAttribute(lambda o: f"中共{o.name}委员会")
    order = factory.Sequence(lambda n: n)


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"幸福{n}小区")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    community = factory.SubFactory(CommunityFactory)
    address = factory.Sequence(lambda n: f"友谊路{n}号")
    registration_type = Household.RegistrationType.URBAN


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    id_number = factory.LazyFunction(next_id_number)
    name = factory.Iterator(["王芳", "阿依古丽·别克", "马建华", "艾力·买买提", "巴特尔", "李伟"])
    ethnicity = Ethnicity.HAN
    community = factory.LazyAttribute(
        lambda o: o.household.community if o.household else CommunityFactory()
    )
    household = None
    relation = Resident.Relation.HEAD


def household_with_members(community, count: int = 2, **kwargs) -> Household:
    household = HouseholdFactory(community=community, **kwargs)
    members = [
        ResidentFactory(
            household=household,
            relation=Resident.Relation.HEAD if i == 0 else Resident.Relation.CHILD,
        )
        for i in range(count)
    ]
    household.head = members[0]
    household.save(update_fields=["head"])
    return household


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试用户"
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, community=None, username=None):
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.update_or_create(user=user, defaults={"community": community})
    return user


def staff_of(community, username=None):
    return user_with_role(COMMUNITY_STAFF, community, username)


def civil_affairs_officer(username=None):
    return user_with_role(CIVIL_AFFAIRS, None, username)


def town_official(username=None):
    return user_with_role(TOWN_OFFICIAL, None, username)


def program(code: str = "dibao_urban") -> Program:
    """Programs come from the catalogue migration."""
    return Program.objects.get(code=code)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An active enrollment of a household head (or a person) in a program."""

    class Meta:
        model = Enrollment

    program = factory.LazyFunction(program)
    resident = factory.LazyAttribute(
        lambda o: household_with_members(o.community or CommunityFactory(), 2).head
    )
    household = factory.LazyAttribute(lambda o: o.resident.household)
    community = None
    status = Enrollment.Status.ACTIVE
    applied_on = datetime.date(2025, 1, 10)
    persons_covered = 2
    monthly_income_per_capita = Decimal("200")
    started_on = datetime.date(2025, 2, 1)
    review_due_on = datetime.date(2026, 2, 1)
    county_document_no = factory.Sequence(lambda n: f"布民发〔2025〕{n}号")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["community"] = kwargs["resident"].community
        return super()._create(model_class, *args, **kwargs)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisbursementBatch
        django_get_or_create = ("program", "period")

    program = factory.LazyFunction(program)
    period = datetime.date(2026, 3, 1)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    batch = factory.SubFactory(BatchFactory)
    program = factory.LazyAttribute(lambda o: o.batch.program)
    period = factory.LazyAttribute(lambda o: o.batch.period)
    resident = factory.LazyAttribute(lambda o: household_with_members(CommunityFactory(), 1).head)
    household = factory.LazyAttribute(lambda o: o.resident.household)
    community = factory.LazyAttribute(lambda o: o.resident.community)
    amount = Decimal("960.00")
    persons = 2
    source = Disbursement.Source.GENERATED


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    enrollment = factory.SubFactory(EnrollmentFactory)
    title = "低保申请表"
    file = factory.django.FileField(filename="form.pdf", data=b"%PDF-1.4 test")


class ReportFactory(factory.django.DjangoModelFactory):
    """A finished report of a community's month (no files)."""

    class Meta:
        model = Report

    period = "2026-03"
    community = factory.SubFactory(CommunityFactory)
    scope = factory.LazyAttribute(lambda o: o.community.code if o.community else "town")
    status = Report.Status.DONE
    data = factory.LazyAttribute(
        lambda o: {
            "period": o.period,
            "scope": o.scope,
            "scope_name": "测试",
            "welfare": [],
            "welfare_by_community": [],
            "narrative": {"保障民生": "测试叙述。"},
            "generated_at": "2026-04-01T02:00:00+08:00",
        }
    )


def _resident_in(community):
    return household_with_members(community, 1).head


def valid_credit_code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91654321MA{n:07d}"
    return body + uscc.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"布尔津县第{n}商贸有限公司")
    credit_code = factory.Sequence(valid_credit_code)
    size = Enterprise.Size.SMALL
    industry = "餐饮"
    address = "布尔津镇友谊路"


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = "厨师"
    headcount = 2
    wage_min = Decimal("3000")
    wage_max = Decimal("4500")
    skills = "烹饪 面点"


class JobSeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobSeeker

    resident = factory.LazyAttribute(lambda o: _resident_in(CommunityFactory()))
    community = factory.LazyAttribute(lambda o: o.resident.community)
    status = JobSeeker.Status.UNEMPLOYED
    skills = "烹饪"
    wish_sector = "餐饮"
    wish_wage = Decimal("3500")
    registered_on = datetime.date(2026, 3, 1)


class JobFairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobFair

    date = datetime.date(2026, 4, 15)
    place = "布尔津镇人力资源市场"
    organiser = "布尔津镇人民政府"
    theme = "企业用工招聘服务月"


def duty_members(community, sizes=None):
    """Duty members of each category (enough by default for a fully covered month)."""
    from duty_roster.models import DutyMember

    sizes = sizes or {1: 3, 2: 4, 3: 6, 4: 4, 5: 6}
    return [
        DutyMember.objects.create(
            community=community, category=category, name=f"值班{category}-{n}"
        )
        for category, count in sizes.items()
        for n in range(count)
    ]


def published_roster(community, month=datetime.date(2026, 4, 1)):
    """A small published month for the community (one week, so tests stay fast)."""
    from duty_roster.models import Assignment, RosterMonth, ShiftTemplate
    from duty_roster.services import ensure_defaults

    ensure_defaults(community)
    roster, created = RosterMonth.objects.get_or_create(
        community=community, month=month, defaults={"status": "published"}
    )
    if not created:
        return roster
    members = duty_members(community, {1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    day_shift = ShiftTemplate.objects.get(community=community, code="day")
    Assignment.objects.bulk_create(
        [
            Assignment(roster=roster, date=month, shift=day_shift, member=m)
            for m in members
            if m.category != 1
        ]
    )
    return roster


def _town_wide_with_row(make_parent, make_row):
    def build(community):
        parent = make_parent()
        make_row(parent, community)
        return parent

    return build


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    community = factory.SubFactory(CommunityFactory)
    date = factory.LazyFunction(datetime.date.today)
    category = factory.LazyFunction(lambda: ServiceCategory.objects.get(name="医疗保健"))
    charge = ServiceRecord.Charge.FREE
    fee = Decimal("0")
    note = "测量血压"


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"红马甲志愿服务队{n}")
    leader = "李红"


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    team = factory.SubFactory(VolunteerTeamFactory)
    name = factory.Iterator(["王芳", "阿依古丽", "马建华", "巴特尔"])
    post = "环境卫生岗"
    duty = "每周清理楼道"


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    household = factory.LazyAttribute(lambda o: household_with_members(CommunityFactory(), 2))
    community = factory.LazyAttribute(lambda o: o.household.community)
    cadre_name = factory.Iterator(["张建国", "叶尔兰", "刘敏"])
    started_on = datetime.date(2026, 1, 5)


class InterestClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestClass

    community = factory.SubFactory(CommunityFactory)
    name = factory.Iterator(["冬不拉弹唱班", "小小主持人班", "夕阳红红歌队"])
    organiser = "社区文化站"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"幸福小区排水改造{n}期")
    kind = Project.Kind.DRAINAGE
    status = Project.Status.IN_PROGRESS
    started_on = datetime.date(2026, 5, 1)
    budget = Decimal("300000")


class ProjectProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectProgress

    project = factory.SubFactory(ProjectFactory)
    date = datetime.date(2026, 6, 1)
    note = "管道铺设完成"
    photo = factory.django.FileField(filename="现场.png", data=b"\x89PNG\r\n\x1a\n photo")


def _batch_with_row_in(community):
    disbursement = DisbursementFactory(resident=_resident_in(community))
    return disbursement.batch


def _swap_in(community):
    from duty_roster.models import DutyMember, Swap

    roster = published_roster(community)
    assignment = roster.assignments.first()
    colleague = DutyMember.objects.create(
        community=community, name="替班", category=assignment.member.category
    )
    return Swap.objects.create(assignment=assignment, to_member=colleague)


def _dutylog_in(community):
    from django.utils import timezone

    from duty_roster.models import DutyLog, ShiftTemplate
    from duty_roster.services import ensure_defaults

    ensure_defaults(community)
    return DutyLog.objects.create(
        community=community,
        date=datetime.date(2026, 4, 1),
        shift=ShiftTemplate.objects.get(community=community, code="night"),
        handover_at=timezone.now(),
        events="平稳",
    )


IN_COMMUNITY = {
    "communities.community": lambda community: community,
    "communities.compound": lambda community: CompoundFactory(community=community),
    "communities.household": lambda community: household_with_members(community, 2),
    "communities.resident": _resident_in,
    "welfare.enrollment": lambda community: EnrollmentFactory(resident=_resident_in(community)),
    "welfare.attachment": lambda community: AttachmentFactory(
        enrollment=EnrollmentFactory(resident=_resident_in(community))
    ),
    "welfare.disbursement": lambda community: DisbursementFactory(resident=_resident_in(community)),
    "welfare.disbursementbatch": _batch_with_row_in,
    "reports.report": lambda community: ReportFactory(community=community),
    "communities.servicerecord": lambda community: ServiceRecordFactory(community=community),
    "communities.volunteerteam": lambda community: VolunteerTeamFactory(community=community),
    "communities.pairing": lambda community: PairingFactory(
        household=household_with_members(community, 2)
    ),
    "communities.interestclass": lambda community: InterestClassFactory(community=community),
    "communities.project": lambda community: ProjectFactory(community=community),
    "communities.projectprogress": lambda community: ProjectProgressFactory(
        project=ProjectFactory(community=community)
    ),
    "employment.jobseeker": lambda community: JobSeekerFactory(resident=_resident_in(community)),
    "employment.fairattendance": lambda community: FairAttendance.objects.create(
        fair=JobFairFactory(), seeker=JobSeekerFactory(resident=_resident_in(community))
    ),
    "employment.placement": lambda community: Placement.objects.create(
        seeker=JobSeekerFactory(resident=_resident_in(community)),
        enterprise=EnterpriseFactory(),
        start_date=datetime.date(2026, 4, 1),
        wage=Decimal("3800"),
        follow_up_due=datetime.date(2026, 7, 1),
    ),
    "employment.enterprise": _town_wide_with_row(
        EnterpriseFactory,
        lambda e, c: Placement.objects.create(
            seeker=JobSeekerFactory(resident=_resident_in(c)),
            enterprise=e,
            start_date=datetime.date(2026, 4, 1),
            wage=3800,
            follow_up_due=datetime.date(2026, 7, 1),
        ),
    ),
    "employment.vacancy": _town_wide_with_row(
        VacancyFactory, lambda v, c: JobSeekerFactory(resident=_resident_in(c))
    ),
    "employment.jobfair": _town_wide_with_row(
        JobFairFactory,
        lambda f, c: FairAttendance.objects.create(
            fair=f, seeker=JobSeekerFactory(resident=_resident_in(c))
        ),
    ),
    "employment.trainingclass": _town_wide_with_row(
        lambda: TrainingClass.objects.create(
            subject="面点培训",
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 5, 10),
            hours=60,
        ),
        lambda t, c: Trainee.objects.create(training=t, resident=_resident_in(c)),
    ),
    "duty_roster.rostermonth": published_roster,
    "duty_roster.assignment": lambda community: published_roster(community).assignments.first(),
    "duty_roster.swap": lambda community: _swap_in(community),
    "duty_roster.dutylog": lambda community: _dutylog_in(community),
    "employment.contest": _town_wide_with_row(
        lambda: Contest.objects.create(name="创业大赛", date=datetime.date(2026, 6, 1)),
        lambda k, c: ContestEntry.objects.create(
            contest=k, resident=_resident_in(c), project="民族手工艺"
        ),
    ),
}
# URL names that use a shorter word than the model's name: ``welfare:batch_detail``.
URL_ALIASES = {"welfare.batch": "welfare.disbursementbatch"}
# Town-wide objects (a month's batch spans every community): anyone with the permission opens
# them, and the scope test checks that the rows of another community are not shown.
TOWN_WIDE = {
    "welfare.disbursementbatch",
    "employment.enterprise",
    "employment.vacancy",
    "employment.jobfair",
    "employment.trainingclass",
    "employment.contest",
}


def _labor_transfer_in(community):
    from employment.models import LaborTransfer

    resident = _resident_in(community)
    return LaborTransfer.objects.create(
        resident=resident,
        community=community,
        destination="乌鲁木齐市",
        sector="建筑",
        from_date=datetime.date(2026, 3, 1),
        monthly_income=Decimal("4500"),
    )


def _pension_contribution_in(community):
    from employment.models import PensionContribution

    return PensionContribution.objects.create(
        resident=_resident_in(community),
        community=community,
        year=2026,
        grade=500,
        amount=Decimal("500"),
    )


# Rows shown only in a list and its export (no page of their own), for tests that need every
# list to have a row, like the formula-injection test of the exports.
LIST_ONLY = {
    "employment.labortransfer": _labor_transfer_in,
    "employment.pensioncontribution": _pension_contribution_in,
}
