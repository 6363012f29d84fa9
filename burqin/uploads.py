"""Checking an uploaded file before it is stored: its type by name and by content, its size and,
for an image, its pixel count."""

import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# suffix → how the file's content must begin
PDF = {".pdf": b"%PDF"}
PHOTOS = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}

# JPEG start-of-frame markers (the ones carrying the image size): C0–CF but DHT, JPG, DAC.
_SOF_MARKERS = {0xC0 + n for n in range(16)} - {0xC4, 0xC8, 0xCC}
_START_OF_SCAN = 0xDA
_MAX_JPEG_SEGMENTS = 1000


def check_upload(upload, *, allowed: dict[str, bytes], limit: int, wrong_type: str) -> None:
    """Raise ``ValidationError`` (Chinese) unless the file is of an allowed type and small enough.

    The first bytes are compared with the type the name claims, so a renamed file is refused.
    Images are refused beyond ``MAX_UPLOAD_IMAGE_PIXELS`` (read from the header, nothing is
    decoded). Spreadsheets to import have their own guard: ``spreadsheets.check_xlsx_archive``.
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
    if suffix in PHOTOS:
        try:
            check_image_pixels(upload)
        finally:
            upload.seek(0)


def check_image_pixels(upload) -> None:
    """Refuse a PNG or JPEG whose header declares more than ``MAX_UPLOAD_IMAGE_PIXELS`` pixels,
    or whose size cannot be read from the header."""
    upload.seek(0)
    head = upload.read(8)
    size = _png_size(upload) if head.startswith(PHOTOS[".png"]) else _jpeg_size(upload)
    if size is None:
        raise ValidationError(
            _("The image's size cannot be read; save it again as JPG or PNG and retry.")
        )
    width, height = size
    if width * height > settings.MAX_UPLOAD_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels; at most %(limit)d million pixels "
                "may be uploaded."
            )
            % {
                "width": width,
                "height": height,
                "limit": settings.MAX_UPLOAD_IMAGE_PIXELS // 1_000_000,
            }
        )


def _png_size(upload) -> tuple[int, int] | None:
    # After the 8-byte signature: the IHDR chunk (length, "IHDR", width, height, …).
    chunk = upload.read(16)
    if len(chunk) < 16 or chunk[4:8] != b"IHDR":
        return None
    return struct.unpack(">II", chunk[8:16])


def _jpeg_size(upload) -> tuple[int, int] | None:
    # Walk the marker segments (skipping each by its length) to the first start-of-frame.
    upload.seek(2)
    for _segment in range(_MAX_JPEG_SEGMENTS):
        marker = upload.read(2)
        while len(marker) == 2 and marker[0] == 0xFF and marker[1] == 0xFF:  # fill bytes
            marker = marker[1:] + upload.read(1)
        if len(marker) < 2 or marker[0] != 0xFF or marker[1] == _START_OF_SCAN:
            return None
        length_bytes = upload.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if marker[1] in _SOF_MARKERS:
            frame = upload.read(5)  # precision, height, width
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        if length < 2:
            return None
        upload.seek(length - 2, 1)
    return None
