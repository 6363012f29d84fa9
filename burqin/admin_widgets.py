"""Django admin pieces shared by the apps."""

from pathlib import PurePosixPath

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models

from .files import private_file_url


class _Link:
    """A stored file as the admin's file widget shows it, linked to its serving view."""

    def __init__(self, fieldfile):
        self.url = private_file_url(fieldfile)
        self.name = PurePosixPath(fieldfile.name).name

    def __str__(self) -> str:
        return self.name


class PrivateFileWidget(AdminFileWidget):
    """Django admin's file input, whose "currently" link goes to the serving view, not /media/.

    Use it in every ModelAdmin or inline that edits a FileField::

        formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and getattr(value, "instance", None) is not None:
            context["widget"]["value"] = _Link(value)
        return context


ADMIN_FILE_WIDGETS = {models.FileField: {"widget": PrivateFileWidget}}
