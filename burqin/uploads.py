"""Checking an uploaded file before it is stored: its type by name and by content, its size."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# suffix → how the file's content must begin
PDF = {".pdf": b"%PDF"}
PHOTOS = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}


def check_upload(upload, *, allowed: dict[str, bytes], limit: int, wrong_type: str) -> None:
    """Raise ``ValidationError`` (Chinese) unless the file is of an allowed type and small enough.

    The first bytes are compared with the type the name claims, so a renamed file is refused.
    """
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in allowed:
        raise ValidationError(wrong_type)
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; at most %(limit).1f MB.")
            % {"size": upload.size / 1048576, "limit": limit / 1048576}
        )
    head = upload.read(len(allowed[suffix]))
    upload.seek(0)
    if not head.startswith(allowed[suffix]):
        raise ValidationError(
            _("The file's content is not a %(type)s file.") % {"type": suffix[1:].upper()}
        )
