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
from django.utils import timezone

from communities.ethnicity import Ethnicity
from communities.idnumbers import make_id_number
from communities.models import Community, Compound, Household, Resident, StaffProfile
from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, SERVICE_CENTRE, TOWN_OFFICIAL
from community_services.models import (
    InterestClass,
    Pairing,
    Project,
    ProjectProgress,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)
from employment.models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    SurplusLabour,
    Trainee,
    TrainingClass,
    Vacancy,
)
from reports.models import Report
from welfare.models import Attachment, Disbursement, DisbursementBatch, Enrollment, Program

_id_sequence = itertools.count(1)


def today():
    """The town's date, read when it is used: the suite can run across midnight in Shanghai."""
    return timezone.localdate()


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


def service_centre_staff(username=None):
    return user_with_role(SERVICE_CENTRE, None, username)


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
            community=community, category=category, name=f"{community.name}值班{category}-{n}"
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
    # The town's day, as the list (which begins on the first of the town's month) reads it.
    date = factory.LazyFunction(timezone.localdate)
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


_mark_sequence = itertools.count(1)


def marked(community, what: str) -> str:
    """Text that names its community (``隔壁社区居民7``): the scope walk recognises another
    community's records on a page by their community's name in their text."""
    return f"{community.name}{what}{next(_mark_sequence)}"


def _resident_in(community):
    household = household_with_members(community, 1, address=marked(community, "路"))
    head = household.head
    head.name = marked(community, "居民")
    head.phone = f"139{next(_mark_sequence):08d}"
    head.save()
    return head


def _batch_with_row_in(community):
    disbursement = DisbursementFactory(resident=_resident_in(community))
    return disbursement.batch


def _swap_in(community):
    from duty_roster.models import DutyMember, Swap

    roster = published_roster(community)
    assignment = roster.assignments.first()
    colleague = DutyMember.objects.create(
        community=community, name=marked(community, "替班"), category=assignment.member.category
    )
    return Swap.objects.create(assignment=assignment, to_member=colleague)


def _dutylog_in(community):
    from duty_roster.models import DutyLog, ShiftTemplate
    from duty_roster.services import ensure_defaults

    ensure_defaults(community)
    return DutyLog.objects.create(
        community=community,
        date=datetime.date(2026, 4, 1),
        shift=ShiftTemplate.objects.get(community=community, code="night"),
        handover_at=timezone.now(),
        events=marked(community, "值班平稳"),
    )


def _enrollment_in(community):
    return EnrollmentFactory(resident=_resident_in(community))


def _volunteer_in(community):
    return VolunteerFactory(
        team=VolunteerTeamFactory(community=community, name=marked(community, "志愿队")),
        name=marked(community, "志愿者"),
    )


def _volunteer_activity_in(community):
    from community_services.models import VolunteerActivity

    return VolunteerActivity.objects.create(
        team=VolunteerTeamFactory(community=community, name=marked(community, "志愿队")),
        date=datetime.date.today(),
        title=marked(community, "清扫活动"),
    )


def _participation_in(community):
    from community_services.models import ActivityParticipation

    volunteer = _volunteer_in(community)
    activity = _volunteer_activity_in(community)
    return ActivityParticipation.objects.create(
        activity=activity, volunteer=volunteer, hours=Decimal("2")
    )


def _pairing_in(community):
    return PairingFactory(
        household=household_with_members(community, 2, address=marked(community, "路")),
        cadre_name=marked(community, "干部"),
    )


def _class_in(community):
    return InterestClassFactory(community=community, name=marked(community, "兴趣班"))


def _project_in(community):
    return ProjectFactory(community=community, title=marked(community, "改造项目"))


def _staff_profile_in(community):
    user = staff_of(community)
    user.first_name = marked(community, "职员")
    user.save(update_fields=["first_name"])
    profile = user.staff_profile
    profile.title = marked(community, "网格员")
    profile.save(update_fields=["title"])
    return profile


def _duty_member_in(community):
    from duty_roster.models import DutyMember

    return DutyMember.objects.create(
        community=community, category=2, name=marked(community, "值班员")
    )


