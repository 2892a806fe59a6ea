"""Private storage for dossier evidence: outside MEDIA_ROOT, never served by the web server;
files go out only through the permission-checked download view."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    location = getattr(settings, "OCOP_PRIVATE_ROOT", settings.DATA_DIR / "private")
    return FileSystemStorage(location=location, base_url=None)
