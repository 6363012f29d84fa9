"""Words of the libraries the admin shows that their own catalogues leave in English (or translate
into a word that reads wrong here), listed so that ``makemessages`` brings them into the project's
zh_Hans catalogue, which Django consults before any library's (LOCALE_PATHS come first).

Nothing imports this module; it exists to be read by ``makemessages``.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext

STRINGS = [
    # Django admin 5.x: the app list's column captions (not in Django's zh_Hans yet).
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    # Django's user form: password-based authentication, 启用 / 停用 (the project's own
    # "Disabled" — a person with a disability — carries a context, so these stay apart).
    _("Enabled"),
    _("Disabled"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    # django-axes (login lockout): models and fields.
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("Form Data"),
    _("Meta Data"),
    _("Locked Out"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
    _("Axes"),
    # django-celery-beat (the periodic tasks' admin, burqin/admin.py): strings its zh_Hans
    # catalogue misses, or translates leaving English words (True, None, JSON, AMQP…) in.
    _("Periodic Tasks Using This Schedule"),
    # "Run selected tasks": the library's own translation keeps the English plural endings it
    # formats in ("{0} 任务s 将 启动成功"); the project's drops them ({1} and {2} go unused).
    # xgettext:no-python-brace-format
    _("{0} task{1} {2} successfully run"),
    _("was,were"),
    _("Schedule"),
    _("Arguments"),
    _("Execution Options"),
    _("Only one can be set, in expires and expire_seconds"),
    _("Unable to parse JSON: %s"),
    _('Cron Minutes to Run. Use "*" for "all". (Example: "0,30")'),
    _('Cron Hours to Run. Use "*" for "all". (Example: "8,20")'),
    _('Cron Days Of The Month to Run. Use "*" for "all". (Example: "1,15")'),
    _('Cron Months (1-12) Of The Year to Run. Use "*" for "all". (Example: "1,12")'),
    _(
        'Cron Days Of The Week to Run. Use "*" for "all", Sunday is 0 or 7, Monday is 1. '
        '(Example: "0,5")'
    ),
    _("Timezone to Run the Cron Schedule on. Default is UTC."),
    _('The Name of the Celery Task that Should be Run.  (Example: "proj.tasks.import_contacts")'),
    _('JSON encoded positional arguments (Example: ["arg1", "arg2"])'),
    _('JSON encoded keyword arguments (Example: {"argument": "value"})'),
    _("Queue defined in CELERY_TASK_QUEUES. Leave None for default queuing."),
    _("Override Exchange for low-level AMQP routing"),
    _("Override Routing Key for low-level AMQP routing"),
    _("AMQP Message Headers"),
    _("JSON encoded message headers for the AMQP message."),
    _(
        "Priority Number between 0 and 255. Supported by: RabbitMQ, Redis (priority reversed, 0 "
        "is highest)."
    ),
    _("If True, the schedule will only run the task a single time"),
    _("Set to False to disable the schedule"),
    _(
        "Datetime that the schedule last triggered the task to run. Reset to None if enabled is "
        "set to False."
    ),
]


def _plurals():
    """Never called: the plural messages of django-celery-beat's task actions, for
    ``makemessages`` (there is no ``ngettext_noop``)."""
    ngettext("{0} task was successfully enabled", "{0} tasks were successfully enabled", 1)
    ngettext("{0} task was successfully disabled", "{0} tasks were successfully disabled", 1)
    ngettext("{0} task was successfully toggled", "{0} tasks were successfully toggled", 1)
