"""The town's own 2016 half-year paragraphs, word for word, from payments and records whose
totals are the town's figures — whatever the spread of those totals over residents and months.

The town wrote (issue 15):
今年上半年，全镇为2 754户发放低保金181.88万元，…，为11户残疾人赠送无障碍康复器材。
镇社区服务中心开展低偿服务51次，无偿服务111次，办理便民服务咨询120多次。
配合县住建部门对城镇幸福小区、老毛纺厂家属院、友谊峰小区等10个小区排水管网进行改造。
"""

import datetime
import json
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities.models import Community, Compound, Household, Resident
from community_services.models import Project, ServiceCategory, ServiceRecord
from employment.models import (
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
)
from tests.factories import CommunityFactory, next_id_number, valid_credit_code
from welfare.models import Disbursement, DisbursementBatch, Program

TOWN_WELFARE = (
    "今年上半年，全镇为2 754户发放低保金181.88万元，为11 414人次发放提标资金17.12万元，"
    "为737户发放燃煤补贴22.11万元，为4 243人发放四类人员补贴4.24万元，"
    "为11名孤儿发放生活补助及补贴共2.24万元。"
    "发放农村低保资金2.23万元，发放提标资金5 460元，发放燃煤补贴1.05万元，发放四类人员补贴3 000元。"
    "发放燃煤83吨，发放面粉900袋。"
    "为130名贫困残疾人发放机动轮椅车燃油补贴资金33 800元。"
    "为3个社区(村)配备残疾人康复器材，为11户残疾人赠送无障碍康复器材。"
    "镇社区服务中心开展低偿服务51次，无偿服务111次，办理便民服务咨询120多次。"
    "配合县住建部门对城镇幸福小区、老毛纺厂家属院、友谊峰小区等10个小区排水管网进行改造。"
)
COMPOUNDS = ["城镇幸福小区", "老毛纺厂家属院", "友谊峰小区"] + [f"第{n}小区" for n in range(4, 11)]
# The town's employment paragraph, its “…” being sentences about what this test does not load.
TOWN_EMPLOYMENT_FRAGMENTS = [
    "开办工艺编结、驾驶员等级资格、西式面点、创业等各类培训班6期、256人",
    "举办6场企业用工招聘会，吸引153家中小微企业参与招聘会，为521人提供就业信息，"
    "成功解决就业岗位112人",
    "切克台村332名农村富余劳动力全部转移就业",
    "收取城乡居民养老保险104人、6.09万元，续保率百分之百。",
]
TOWN_EMPLOYMENT = (
    "今年上半年，全镇开办工艺编结、驾驶员等级资格、西式面点、创业等各类培训班6期、256人。"
    "举办6场企业用工招聘会，吸引153家中小微企业参与招聘会，为521人提供就业信息，"
    "成功解决就业岗位112人。"
    "切克台村332名农村富余劳动力全部转移就业。"
    "收取城乡居民养老保险104人、6.09万元，续保率百分之百。"
)

MONTHS = [datetime.date(2016, m, 1) for m in range(1, 7)]
URBAN_CODES = ["ehe", "meilifeng", "shenhu", "baishanbu", "youyifeng", "jinhe"]


