"""Photos on appeals: at intake (what happened) and with the handler's result (what was done)."""

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from linli.core.exceptions import DomainError

from ..models import Appeal, AppealEvent, AppealPhoto

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def check_photos(photos: Sequence[UploadedFile], *, already: int = 0) -> None:
    """Raise DomainError unless every file is a real image within size, and the count within the limit."""
    if already + len(photos) > settings.LINLI_APPEAL_MAX_PHOTOS:
        raise DomainError(f"最多上传 {settings.LINLI_APPEAL_MAX_PHOTOS} 张照片。", field="photos")
    for photo in photos:
        if photo.size > settings.LINLI_APPEAL_PHOTO_MAX_BYTES:
            raise DomainError(f"照片“{photo.name}”超过 5MB，请压缩后再上传。", field="photos")
        head = photo.read(12)
        photo.seek(0)
        is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if not (is_webp or any(head.startswith(m) for m in _IMAGE_MAGIC)):
            raise DomainError(f"“{photo.name}”不是图片（支持 JPG、PNG、GIF、WEBP）。", field="photos")


def attach(*, appeal: Appeal, event: AppealEvent, photos: Sequence[UploadedFile]) -> None:
    for photo in photos:
        AppealPhoto.objects.create(appeal=appeal, event=event, image=photo)
