"""The catalogue's counting rules and report phrases, set so that the town's 2016 half-year
paragraph comes out as the town wrote it (issue 15). Programs added later by administrators keep
no counting rule until one is set; the report says so."""

from django.db import migrations

# code: (counting rule, word, phrase, phrase for goods to communities, money style, sentence)
REPORT_CATALOGUE = {
    "dibao_urban": ("household_payments", "户", "为{count}发放低保金{amount}", "", "wan", 1),
    "tibiao_urban": ("person_times", "人次", "为{count}发放提标资金{amount}", "", "wan", 1),
    "coal_urban": ("household_payments", "户", "为{count}发放燃煤补贴{amount}", "", "wan", 1),
    "four_categories_urban": (
        "person_payments", "人", "为{count}发放四类人员补贴{amount}", "", "wan", 1,
    ),
    "orphan": ("persons", "名", "为{count}孤儿发放生活补助及补贴共{amount}", "", "wan", 1),
    "tekun": ("persons", "人", "为{count}特困供养人员发放特困供养金{amount}", "", "wan", 1),
    "disability_living": (
        "persons", "名", "为{count}困难残疾人发放生活补贴{amount}", "", "wan", 1,
    ),
    "disability_care": ("persons", "名", "为{count}重度残疾人发放护理补贴{amount}", "", "wan", 1),
    "elderly_allowance": ("persons", "名", "为{count}高龄老人发放高龄津贴{amount}", "", "wan", 1),
    "dibao_rural": ("household_payments", "户", "发放农村低保资金{amount}", "", "wan", 2),
    "tibiao_rural": ("person_times", "人次", "发放提标资金{amount}", "", "wan", 2),
    "coal_rural": ("household_payments", "户", "发放燃煤补贴{amount}", "", "wan", 2),
    "four_categories_rural": ("person_payments", "人", "发放四类人员补贴{amount}", "", "wan", 2),
    "coal_in_kind": ("households", "户", "发放燃煤{quantity}", "", "wan", 3),
    "flour": ("households", "户", "发放面粉{quantity}", "", "wan", 3),
    "disability_fuel": (
        "persons", "名", "为{count}贫困残疾人发放机动轮椅车燃油补贴资金{amount}", "", "yuan", 4,
    ),
    "rehab_equipment": (
        "households", "户", "为{count}残疾人赠送无障碍康复器材", "为{communities}配备残疾人康复器材",
        "wan", 5,
    ),
    "emergency_aid": ("households", "户", "为{count}发放临时救助金{amount}", "", "wan", 6),
}
FIELDS = ("counting_rule", "count_word", "phrase", "community_phrase", "money_style", "sentence")


def set_report_catalogue(apps, schema_editor):
    Program = apps.get_model("welfare", "Program")
    for code, values in REPORT_CATALOGUE.items():
        Program.objects.filter(code=code, counting_rule="").update(**dict(zip(FIELDS, values)))


class Migration(migrations.Migration):
    dependencies = [("welfare", "0013_counting_rules_and_goods_to_communities")]

    operations = [migrations.RunPython(set_report_catalogue, migrations.RunPython.noop)]
