"""Checks on uploaded receipts and visit photos: size, type, and that the content is what the
name says (a renamed executable is refused whatever its extension)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _image_format(upload: UploadedFile) -> str | None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        fmt = None
    upload.seek(0)
    return fmt if fmt in IMAGE_FORMATS else None


def _is_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def check_size(upload: UploadedFile) -> None:
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 5 MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )


def check_receipt(upload: UploadedFile) -> str:
    """The file extension to store a receipt under; ValidationError if it is not a PDF or image."""
    check_size(upload)
    if _is_pdf(upload):
        return "pdf"
    fmt = _image_format(upload)
    if fmt:
        return IMAGE_FORMATS[fmt]
    raise ValidationError(_("A receipt must be a PDF file or a photo (JPEG, PNG or WebP)."))


def check_photo(upload: UploadedFile) -> str:
    check_size(upload)
    fmt = _image_format(upload)
    if not fmt:
        raise ValidationError(_("A photo must be a JPEG, PNG or WebP image."))
    return IMAGE_FORMATS[fmt]
