"""Attached files of documents: allowed formats, checked by extension and content."""
import os
import zipfile

from portal_core.blobs import BlobFile, UploadError
from portal_core.i18n import _

DEFAULT_MAX_MB = 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
#: extension → (Content-Type, check of the file's content)
FORMATS = {
    ".pdf": ("application/pdf", "pdf"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odt"),
}
ALLOWED = "PDF, DOC, DOCX, XLS, XLSX, ODT"


def max_upload_bytes(registry):
    """``portal.documents.max_upload_mb`` (default 20) in bytes; bad values → default."""
    raw = (registry.settings or {}).get("portal.documents.max_upload_mb", DEFAULT_MAX_MB)
    try:
        mb = float(raw)
    except (TypeError, ValueError):
        mb = DEFAULT_MAX_MB
    return int((mb if mb > 0 else DEFAULT_MAX_MB) * 1048576)


def _content_matches(stored, check):
    with stored.open() as f:
        head = f.read(8)
        if check == "pdf":
            return head.startswith(b"%PDF-")
        if check == "ole":
            return head == OLE
        if not head.startswith(ZIP):
            return False
        f.seek(0)
        try:
            with zipfile.ZipFile(f) as archive:
                names = archive.namelist()
                if check == "odt":
                    return ("mimetype" in names and archive.read("mimetype").strip()
                            == b"application/vnd.oasis.opendocument.text")
                return "[Content_Types].xml" in names and any(
                    n.startswith(check) for n in names)
        except (zipfile.BadZipFile, OSError, KeyError):
            return False


def stored_attachment(stream, filename, max_size):
    """A ``BlobFile`` of an allowed document file; ``UploadError`` (Vietnamese message)
    for another extension, a content that does not match it, an empty or oversize file."""
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in FORMATS:
        raise UploadError(_("Chỉ nhận tệp ${formats}.", mapping={"formats": ALLOWED}))
    mimetype, check = FORMATS[ext]
    stored = BlobFile(stream, filename, mimetype=mimetype, max_size=max_size)
    if not stored.size:
        raise UploadError(_("Tệp rỗng."))
    if not _content_matches(stored, check):
        raise UploadError(_("Nội dung tệp không đúng định dạng ${ext}.",
                            mapping={"ext": ext[1:].upper()}))
    return stored
