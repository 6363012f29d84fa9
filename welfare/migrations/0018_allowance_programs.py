"""The programs of issue 17 items 3–4 in the catalogue: 困难残疾人生活补贴, 重度残疾人护理补贴
(proposed from the registry, reviewed like any application) and 高龄津贴 (paid by age band from a
list computed from birth dates), with their standards and the report's counting rules and
phrases (the same as migration 0014 would have set had the programs existed then)."""

import datetime
from decimal import Decimal

from django.db import migrations

from communities.roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, TOWN_OFFICIAL, grant

# code, name, order, standards (effective from, yuan per month),
# report (counting rule, word, phrase, money style, sentence)
PROGRAMS = [
    ("disability_living", "困难残疾人生活补贴", 20, [("2025-01-01", "100")],
     ("persons", "名", "为{count}困难残疾人发放生活补贴{amount}", "wan", 1)),
    ("disability_care", "重度残疾人护理补贴", 21, [("2025-01-01", "100")],
     ("persons", "名", "为{count}重度残疾人发放护理补贴{amount}", "wan", 1)),
    ("elderly_allowance", "高龄津贴", 22, [],
     ("persons", "名", "为{count}高龄老人发放高龄津贴{amount}", "wan", 1)),
]
DESCRIPTIONS = {
    "disability_living": "持证残疾人，所在家庭享受城乡低保；由户籍登记提名，经审核后按月发放。",
    "disability_care": "残疾等级为一级、二级的持证残疾人；由户籍登记提名，经审核后按月发放。",
    "elderly_allowance": "每月1日已年满80周岁的本镇居民，按年龄段标准发放；名单由出生日期计算，"
    "经民政专干确认后纳入当月批次。",
}
# 高龄津贴 by age band: from age → yuan per month
AGE_BANDS = [("2025-01-01", 80, "100"), ("2025-01-01", 90, "200"), ("2025-01-01", 100, "500")]
READ = ["welfare.view_agebandstandard", "welfare.view_elderlylistconfirmation"]
GRANTS = {
    COMMUNITY_STAFF: READ,
    CIVIL_AFFAIRS: READ + ["welfare.add_elderlylistconfirmation"],
    TOWN_OFFICIAL: READ,
}


def add_programs(apps, schema_editor):
    Program = apps.get_model("welfare", "Program")
    Standard = apps.get_model("welfare", "Standard")
    AgeBandStandard = apps.get_model("welfare", "AgeBandStandard")
    for code, name, order, standards, report in PROGRAMS:
        rule, word, phrase, money_style, sentence = report
        program, _created = Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "cash",
                "unit": "yuan",
                "beneficiary_unit": "person",
                "area": "all",
                "computation": "fixed",
                "order": order,
                "description": DESCRIPTIONS[code],
                "counting_rule": rule,
                "count_word": word,
                "phrase": phrase,
                "money_style": money_style,
                "sentence": sentence,
            },
        )
        for effective, amount in standards:
            Standard.objects.get_or_create(
                program=program,
                effective_from=datetime.date.fromisoformat(effective),
                defaults={"amount": Decimal(amount)},
            )
        if code == "elderly_allowance":
            for effective, min_age, amount in AGE_BANDS:
                AgeBandStandard.objects.get_or_create(
                    program=program,
                    effective_from=datetime.date.fromisoformat(effective),
                    min_age=min_age,
                    defaults={"amount": Decimal(amount)},
                )
    grant(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0017_age_bands_and_elderly_list")]

    operations = [migrations.RunPython(add_programs, migrations.RunPython.noop)]
