"""django-celery-beat's admin pages in Chinese (docs/i18n.md, "Library pages").

The library's own admin shows tasks by their Python paths, crontabs as ``0 2 1 * *
(m/h/dM/MY/d) Asia/Shanghai``, a "Scheduler" column, a task filter and a crontab label whose words
are not marked for translation, and some 600 time zones by their English city names. The same
pages are registered here again with those parts in words (burqin/schedules.py); the library's
translated strings that its zh_Hans catalogue misses or leaves half English are supplied by the
project's catalogue (burqin/vendor_strings.py).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from .schedules import TIME_ZONES, crontab_expression, crontab_text, task_label

EMPTY = "—"
TASK_NAME = _("name of the periodic task")


class TaskSelectWidget(beat_admin.TaskSelectWidget):
    """The registered tasks by what they do (the value stays the task's name)."""

    def tasks_as_choices(self):
        return tuple(
            (name, task_label(name) if name else "") for name, _n in super().tasks_as_choices()
        )


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    regtask = beat_admin.TaskChoiceField(
        label=_("Task (registered)"), required=False, widget=TaskSelectWidget
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The library's "Name" is the project's word for a person's name (姓名).
        self.fields["name"].label = TASK_NAME


class TaskFilter(admin.SimpleListFilter):
    title = _("task")
    parameter_name = "task"

    def lookups(self, request, model_admin):
        names = PeriodicTask.objects.order_by("task").values_list("task", flat=True).distinct()
        return [(name, task_label(name)) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(task=self.value()) if self.value() else queryset


@admin.display(description=TASK_NAME, ordering="name")
def name_column(obj):
    return obj.name


@admin.display(description=_("task"))
def task_column(obj):
    return task_label(obj.task)


@admin.display(description=_("schedule"))
def schedule_column(obj):
    schedule = obj.interval or obj.crontab or obj.solar or obj.clocked
    return str(schedule) if schedule else EMPTY


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    form = PeriodicTaskForm
    list_display = (
        name_column,
        "enabled",
        schedule_column,
        task_column,
        "start_time",
        "last_run_at",
    )
    list_filter = ["enabled", "one_off", TaskFilter, "start_time", "last_run_at"]

    @admin.display(description=_("schedule in words"))
    def crontab_translation(self, obj):
        return crontab_text(obj.crontab) if obj.crontab else EMPTY


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    fields = (name_column, task_column, "enabled")
    readonly_fields = fields


class ScheduleAdmin(admin.ModelAdmin):
    inlines = [PeriodicTaskInline]


class CrontabForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Cron Timezone"), initial="Asia/Shanghai")

    class Meta:
        model = CrontabSchedule
        fields = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = dict(TIME_ZONES)
        current = str(self.instance.timezone) if self.instance.pk else ""
        if current and current not in choices:
            choices[current] = current  # kept as stored until an administrator picks another
        self.fields["timezone"].choices = list(choices.items())


class CrontabScheduleAdmin(ScheduleAdmin):
    form = CrontabForm
    list_display = ("__str__", "expression")
    fields = (
        "description",
        "minute",
        "hour",
        "day_of_month",
        "month_of_year",
        "day_of_week",
        "timezone",
    )
    readonly_fields = ("description",)

    @admin.display(description=_("schedule in words"))
    def description(self, obj):
        return crontab_text(obj) if obj.pk else EMPTY

    @admin.display(description=_("cron expression (minute hour day month weekday)"))
    def expression(self, obj):
        return crontab_expression(obj)


class ClockedScheduleAdmin(ScheduleAdmin):
    fields = ("clocked_time",)
    list_display = ("clocked_time",)


for model, model_admin in [
    (PeriodicTask, PeriodicTaskAdmin),
    (CrontabSchedule, CrontabScheduleAdmin),
    (ClockedSchedule, ClockedScheduleAdmin),
    (IntervalSchedule, ScheduleAdmin),
    (SolarSchedule, ScheduleAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
