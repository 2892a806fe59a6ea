"""What an evidence file is, judged from its content (never from its name or the browser's word)."""

import io
import zipfile

MAX_BYTES = 10 * 1024 * 1024
KINDS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def sniff(head: bytes, whole=None) -> str | None:
    """The content type of a file from its first bytes (and, for zip-based Office files, its
    table of contents); None for anything we do not accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(whole).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def sniff_upload(upload) -> str | None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return sniff(data[:16], io.BytesIO(data))