def _shift_in(community):
    from duty_roster.models import ShiftTemplate

    return ShiftTemplate.objects.create(
        community=community,
        code=f"s{next(_mark_sequence)}",
        name=marked(community, "班次"),
        start=datetime.time(8, 0),
        hours=8,
    )


def _rules_in(community):
    from duty_roster.models import CoverageRule

    return CoverageRule.objects.create(shift=_shift_in(community), category=2, minimum=1)


def _policy_in(community):
    from duty_roster.models import RosterPolicy

    return RosterPolicy.objects.get_or_create(community=community)[0]


def _leave_in(community):
    from duty_roster.models import Leave

    return Leave.objects.create(
        member=_duty_member_in(community),
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 4, 3),
        reason=marked(community, "探亲"),
    )


def _incident_in(community):
    from duty_roster.models import Incident

    return Incident.objects.create(
        log=_dutylog_in(community),
        kind=Incident.Kind.HELP,
        description=marked(community, "求助"),
        outcome=Incident.Outcome.HANDLED,
    )


def _patrol_in(community):
    from duty_roster.models import Patrol

    return Patrol.objects.create(
        community=community,
        date=datetime.date.today(),
        start=datetime.time(20, 0),
        end=datetime.time(22, 0),
        area=marked(community, "巡逻片区"),
    )


def _review_step_in(community):
    from welfare.models import ReviewStep

    return ReviewStep.objects.create(
        enrollment=_enrollment_in(community),
        action=ReviewStep.Action.APPLIED,
        opinion=marked(community, "审核意见"),
    )


def _objection_in(community):
    """An objection, not yet handled, to an application in public notice (issue 16, part A)."""
    from welfare.models import Objection

    enrollment = EnrollmentFactory(
        resident=_resident_in(community),
        status=Enrollment.Status.PUBLICIZED,
        notice_start=datetime.date.today() - datetime.timedelta(days=3),
        notice_end=datetime.date.today() + datetime.timedelta(days=3),
    )
    return Objection.objects.create(
        enrollment=enrollment,
        received_on=datetime.date.today(),
        text=marked(community, "异议"),
    )


def _appeal_in(community):
    from welfare.models import Appeal

    enrollment = _enrollment_in(community)
    return Appeal.objects.create(
        enrollment=enrollment,
        subject=Appeal.Subject.STOP,
        decision_on=datetime.date(2026, 3, 1),
        lodged_on=datetime.date(2026, 3, 10),
        answer_due=datetime.date(2026, 4, 9),
        grounds=marked(community, "复核理由"),
    )


def _change_confirmation_in(community):
    from welfare.models import ChangeListConfirmation

    batch = _batch_with_row_in(community)
    return ChangeListConfirmation.objects.create(
        batch=batch,
        digest="0" * 64,
        confirmed_by=civil_affairs_officer(),
        opinion=marked(community, "增减确认"),
    )


def _funding_in(community):
    from community_services.models import Funding

    return Funding.objects.create(
        project=_project_in(community),
        source=Funding.Source.SOCIETY,
        donor=marked(community, "捐赠人"),
        allocated=Decimal("1000"),
        date=datetime.date(2026, 5, 2),
    )


def _progress_in(community):
    return ProjectProgressFactory(
        project=_project_in(community),
        date=datetime.date(2026, 5, 3),
        note=marked(community, "进度"),
    )


def _pairing_visit_in(community):
    from community_services.models import PairingVisit

    return PairingVisit.objects.create(
        pairing=_pairing_in(community),
        date=datetime.date.today(),
        done=marked(community, "走访"),
    )


def _class_session_in(community):
    from community_services.models import ClassSession

    return ClassSession.objects.create(
        interest_class=_class_in(community),
        date=datetime.date.today(),
        topic=marked(community, "课程"),
    )


def _training(community=None):
    return TrainingClass.objects.create(
        subject="面点培训",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 5, 10),
        hours=60,
    )


def _contest(community=None):
    return Contest.objects.create(name="创业大赛", date=datetime.date(2026, 6, 1))