def sentences(text: str) -> list[str]:
    return [s for s in text.split("。") if s]


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` as ``parts`` whole numbers of at least 1, spread at random."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@pytest.fixture
def town(db):
    """Seven communities and a pool of households, each of one resident (its head)."""
    urban = [
        CommunityFactory(code=code, name=name)
        for code, name in zip(
            URBAN_CODES,
            ["额河社区", "美丽峰社区", "神湖社区", "白山布社区", "友谊峰社区", "津河社区"],
            strict=True,
        )
    ]
    village = CommunityFactory(code="qieketai", name="切克台村", kind=Community.Kind.RURAL)
    return {"urban": _heads(urban, 900), "rural": _heads([village], 400), "village": village}


def _heads(communities, count) -> list[Resident]:
    households = Household.objects.bulk_create(
        [
            Household(community=communities[i % len(communities)], address=f"友谊路{i}号")
            for i in range(count)
        ]
    )
    residents = []
    for household in households:
        id_number = next_id_number()
        residents.append(
            Resident(
                id_number=id_number,
                name="王芳",
                name_pinyin="wangfang",
                name_initials="wf",
                sex="F",
                birth_date=datetime.date(int(id_number[6:10]), int(id_number[10:12]), 1),
                community=household.community,
                household=household,
            )
        )
    residents = Resident.objects.bulk_create(residents)
    for household, head in zip(households, residents, strict=True):
        household.head = head
    Household.objects.bulk_update(households, ["head"])
    return residents


class Payments:
    """Disbursements spread at random over residents and months, with exact totals."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: list[Disbursement] = []
        self.batches = {}

    def _batch(self, program, month):
        key = (program.pk, month)
        if key not in self.batches:
            self.batches[key], _ = DisbursementBatch.objects.get_or_create(
                program=program, period=month
            )
        return self.batches[key]

    def _add(self, program, person, month, amount, persons=1, quantity=None, to_community=None):
        self.rows.append(
            Disbursement(
                batch=self._batch(program, month),
                program=program,
                period=month,
                community=to_community or person.community,
                household_id=None if to_community else person.household_id,
                resident=None if to_community else person,
                amount=amount,
                persons=persons,
                quantity=quantity,
                source=Disbursement.Source.IMPORTED,
            )
        )

    def slots(self, pool, count):
        """``count`` distinct (person, month) pairs: one payment per person and month."""
        return self.rng.sample([(p, m) for p in pool for m in MONTHS], count)

    def cents(self, total_yuan: str, parts: int) -> list[Decimal]:
        return [Decimal(c) / 100 for c in split(int(Decimal(total_yuan) * 100), parts, self.rng)]

    def payments(self, code, pool, count, total, persons_total=None):
        """``count`` payments (household- or person-months) of ``total`` yuan."""
        program = Program.objects.get(code=code)
        persons = split(persons_total, count, self.rng) if persons_total else [1] * count
        for (person, month), amount, n in zip(
            self.slots(pool, count), self.cents(total, count), persons, strict=True
        ):
            self._add(program, person, month, amount, persons=n)

    def people(self, code, pool, count, total):
        """``total`` yuan to ``count`` distinct people, each paid in some months."""
        program = Program.objects.get(code=code)
        pairs = []
        for person in self.rng.sample(pool, count):
            months = self.rng.sample(MONTHS, self.rng.randint(1, 6))
            pairs += [(person, m) for m in months]
        for (person, month), amount in zip(pairs, self.cents(total, len(pairs)), strict=True):
            self._add(program, person, month, amount)

    def goods(self, code, pool, quantity, places=0):
        """``quantity`` of goods to a random number of households."""
        program = Program.objects.get(code=code)
        scale = 10**places
        count = self.rng.randint(10, 60)
        for (person, month), part in zip(
            self.slots(pool, count), split(quantity * scale, count, self.rng), strict=True
        ):
            self._add(program, person, month, Decimal(0), quantity=Decimal(part) / scale)

    def write(self):
        Disbursement.objects.bulk_create(self.rows, batch_size=500)


def load_town_2016_h1(town, rng: random.Random) -> None:
    urban, rural = town["urban"], town["rural"]
    pay = Payments(rng)
    pay.payments("dibao_urban", urban, 2754, "1818800")
    tibiao_rows = rng.randint(2000, 3000)
    pay.payments("tibiao_urban", urban, tibiao_rows, "171210", persons_total=11414)
    pay.payments("coal_urban", urban, 737, "221100")
    pay.payments("four_categories_urban", urban, 4243, "42430")
    pay.people("orphan", urban, 11, "22400")
    pay.payments("dibao_rural", rural, rng.randint(20, 200), "22300")
    pay.payments("tibiao_rural", rural, rng.randint(20, 200), "5460")
    pay.payments("coal_rural", rural, rng.randint(20, 60), "10500")
    pay.payments("four_categories_rural", rural, rng.randint(20, 300), "3000")
    pay.goods("coal_in_kind", urban + rural, 83, places=3)
    pay.goods("flour", urban + rural, 900)
    pay.people("disability_fuel", urban + rural, 130, "33800")
    rehab = Program.objects.get(code="rehab_equipment")
    places = rng.sample(list(Community.objects.all()), 3)
    for community in places:
        pay._add(
            rehab,
            None,
            rng.choice(MONTHS),
            Decimal(0),
            quantity=Decimal(rng.randint(1, 20)),
            to_community=community,
        )
    for person in rng.sample(urban, 11):
        pay._add(rehab, person, rng.choice(MONTHS), Decimal(0), quantity=Decimal(1))
    pay.write()
    load_centre_and_works(town, rng)


def load_centre_and_works(town, rng: random.Random) -> None:
    """The town's service centre: 51 low-fee and 111 free services and 123 consultations given
    to residents of any community; the communities' own stations' services, which the
    paragraph does not tell; the drainage works of ten compounds with the county department."""
    urban = town["urban"]
    service = ServiceCategory.objects.filter(is_consultation=False).first()
    consultation = ServiceCategory.objects.filter(is_consultation=True).first()
    centre = ServiceRecord.Provider.TOWN_CENTRE
    records = []
    for count, charge, category, provider in (
        (51, ServiceRecord.Charge.LOW_FEE, service, centre),
        (111, ServiceRecord.Charge.FREE, service, centre),
        (123, ServiceRecord.Charge.FREE, consultation, centre),
        (rng.randint(5, 40), ServiceRecord.Charge.PAID, service, ServiceRecord.Provider.STATION),
    ):
        for person in rng.choices(urban, k=count):
            records.append(
                ServiceRecord(
                    community=person.community,
                    date=rng.choice(MONTHS).replace(day=rng.randint(1, 28)),
                    category=category,
                    charge=charge,
                    fee=Decimal(5) if charge != ServiceRecord.Charge.FREE else Decimal(0),
                    provider=provider,
                    resident=person,
                )
            )
    ServiceRecord.objects.bulk_create(records)
    communities = list(Community.objects.filter(kind=Community.Kind.URBAN).order_by("pk"))
    cuts = sorted(rng.sample(range(1, len(COMPOUNDS)), 2))
    for number, names in enumerate(
        (COMPOUNDS[: cuts[0]], COMPOUNDS[cuts[0] : cuts[1]], COMPOUNDS[cuts[1] :]), start=1
    ):
        community = rng.choice(communities)
        project = Project.objects.create(
            community=community,
            title=f"老旧小区排水管网改造{number}期",
            kind=Project.Kind.DRAINAGE,
            lead_agency="县住建部门",
            status=Project.Status.IN_PROGRESS,
            started_on=datetime.date(2016, number, 10),
        )
        project.compounds.set(
            [Compound.objects.create(community=community, name=name) for name in names]
        )


def load_employment_2016_h1(town, rng: random.Random) -> None:
    urban, rural, village = town["urban"], town["rural"], town["village"]
    subjects = ["工艺编结", "驾驶员等级资格", "西式面点", "创业", "工艺编结", "创业"]
    classes = TrainingClass.objects.bulk_create(
        [
            TrainingClass(
                subject=subject,
                start_date=datetime.date(2016, 1 + i, 5),
                end_date=datetime.date(2016, 1 + i, 20),
            )
            for i, subject in enumerate(subjects)
        ]
    )
    trainees = rng.sample(urban, 256)
    rows = {(classes[i % 6].pk, p.pk) for i, p in enumerate(trainees)}  # each class has some
    for person in trainees:
        rows.add((rng.choice(classes).pk, person.pk))
    Trainee.objects.bulk_create([Trainee(training_id=c, resident_id=r) for c, r in rows])

    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"布尔津县第{n}商贸有限公司", credit_code=valid_credit_code(n), industry="餐饮"
            )
            for n in range(153)
        ]
    )
    fairs = [
        JobFair.objects.create(
            date=datetime.date(2016, 1 + i, 15), place="布尔津镇人力资源市场", organiser="布尔津镇"
        )
        for i in range(6)
    ]
    for i, enterprise in enumerate(enterprises):
        for fair in {fairs[i % 6], *rng.sample(fairs, rng.randint(0, 3))}:
            fair.enterprises.add(enterprise)
    seekers = JobSeeker.objects.bulk_create(
        [
            JobSeeker(resident=p, community=p.community, registered_on=datetime.date(2016, 1, 4))
            for p in rng.sample(urban, 600)
        ]
    )
    informed, uninformed = seekers[:521], seekers[521:]
    attendances = []
    for seeker in informed:
        for fair in rng.sample(fairs, rng.randint(1, 3)):
            attendances.append(FairAttendance(fair=fair, seeker=seeker, info_given=True))
    for seeker in uninformed:
        attendances.append(FairAttendance(fair=rng.choice(fairs), seeker=seeker, info_given=False))
    FairAttendance.objects.bulk_create(attendances)
    Placement.objects.bulk_create(
        [
            Placement(
                seeker=seeker,
                enterprise=rng.choice(enterprises),
                start_date=datetime.date(2016, rng.randint(1, 6), 1),
                wage=Decimal(3000),
                follow_up_due=datetime.date(2016, 9, 1),
            )
            for seeker in rng.sample(seekers, 112)
        ]
    )
    workers = rng.sample(rural, 332)
    LaborTransfer.objects.bulk_create(
        [
            LaborTransfer(
                resident=w,
                community=village,
                destination="乌鲁木齐市",
                sector="建筑",
                from_date=datetime.date(2016, rng.randint(1, 6), 1),
            )
            for w in workers
        ]
    )
    SurplusLabour.objects.create(community=village, year=2016, workers=332)
    contributors = rng.sample(urban + rural, 104)
    amounts = [Decimal(c) for c in split(60900, 104, rng)]
    PensionContribution.objects.bulk_create(
        [
            PensionContribution(
                resident=p,
                community=p.community,
                year=2015,
                grade=500,
                amount=500,
                paid_on=datetime.date(2015, 3, 1),
            )
            for p in contributors
        ]
        + [
            PensionContribution(
                resident=p,
                community=p.community,
                year=2016,
                grade=500,
                amount=amount,
                paid_on=datetime.date(2016, rng.randint(1, 6), rng.randint(1, 28)),
            )
            for p, amount in zip(contributors, amounts, strict=True)
        ]
    )


def build_json(capsys, *args) -> dict:
    call_command("build_report", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_the_welfare_paragraph_is_the_towns_own_sentence_for_sentence(town, capsys):
    load_town_2016_h1(town, random.Random(2016))
    data = build_json(capsys, "2016-H1")
    assert sentences(data["narrative"]["保障民生"]) == sentences(TOWN_WELFARE)
    assert data["narrative"]["保障民生"] == TOWN_WELFARE
    assert data["notes"] == []


@pytest.mark.django_db
def test_the_employment_paragraph_is_the_towns_own(town, capsys):
    load_employment_2016_h1(town, random.Random(2016))
    text = build_json(capsys, "2016-H1")["narrative"]["就业创业"]
    assert text == TOWN_EMPLOYMENT
    positions = [text.index(fragment) for fragment in TOWN_EMPLOYMENT_FRAGMENTS]
    assert positions == sorted(positions)


@pytest.mark.django_db
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_spread_of_the_same_totals_gives_the_same_text(town, capsys, monkeypatch, seed):
    monkeypatch.setattr("reports.outputs.render_pdf", lambda *args, **kwargs: (None, ""))
    rng = random.Random(seed)
    for model in (
        Disbursement,
        DisbursementBatch,
        Trainee,
        TrainingClass,
        FairAttendance.referrals.through,
        FairAttendance,
        Placement,
        JobSeeker,
        JobFair.enterprises.through,
        JobFair,
        Enterprise,
        LaborTransfer,
        SurplusLabour,
        PensionContribution,
        ServiceRecord,
        Project.compounds.through,
        Project,
        Compound,
    ):
        model.objects.all()._raw_delete(model.objects.db)
    load_town_2016_h1(town, rng)
    load_employment_2016_h1(town, rng)
    narrative = build_json(capsys, "2016-H1")["narrative"]
    assert narrative["保障民生"] == TOWN_WELFARE
    assert narrative["就业创业"] == TOWN_EMPLOYMENT


@pytest.mark.django_db
def test_each_figure_carries_its_counting_rule_in_the_json(town, capsys):
    load_town_2016_h1(town, random.Random(7))
    rows = {r["program"]: r for r in build_json(capsys, "2016-H1")["welfare"]}
    assert (rows["dibao_urban"]["counting_rule"], rows["dibao_urban"]["count"]) == (
        "household_payments",
        2754,
    )
    assert rows["tibiao_urban"]["count"] == 11414
    assert rows["four_categories_urban"]["count_word"] == "人"
    assert rows["orphan"]["counting_rule"] == "persons" and rows["orphan"]["counting_rule_label"]
    assert (rows["rehab_equipment"]["to_communities"], rows["rehab_equipment"]["count"]) == (3, 11)


@pytest.mark.django_db
def test_a_month_tells_only_its_own_pension_contributions(town, capsys):
    person, other = town["urban"][:2]
    for who, day in ((person, datetime.date(2016, 3, 9)), (other, datetime.date(2016, 5, 2))):
        PensionContribution.objects.create(
            resident=who, community=who.community, year=2016, grade=300, amount=300, paid_on=day
        )
    pension = build_json(capsys, "2016-03")["employment"]["pension"]
    assert (pension["contributors"], Decimal(pension["amount"])) == (1, 300)


@pytest.mark.django_db
def test_a_village_report_tells_attendance_not_the_towns_fairs(town, capsys):
    load_employment_2016_h1(town, random.Random(3))
    seeker = JobSeeker.objects.create(
        resident=town["rural"][0],
        community=town["village"],
        registered_on=datetime.date(2016, 1, 4),
    )
    FairAttendance.objects.create(fair=JobFair.objects.first(), seeker=seeker)
    data = build_json(capsys, "2016-H1", "--community", "qieketai")
    employment = data["employment"]
    assert (employment["fairs"], employment["enterprises"], employment["attendees"]) == (0, 0, 1)
    text = data["narrative"]["就业创业"]
    assert "举办" not in text and "组织1人参加全镇1场企业用工招聘会" in text
    assert "切克台村332名农村富余劳动力全部转移就业" in text
