"""The community services' models, moved from the communities app with their tables: this
migration only tells the migration state that they live here now (``sqlmigrate`` prints no SQL);
``communities.0008`` takes them out of that app's state."""

import community_services.models
import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("communities", "0007_audit_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (the models name them): state only.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ServiceCategory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=30, unique=True, verbose_name="name")),
                        (
                            "is_consultation",
                            models.BooleanField(
                                default=False,
                                help_text="Records of this category are counted as consultations in reports.",
                                verbose_name="counts as consultation",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "service category",
                        "verbose_name_plural": "service categories",
                        "db_table": "communities_servicecategory",
                        "ordering": ["order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="ClassSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        (
                            "topic",
                            models.CharField(blank=True, max_length=100, verbose_name="topic"),
                        ),
                        (
                            "attendees",
                            models.ManyToManyField(
                                blank=True,
                                db_table="communities_classsession_attendees",
                                related_name="+",
                                to="communities.resident",
                                verbose_name="attendees",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "class session",
                        "verbose_name_plural": "class sessions",
                        "db_table": "communities_classsession",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalClassSession",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        (
                            "topic",
                            models.CharField(blank=True, max_length=100, verbose_name="topic"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical class session",
                        "verbose_name_plural": "historical class sessions",
                        "db_table": "communities_historicalclasssession",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalClassSession_attendees",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "classsession",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.classsession",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="community_services.historicalclasssession",
                            ),
                        ),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.resident",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalClassSession_attendees",
                        "db_table": "communities_historicalclasssession_attendees",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalInterestClass",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        (
                            "organiser",
                            models.CharField(blank=True, max_length=50, verbose_name="organiser"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical interest class",
                        "verbose_name_plural": "historical interest classes",
                        "db_table": "communities_historicalinterestclass",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPairing",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("cadre_name", models.CharField(max_length=50, verbose_name="cadre")),
                        ("started_on", models.DateField(verbose_name="paired since")),
                        (
                            "ended_on",
                            models.DateField(blank=True, null=True, verbose_name="ended on"),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "cadre",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="cadre (account)",
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.household",
                                verbose_name="household",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical pairing",
                        "verbose_name_plural": "historical pairings",
                        "db_table": "communities_historicalpairing",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalProject",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=100, verbose_name="title")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("drainage", "Drainage"),
                                    ("road", "Road hardening"),
                                    ("greening", "Greening"),
                                    ("premises", "Office premises"),
                                    ("other", "Other"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in_progress", "In progress"),
                                    ("completed", "Completed"),
                                    ("suspended", "Suspended"),
                                ],
                                default="planned",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "started_on",
                            models.DateField(blank=True, null=True, verbose_name="started on"),
                        ),
                        (
                            "completed_on",
                            models.DateField(blank=True, null=True, verbose_name="completed on"),
                        ),
                        (
                            "budget",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="budget (yuan)",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical project",
                        "verbose_name_plural": "historical projects",
                        "db_table": "communities_historicalproject",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalServiceCategory",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(db_index=True, max_length=30, verbose_name="name"),
                        ),
                        (
                            "is_consultation",
                            models.BooleanField(
                                default=False,
                                help_text="Records of this category are counted as consultations in reports.",
                                verbose_name="counts as consultation",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical service category",
                        "verbose_name_plural": "historical service categories",
                        "db_table": "communities_historicalservicecategory",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalVolunteerTeam",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        (
                            "leader",
                            models.CharField(blank=True, max_length=50, verbose_name="leader"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical volunteer team",
                        "verbose_name_plural": "historical volunteer teams",
                        "db_table": "communities_historicalvolunteerteam",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="InterestClass",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        (
                            "organiser",
                            models.CharField(blank=True, max_length=50, verbose_name="organiser"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="interest_classes",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True,
                                db_table="communities_interestclass_members",
                                related_name="interest_classes",
                                to="communities.resident",
                                verbose_name="members",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "interest class",
                        "verbose_name_plural": "interest classes",
                        "db_table": "communities_interestclass",
                        "ordering": ["community__order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalInterestClass_members",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="community_services.historicalinterestclass",
                            ),
                        ),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.resident",
                            ),
                        ),
                        (
                            "interestclass",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.interestclass",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalInterestClass_members",
                        "db_table": "communities_historicalinterestclass_members",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="historicalclasssession",
                    name="interest_class",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="community_services.interestclass",
                        verbose_name="class",
                    ),
                ),
                migrations.AddField(
                    model_name="classsession",
                    name="interest_class",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="community_services.interestclass",
                        verbose_name="class",
                    ),
                ),
                migrations.CreateModel(
                    name="Pairing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("cadre_name", models.CharField(max_length=50, verbose_name="cadre")),
                        ("started_on", models.DateField(verbose_name="paired since")),
                        (
                            "ended_on",
                            models.DateField(blank=True, null=True, verbose_name="ended on"),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "cadre",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="pairings",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="cadre (account)",
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="pairings",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="pairings",
                                to="communities.household",
                                verbose_name="household",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pairing",
                        "verbose_name_plural": "pairings",
                        "db_table": "communities_pairing",
                        "ordering": ["community__order", "cadre_name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPairingVisit",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("done", models.TextField(verbose_name="what was done")),
                        ("needs", models.TextField(blank=True, verbose_name="needs found")),
                        ("help_given", models.TextField(blank=True, verbose_name="help given")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "pairing",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.pairing",
                                verbose_name="pairing",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical pairing visit",
                        "verbose_name_plural": "historical pairing visits",
                        "db_table": "communities_historicalpairingvisit",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PairingVisit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("done", models.TextField(verbose_name="what was done")),
                        ("needs", models.TextField(blank=True, verbose_name="needs found")),
                        ("help_given", models.TextField(blank=True, verbose_name="help given")),
                        (
                            "pairing",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="visits",
                                to="community_services.pairing",
                                verbose_name="pairing",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pairing visit",
                        "verbose_name_plural": "pairing visits",
                        "db_table": "communities_pairingvisit",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Project",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=100, verbose_name="title")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("drainage", "Drainage"),
                                    ("road", "Road hardening"),
                                    ("greening", "Greening"),
                                    ("premises", "Office premises"),
                                    ("other", "Other"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in_progress", "In progress"),
                                    ("completed", "Completed"),
                                    ("suspended", "Suspended"),
                                ],
                                default="planned",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "started_on",
                            models.DateField(blank=True, null=True, verbose_name="started on"),
                        ),
                        (
                            "completed_on",
                            models.DateField(blank=True, null=True, verbose_name="completed on"),
                        ),
                        (
                            "budget",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="budget (yuan)",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="projects",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "compounds",
                            models.ManyToManyField(
                                blank=True,
                                db_table="communities_project_compounds",
                                related_name="projects",
                                to="communities.compound",
                                verbose_name="compounds",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "project",
                        "verbose_name_plural": "projects",
                        "db_table": "communities_project",
                        "ordering": ["-started_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalProjectProgress",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("note", models.TextField(verbose_name="progress")),
                        (
                            "photo",
                            models.TextField(blank=True, max_length=100, verbose_name="photo"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.project",
                                verbose_name="project",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical progress note",
                        "verbose_name_plural": "historical progress notes",
                        "db_table": "communities_historicalprojectprogress",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalProject_compounds",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "compound",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.compound",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="community_services.historicalproject",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.project",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalProject_compounds",
                        "db_table": "communities_historicalproject_compounds",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalFunding",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("county", "County government"),
                                    ("town", "Town government"),
                                    ("community", "Residents' committee"),
                                    ("society", "Society (donors)"),
                                ],
                                max_length=10,
                                verbose_name="source",
                            ),
                        ),
                        (
                            "donor",
                            models.CharField(blank=True, max_length=100, verbose_name="donor"),
                        ),
                        (
                            "allocated",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="allocated (yuan)",
                            ),
                        ),
                        (
                            "received",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="received (yuan)",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.project",
                                verbose_name="project",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical funding",
                        "verbose_name_plural": "historical fundings",
                        "db_table": "communities_historicalfunding",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Funding",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("county", "County government"),
                                    ("town", "Town government"),
                                    ("community", "Residents' committee"),
                                    ("society", "Society (donors)"),
                                ],
                                max_length=10,
                                verbose_name="source",
                            ),
                        ),
                        (
                            "donor",
                            models.CharField(blank=True, max_length=100, verbose_name="donor"),
                        ),
                        (
                            "allocated",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="allocated (yuan)",
                            ),
                        ),
                        (
                            "received",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="received (yuan)",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="fundings",
                                to="community_services.project",
                                verbose_name="project",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "funding",
                        "verbose_name_plural": "fundings",
                        "db_table": "communities_funding",
                        "ordering": ["date", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ProjectProgress",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("note", models.TextField(verbose_name="progress")),
                        (
                            "photo",
                            models.FileField(
                                blank=True,
                                upload_to=community_services.models.progress_photo_path,
                                verbose_name="photo",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress",
                                to="community_services.project",
                                verbose_name="project",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "progress note",
                        "verbose_name_plural": "progress notes",
                        "db_table": "communities_projectprogress",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalServiceRecord",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        (
                            "charge",
                            models.CharField(
                                choices=[
                                    ("free", "Free"),
                                    ("low_fee", "Low fee"),
                                    ("paid", "Paid"),
                                ],
                                default="free",
                                max_length=8,
                                verbose_name="charge",
                            ),
                        ),
                        (
                            "fee",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="fee (yuan)",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created at"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.resident",
                                verbose_name="resident served",
                            ),
                        ),
                        (
                            "staff",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff",
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.servicecategory",
                                verbose_name="category",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical service record",
                        "verbose_name_plural": "historical service records",
                        "db_table": "communities_historicalservicerecord",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ServiceRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        (
                            "charge",
                            models.CharField(
                                choices=[
                                    ("free", "Free"),
                                    ("low_fee", "Low fee"),
                                    ("paid", "Paid"),
                                ],
                                default="free",
                                max_length=8,
                                verbose_name="charge",
                            ),
                        ),
                        (
                            "fee",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="fee (yuan)",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="records",
                                to="community_services.servicecategory",
                                verbose_name="category",
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="service_records",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="service_records",
                                to="communities.resident",
                                verbose_name="resident served",
                            ),
                        ),
                        (
                            "staff",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "service record",
                        "verbose_name_plural": "service records",
                        "db_table": "communities_servicerecord",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Volunteer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="name")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="phone"),
                        ),
                        ("post", models.CharField(blank=True, max_length=60, verbose_name="post")),
                        ("duty", models.CharField(blank=True, max_length=200, verbose_name="duty")),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="communities.resident",
                                verbose_name="resident",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "volunteer",
                        "verbose_name_plural": "volunteers",
                        "db_table": "communities_volunteer",
                        "ordering": ["team", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="ActivityParticipation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=1,
                                max_digits=5,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="hours",
                            ),
                        ),
                        (
                            "volunteer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="community_services.volunteer",
                                verbose_name="volunteer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "participation",
                        "verbose_name_plural": "participations",
                        "db_table": "communities_activityparticipation",
                    },
                ),
                migrations.CreateModel(
                    name="VolunteerActivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("title", models.CharField(max_length=100, verbose_name="activity")),
                        (
                            "place",
                            models.CharField(blank=True, max_length=100, verbose_name="place"),
                        ),
                        (
                            "participants",
                            models.ManyToManyField(
                                related_name="activities",
                                through="community_services.ActivityParticipation",
                                to="community_services.volunteer",
                                verbose_name="participants",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "volunteer activity",
                        "verbose_name_plural": "volunteer activities",
                        "db_table": "communities_volunteeractivity",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalActivityParticipation",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=1,
                                max_digits=5,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="hours",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "volunteer",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.volunteer",
                                verbose_name="volunteer",
                            ),
                        ),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.volunteeractivity",
                                verbose_name="activity",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical participation",
                        "verbose_name_plural": "historical participations",
                        "db_table": "communities_historicalactivityparticipation",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="activityparticipation",
                    name="activity",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="community_services.volunteeractivity",
                        verbose_name="activity",
                    ),
                ),
                migrations.CreateModel(
                    name="VolunteerTeam",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=60, verbose_name="name")),
                        (
                            "leader",
                            models.CharField(blank=True, max_length=50, verbose_name="leader"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="volunteer_teams",
                                to="communities.community",
                                verbose_name="community",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "volunteer team",
                        "verbose_name_plural": "volunteer teams",
                        "db_table": "communities_volunteerteam",
                        "ordering": ["community__order", "name"],
                    },
                ),
                migrations.AddField(
                    model_name="volunteeractivity",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activities",
                        to="community_services.volunteerteam",
                        verbose_name="team",
                    ),
                ),
                migrations.AddField(
                    model_name="volunteer",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="volunteers",
                        to="community_services.volunteerteam",
                        verbose_name="team",
                    ),
                ),
                migrations.CreateModel(
                    name="HistoricalVolunteerActivity",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("title", models.CharField(max_length=100, verbose_name="activity")),
                        (
                            "place",
                            models.CharField(blank=True, max_length=100, verbose_name="place"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.volunteerteam",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical volunteer activity",
                        "verbose_name_plural": "historical volunteer activities",
                        "db_table": "communities_historicalvolunteeractivity",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalVolunteer",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="name")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="phone"),
                        ),
                        ("post", models.CharField(blank=True, max_length=60, verbose_name="post")),
                        ("duty", models.CharField(blank=True, max_length=200, verbose_name="duty")),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "resident",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="communities.resident",
                                verbose_name="resident",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community_services.volunteerteam",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical volunteer",
                        "verbose_name_plural": "historical volunteers",
                        "db_table": "communities_historicalvolunteer",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name="pairing",
                    index=models.Index(fields=["community", "ended_on"], name="pairing_comm_open"),
                ),
                migrations.AddIndex(
                    model_name="pairingvisit",
                    index=models.Index(fields=["pairing", "date"], name="visit_pairing_date"),
                ),
                migrations.AddIndex(
                    model_name="project",
                    index=models.Index(fields=["community", "status"], name="project_comm_status"),
                ),
                migrations.AddConstraint(
                    model_name="funding",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("allocated__gte", 0), ("received__gte", 0)),
                        name="funding_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="funding",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("source", "society"), _negated=True),
                            models.Q(("donor", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="funding_society_names_donor",
                    ),
                ),
                migrations.AddIndex(
                    model_name="servicerecord",
                    index=models.Index(fields=["community", "date"], name="service_comm_date"),
                ),
                migrations.AddIndex(
                    model_name="servicerecord",
                    index=models.Index(
                        fields=["community", "category", "date"], name="service_comm_cat"
                    ),
                ),
                migrations.AddIndex(
                    model_name="servicerecord",
                    index=models.Index(
                        fields=["community", "charge", "date"], name="service_comm_charge"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="servicerecord",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("charge", "free"), ("fee", 0)),
                            models.Q(models.Q(("charge", "free"), _negated=True), ("fee__gt", 0)),
                            _connector="OR",
                        ),
                        name="service_fee_matches_charge",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="activityparticipation",
                    constraint=models.UniqueConstraint(
                        fields=("activity", "volunteer"), name="participation_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="activityparticipation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("hours__gte", 0)), name="participation_hours"
                    ),
                ),
                migrations.AddIndex(
                    model_name="volunteeractivity",
                    index=models.Index(fields=["team", "date"], name="activity_team_date"),
                ),
            ],
        ),
    ]