def _placement_in(community, enterprise=None):
    return Placement.objects.create(
        seeker=JobSeekerFactory(resident=_resident_in(community)),
        enterprise=enterprise or EnterpriseFactory(),
        start_date=datetime.date(2026, 4, 1),
        wage=Decimal("3800"),
        follow_up_due=datetime.date(2026, 7, 1),
    )


def export_job_of(user, title="居民名单", **fields):
    """A finished background export of ``user``, with its file stored."""
    from django.core.files.base import ContentFile

    from communities.models import ExportJob

    fields.setdefault("status", ExportJob.Status.DONE)
    job = ExportJob.objects.create(
        user=user,
        title=title,
        url_name="communities:resident_list",
        path="/residents/",
        query="export=xlsx",
        total=1,
        rows_written=1,
        **fields,
    )
    if job.status == ExportJob.Status.DONE:
        job.file.save(f"{title}.xlsx", ContentFile(b"PK\x03\x04 export"))
    return job


# Every scoped model (one with a path to Community: tests/scope_walk.scoped_models) registers
# here a builder of one object in a given community, its text marked with the community's name
# (``marked``); tests/test_scope.py fails when a model has none or its object carries no mark.
IN_COMMUNITY = {
    "communities.community": lambda community: community,
    "communities.compound": lambda community: CompoundFactory(
        community=community, name=marked(community, "小区")
    ),
    "communities.household": lambda community: household_with_members(
        community, 2, address=marked(community, "路")
    ),
    "communities.resident": _resident_in,
    "communities.staffprofile": _staff_profile_in,
    # An export belongs to its requester: here one of the community's staff.
    "communities.exportjob": lambda community: export_job_of(
        staff_of(community), title=marked(community, "导出")
    ),
    "welfare.enrollment": _enrollment_in,
    "welfare.reviewstep": _review_step_in,
    "welfare.objection": _objection_in,
    "welfare.attachment": lambda community: AttachmentFactory(
        enrollment=_enrollment_in(community), title=marked(community, "申请表")
    ),
    "welfare.disbursement": lambda community: DisbursementFactory(resident=_resident_in(community)),
    "welfare.disbursementbatch": _batch_with_row_in,
    "welfare.appeal": _appeal_in,
    "welfare.changelistconfirmation": _change_confirmation_in,
    "reports.report": lambda community: ReportFactory(community=community),
    "community_services.servicerecord": lambda community: ServiceRecordFactory(
        community=community, resident=_resident_in(community), note=marked(community, "服务")
    ),
    "community_services.volunteerteam": lambda community: VolunteerTeamFactory(
        community=community, name=marked(community, "志愿队")
    ),
    "community_services.volunteer": _volunteer_in,
    "community_services.volunteeractivity": _volunteer_activity_in,
    "community_services.activityparticipation": _participation_in,
    "community_services.pairing": _pairing_in,
    "community_services.pairingvisit": _pairing_visit_in,
    "community_services.interestclass": _class_in,
    "community_services.classsession": _class_session_in,
    "community_services.project": _project_in,
    "community_services.funding": _funding_in,
    "community_services.projectprogress": _progress_in,
    "employment.jobseeker": lambda community: JobSeekerFactory(resident=_resident_in(community)),
    "employment.fairattendance": lambda community: FairAttendance.objects.create(
        fair=JobFairFactory(), seeker=JobSeekerFactory(resident=_resident_in(community))
    ),
    "employment.placement": _placement_in,
    "employment.enterprise": _town_wide_with_row(
        EnterpriseFactory, lambda e, c: _placement_in(c, enterprise=e)
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
        _training,
        lambda t, c: Trainee.objects.create(training=t, resident=_resident_in(c)),
    ),
    "employment.trainee": lambda community: Trainee.objects.create(
        training=_training(), resident=_resident_in(community)
    ),
    "employment.contest": _town_wide_with_row(
        _contest,
        lambda k, c: ContestEntry.objects.create(
            contest=k, resident=_resident_in(c), project=marked(c, "手工艺")
        ),
    ),
    "employment.contestentry": lambda community: ContestEntry.objects.create(
        contest=_contest(), resident=_resident_in(community), project=marked(community, "手工艺")
    ),
    "employment.labortransfer": lambda community: LaborTransfer.objects.create(
        resident=_resident_in(community),
        community=community,
        destination=marked(community, "去向"),
        sector="建筑",
        from_date=datetime.date.today(),
    ),
    "employment.surpluslabour": lambda community: SurplusLabour.objects.create(
        community=community, year=2026, workers=12, note=marked(community, "富余劳动力")
    ),
    "employment.pensioncontribution": lambda community: PensionContribution.objects.create(
        resident=_resident_in(community),
        community=community,
        year=datetime.date.today().year,
        grade=1,
        amount=Decimal("200"),
        paid_on=datetime.date.today(),
    ),
    "duty_roster.rostermonth": published_roster,
    "duty_roster.assignment": lambda community: published_roster(community).assignments.first(),
    "duty_roster.swap": _swap_in,
    "duty_roster.dutylog": _dutylog_in,
    "duty_roster.dutymember": _duty_member_in,
    "duty_roster.leave": _leave_in,
    "duty_roster.rosterpolicy": _policy_in,
    "duty_roster.shifttemplate": _shift_in,
    "duty_roster.coveragerule": _rules_in,
    "duty_roster.incident": _incident_in,
    "duty_roster.patrol": _patrol_in,
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
        paid_on=datetime.date(2026, 3, 10),
    )


