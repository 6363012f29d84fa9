"""Words of the libraries the admin shows that their own catalogues leave in English (or translate
into a word that reads wrong here), listed so that ``makemessages`` brings them into the project's
zh_Hans catalogue, which Django consults before any library's (LOCALE_PATHS come first).

Nothing imports this module; it exists to be read by ``makemessages``.
"""

from django.utils.translation import gettext_noop as _

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
]
