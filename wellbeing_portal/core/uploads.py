"""Checks for uploaded files: size, an allowed extension, and content that matches it.

Used by every upload in the portal (charter evidence, shared resources). A file whose
bytes do not match its extension (an executable renamed .pdf) is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

_ZIP = b"PK\x03\x04"
# extension: (content type, a check of the first bytes, or None for text)
ALLOWED: dict[str, tuple[str, bytes | None]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}
_OFFICE_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def check_upload(file: IO[bytes], name: str) -> CheckedUpload:
    """Validate an upload; raise ValidationError with a sentence a person can act on."""
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    if size == 0:
        raise ValidationError("The file is empty.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        allowed = ", ".join(sorted(ALLOWED))
        raise ValidationError(f"The file must be one of these types: {allowed}.")
    content_type, magic = ALLOWED[extension]
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(f"The file is not a real .{extension} file.")
    if magic is None and b"\x00" in head:
        raise ValidationError(f"The file is not a real .{extension} file.")
    if extension in _OFFICE_PART:
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise ValidationError(f"The file is not a real .{extension} file.") from None
        finally:
            file.seek(0)
        if not any(n.startswith(_OFFICE_PART[extension]) for n in names):
            raise ValidationError(f"The file is not a real .{extension} file.")
    return CheckedUpload(name=name[-200:], content_type=content_type, size=size)


class HasCheckedFile(Protocol):
    file: Any
    file_name: str
    file_type: str
    file_size: int | None

    def full_clean(self) -> None: ...


def attach_upload(instance: HasCheckedFile, file: IO[bytes], name: str) -> None:
    """Check an upload and store it on the instance's `file` through the storage API."""
    checked = check_upload(file, name)
    instance.file_name, instance.file_type = checked.name, checked.content_type
    instance.file_size = checked.size
    instance.file.save(checked.name, File(file), save=False)


def full_clean_keeping_no_orphan(instance: HasCheckedFile) -> None:
    """Validate the instance; if it is refused, remove the file already stored for it."""
    try:
        instance.full_clean()
    except ValidationError:
        if instance.file:
            instance.file.delete(save=False)
        raise