def _severely_disabled_in(community):
    """A resident the registry proposes for both disability subsidies (grade 1, in a 低保
    household): welfare:disability_proposals."""
    resident = _resident_in(community)
    resident.is_disabled = True
    resident.disability_category = Resident.DisabilityCategory.PHYSICAL
    resident.disability_grade = Resident.DisabilityGrade.FIRST
    resident.save()
    today = datetime.date.today()
    EnrollmentFactory(
        program=program("dibao_urban"),
        resident=resident,
        started_on=today.replace(day=1),
        review_due_on=today + datetime.timedelta(days=365),
    )
    return resident


def _elderly_in(community):
    """A resident of 96 in 2026, on every month's 高龄津贴 list (welfare:elderly_list)."""
    resident = Resident(
        id_number=next_id_number(datetime.date(1930, 1, 1)),
        name=marked(community, "老人"),
        community=community,
    )
    resident.save()
    return resident


# Rows shown only in a list and its export (no page of their own), for tests that need every
# list to have a row, like the formula-injection test of the exports.
LIST_ONLY = {
    "employment.labortransfer": _labor_transfer_in,
    "employment.pensioncontribution": _pension_contribution_in,
    "welfare.disability_proposal": _severely_disabled_in,
    "welfare.elderly_allowance": _elderly_in,
}


# Means test, home visits and 调标 (issue 16, part B) ---------------------------------------------


class MemberIncomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "welfare.MemberIncome"

    resident = factory.LazyAttribute(lambda o: household_with_members(CommunityFactory(), 2).head)
    kind = "wages"
    amount = Decimal("1200")
    period = "monthly"
    note = "超市收银员"


class MemberAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "welfare.MemberAsset"

    resident = factory.LazyAttribute(lambda o: household_with_members(CommunityFactory(), 2).head)
    kind = "deposit"
    value = Decimal("3000")
    note = "农村信用社活期"


class HomeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "welfare.HomeVisit"

    enrollment = factory.SubFactory(EnrollmentFactory)
    visited_on = datetime.date(2026, 3, 5)
    visitors = "王芳、阿依古丽"
    findings = "家中无大件家电，户主因病无劳动能力。"


class HomeVisitPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "welfare.HomeVisitPhoto"

    visit = factory.SubFactory(HomeVisitFactory)
    caption = "住房内景"
    file = factory.django.FileField(filename="visit.png", data=b"\x89PNG\r\n\x1a\n photo")


def _amount_change_in(community):
    from welfare.models import AmountChangeProposal

    return AmountChangeProposal.objects.create(
        enrollment=_enrollment_in(community),
        old_amount=Decimal("960"),
        new_amount=Decimal("800"),
        old_income_per_capita=Decimal("200"),
        new_income_per_capita=Decimal("280"),
        persons=2,
        reason=marked(community, "收入增加"),
    )


