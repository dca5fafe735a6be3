"""Serving uploaded files only to those allowed to see the record they belong to (photos of homes and
neighbours are personal data: they are never public /media/ URLs)."""

import mimetypes

from django.http import FileResponse, Http404


def private_file(field_file) -> FileResponse:
    """The file of a FileField, for a viewer already checked by the caller; 404 if it is gone."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