IN_COMMUNITY.update(
    {
        "welfare.memberincome": lambda community: MemberIncomeFactory(
            resident=_resident_in(community), note=marked(community, "收入")
        ),
        "welfare.memberasset": lambda community: MemberAssetFactory(
            resident=_resident_in(community), note=marked(community, "存款")
        ),
        "welfare.homevisit": lambda community: HomeVisitFactory(
            enrollment=_enrollment_in(community), findings=marked(community, "走访情况")
        ),
        "welfare.homevisitphoto": lambda community: HomeVisitPhotoFactory(
            visit=HomeVisitFactory(enrollment=_enrollment_in(community)),
            caption=marked(community, "照片"),
        ),
        "welfare.amountchangeproposal": _amount_change_in,
    }
)


# 特困供养, housing aid, 临时救助 and the 应急救助基金 (issue 17) ---------------------------


def tekun_enrollment(community=None, **kwargs):
    """An active 特困 enrollment of one person."""
    resident = (
        kwargs.pop("resident", None)
        or household_with_members(community or CommunityFactory(), 1).head
    )
    kwargs.setdefault("persons_covered", 1)
    kwargs.setdefault("monthly_income_per_capita", Decimal("0"))
    return EnrollmentFactory(program=program("tekun"), resident=resident, **kwargs)


def tekun_support(enrollment, **fields):
    from welfare.models import TekunSupport

    fields.setdefault("mode", TekunSupport.Mode.DISPERSED)
    fields.setdefault("care_level", "partial")
    fields.setdefault("caregiver", "马秀兰")
    return TekunSupport.objects.create(enrollment=enrollment, **fields)


def housing_grant(enrollment, **fields):
    from welfare.models import HousingGrant

    fields.setdefault("kind", HousingGrant.Kind.REPAIR)
    fields.setdefault("description", "土坯房屋顶漏雨，需维修加固")
    fields.setdefault("amount", Decimal("5000"))
    fields.setdefault("proposed_on", datetime.date.today())
    return HousingGrant.objects.create(
        enrollment=enrollment,
        community=enrollment.community,
        household=enrollment.household,
        **fields,
    )


def relief_case(resident, **fields):
    from welfare.models import ReliefCase

    fields.setdefault("emergency", ReliefCase.Emergency.ILLNESS)
    fields.setdefault("description", "突发脑梗住院，医疗费用负担重")
    fields.setdefault("amount_proposed", Decimal("2000"))
    fields.setdefault("applied_on", datetime.date.today())
    return ReliefCase.objects.create(
        community=resident.community, household=resident.household, resident=resident, **fields
    )


def fund_income(amount="10000", **fields):
    """Income recorded straight into the fund (its balance raised with it)."""
    from welfare.models import FundIncome, ReliefFund

    fund = ReliefFund.current()
    fields.setdefault("source", FundIncome.Source.COUNTY)
    fields.setdefault("received_on", datetime.date.today())
    fields.setdefault("payer", "布尔津县民政局")
    income = FundIncome.objects.create(fund=fund, amount=Decimal(amount), **fields)
    fund.balance += Decimal(amount)
    fund.save()
    return income


def _paid_relief_case_in(community):
    from welfare.models import ReliefCase

    return relief_case(
        _resident_in(community),
        description=marked(community, "火灾"),
        status=ReliefCase.Status.PAID,
        amount_approved=Decimal("1500"),
        paid_on=datetime.date.today(),
    )


IN_COMMUNITY.update(
    {
        "welfare.tekunsupport": lambda community: tekun_support(
            tekun_enrollment(resident=_resident_in(community)),
            caregiver=marked(community, "照料人"),
        ),
        "welfare.housinggrant": lambda community: housing_grant(
            tekun_enrollment(resident=_resident_in(community)),
            description=marked(community, "住房"),
        ),
        "welfare.reliefcase": _paid_relief_case_in,
    }
)
LIST_ONLY["welfare.fundincome"] = lambda community: fund_income(note="县拨应急救助资金")
# Events, cadre training and the e-commerce survey (issue 17, items 5–7).
from tests import activity_factories  # noqa: E402

IN_COMMUNITY.update(activity_factories.builders(marked, _resident_in, _town_wide_with_row))
TOWN_WIDE |= activity_factories.TOWN_WIDE
